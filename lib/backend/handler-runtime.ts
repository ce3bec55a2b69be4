// Builds the backend's HandlerContext for a host from the process environment: the host's store,
// the local journal copy, the provider adapter over the one HTTP client.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApplyStep, HandlerContext } from './handler-context';
import { HttpClient, Redactor } from '../http';
import { ledgerStoreOf, STORE_DEFAULTS, storeIdentity, type HostSpec, type StoreSpec } from '../model';
import { openAdapter } from '../providers';
import { LazySecretStore, openSecretStore, StoreError, type SecretStoreBackend } from '../secrets';

/** Beside the store, never in it: the copy that survives a failing store (docs/design.md §4). */
const LOCAL_JOURNAL_DIRECTORY = '.oauth-clients/local-journal';

/** PEM file of an extra CA to trust (a provider behind a private CA); verification stays on. */
const CA_FILE_ENV = 'OAUTH_CLIENTS_CA_FILE';

/** Test-only: the crash-safety tests stop the real process with SIGKILL at a named step. */
const CRASH_AT_ENV = 'OAUTH_CLIENTS_TEST_CRASH_AT';

export interface HandlerRuntime {
  readonly redactor: Redactor;
  openStore(spec: StoreSpec): Promise<SecretStoreBackend>;
  /** `ledgerStore`: the host's ledger store when the caller has it open already (prune). */
  contextFor(host: HostSpec, ledgerStore?: SecretStoreBackend): Promise<HandlerContext>;
  close(): Promise<void>;
}

export function handlerRuntime(projectRoot: string, env: NodeJS.ProcessEnv, log: (line: string) => void): HandlerRuntime {
  const redactor = new Redactor();
  const caFile = env[CA_FILE_ENV];
  const http = new HttpClient({ redactor, ...(caFile ? { ca: readCaFile(projectRoot, caFile) } : {}), ...(env.OAUTH_CLIENTS_DEBUG ? { log } : {}) });
  // One instance per store for the process: the export and ledger stores may be one, and every
  // store opened (a database connection) is closed at the end.
  const opened = new Map<string, Promise<SecretStoreBackend>>();
  const openStore = (spec: StoreSpec): Promise<SecretStoreBackend> => {
    const id = storeIdentity(spec);
    let store = opened.get(id);
    if (!store) {
      store = openSecretStore(spec, { projectRoot, env, http, redactor });
      opened.set(id, store);
    }
    return store;
  };
  const crashAt = env[CRASH_AT_ENV];
  // One local journal per key env var, opened only if a first apply reads or writes it.
  const localJournals = new Map<string, SecretStoreBackend>();
  const localJournal = (keyEnv: string): SecretStoreBackend => {
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
    async contextFor(host, ledgerStore) {
      refuseFileStoreInPipeline(host, env);
      const exportStore = await openStore(host.store);
      const ledger = ledgerStore ?? (await openStore(ledgerStoreOf(host)));
      const keyEnv = host.store.kind === 'file' || host.store.kind === 'postgres' ? host.store.keyEnv : STORE_DEFAULTS.fileKeyEnv;
      return {
        store: exportStore,
        ledgerStore: ledger,
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
    async close() {
      // A store that failed to open has nothing to close; closing never hides the run's own outcome.
      await Promise.allSettled([...opened.values()].map(async (store) => (await store).close?.()));
      await http.close();
    },
  };
}

/**
 * A pipeline runner's disk is thrown away after the job, and with it a file store's ledger: the
 * next runner could no longer update or delete the clients. So a production host refuses the file
 * store when `CI` is set (GitHub Actions, GitLab CI, Jenkins' and most runners set it) unless the
 * store says `allowInPipeline` (README "In a release pipeline").
 */
function refuseFileStoreInPipeline(host: HostSpec, env: NodeJS.ProcessEnv): void {
  if (host.environment !== 'production' || !env.CI || env.CI === 'false' || env.CI === '0') return;
  for (const [field, store] of [['ledgerStore', ledgerStoreOf(host)], ['store', host.store]] as const) {
    if (store.kind === 'file' && !store.allowInPipeline) {
      throw new StoreError(
        'OAC_STORE_CONFIG',
        `host ${host.name} is a production host and its ${field} is the file store '${store.directory}', which this pipeline runner (CI=${env.CI}) throws away with the ledger: ` +
          `choose a durable store (SecretStore.postgres / vault / awsSecretsManager / pass) for the host's ledgerStore and store, or SecretStore.file({ allowInPipeline: true }) if the directory is kept between runs`,
        { store: `file store ${store.directory}` },
      );
    }
  }
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
