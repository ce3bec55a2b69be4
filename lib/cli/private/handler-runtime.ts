// Builds the backend's HandlerContext for a host from the process environment: the host's store,
// the local journal copy, the provider adapter over the one HTTP client.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApplyStep, HandlerContext } from '../../backend';
import { HttpClient, Redactor } from '../../http';
import { STORE_DEFAULTS, type HostSpec, type StoreSpec } from '../../model';
import { openAdapter } from '../../providers';
import { LazySecretStore, openSecretStore, type SecretStore } from '../../secrets';

/** Beside the store, never in it: the copy that survives a failing store (docs/design.md §4). */
const LOCAL_JOURNAL_DIRECTORY = '.oauth-clients/local-journal';

/** PEM file of an extra CA to trust (a provider behind a private CA); verification stays on. */
const CA_FILE_ENV = 'OAUTH_CLIENTS_CA_FILE';

/** Test-only: the crash-safety tests stop the real process with SIGKILL at a named step. */
const CRASH_AT_ENV = 'OAUTH_CLIENTS_TEST_CRASH_AT';

export interface HandlerRuntime {
  readonly redactor: Redactor;
  openStore(spec: StoreSpec): Promise<SecretStore>;
  contextFor(host: HostSpec, store?: SecretStore): Promise<HandlerContext>;
  close(): Promise<void>;
}

export function handlerRuntime(projectRoot: string, env: NodeJS.ProcessEnv, log: (line: string) => void): HandlerRuntime {
  const redactor = new Redactor();
  const caFile = env[CA_FILE_ENV];
  const http = new HttpClient({ redactor, ...(caFile ? { ca: readCaFile(projectRoot, caFile) } : {}), ...(env.OAUTH_CLIENTS_DEBUG ? { log } : {}) });
  const openStore = (spec: StoreSpec) => openSecretStore(spec, { projectRoot, env });
  const crashAt = env[CRASH_AT_ENV];
  // One local journal per key env var, opened only if a first apply reads or writes it.
  const localJournals = new Map<string, SecretStore>();
  const localJournal = (keyEnv: string): SecretStore => {
    let journal = localJournals.get(keyEnv);
    if (!journal) {
      journal = new LazySecretStore(`file store ${LOCAL_JOURNAL_DIRECTORY}`, () => openStore({ kind: 'file', directory: LOCAL_JOURNAL_DIRECTORY, keyEnv }));
      localJournals.set(keyEnv, journal);
    }
    return journal;
  };
  return {
    redactor,
    openStore,
    async contextFor(host, store) {
      const durable = store ?? (await openStore(host.store));
      const keyEnv = host.store.kind === 'file' ? host.store.keyEnv : STORE_DEFAULTS.fileKeyEnv;
      return {
        store: durable,
        localJournal: localJournal(keyEnv),
        adapter: openAdapter(host, http, env, (secret) => redactor.add(secret), projectRoot),
        issuer: host.issuer,
        log,
        now: () => new Date(),
        newAttemptId: randomUUID,
        checkpoint: (step: ApplyStep) => {
          if (step === crashAt) process.kill(process.pid, 'SIGKILL');
        },
      };
    },
    close: () => http.close(),
  };
}

/** Relative to the project root, like every path the user gives (the handler runs in cdktf.out/stacks/<stack>). */
function readCaFile(projectRoot: string, given: string): string {
  const file = path.resolve(projectRoot, given);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${CA_FILE_ENV}=${given}${file === given ? '' : ` (${file})`}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
