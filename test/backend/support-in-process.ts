// lib/backend driven in the test's own process, against the real development server and real
// file stores: what the handler-process stories show, at a level where StrykerJS sees which test
// covers which line (a child process reports no coverage), and where a store can count its writes.
// A "crash" is a checkpoint that throws: nothing after it runs, as after a SIGKILL there
// (first-apply.ts has no finally block that would still write).
import type { ApplyStep, HandlerContext } from '../../lib/backend';
import { HttpClient, Redactor } from '../../lib/http';
import type { HostSpec } from '../../lib/model';
import { openAdapter, type ProviderAdapter } from '../../lib/providers';
import { openSecretStore, type SecretStoreBackend as SecretStore, type StoredValue } from '../../lib/secrets';
import { LOCAL_JOURNAL_DIRECTORY } from './support-backend';

/** What a store did to one key: writes that changed it (a put, a created putIfAbsent, a delete). */
export interface KeyWrites {
  readonly put: number;
  readonly created: number;
  readonly deleted: number;
}

/**
 * A store that counts, per key, every write that changed something: "exported once" is then a
 * count, not a comparison of values that a rewrite would keep equal. `failPut` injects a failing
 * write for the keys it matches.
 */
export class CountingStore implements SecretStore {
  private readonly writes = new Map<string, { put: number; created: number; deleted: number }>();
  failPut?: (key: string) => boolean;

  constructor(private readonly inner: SecretStore) {}

  get description(): string {
    return this.inner.description;
  }

  writesTo(key: string): KeyWrites {
    return { put: 0, created: 0, deleted: 0, ...this.writes.get(key) };
  }

  /** Every key written so far, sorted. */
  writtenKeys(): string[] {
    return [...this.writes.keys()].sort();
  }

  get(key: string): Promise<StoredValue | undefined> {
    return this.inner.get(key);
  }

  async putIfAbsent(key: string, value: StoredValue): Promise<'created' | 'exists'> {
    const result = await this.inner.putIfAbsent(key, value);
    if (result === 'created') this.count(key, 'created');
    return result;
  }

  async put(key: string, value: StoredValue): Promise<void> {
    if (this.failPut?.(key)) throw new Error('no space left on device (injected)');
    await this.inner.put(key, value);
    this.count(key, 'put');
  }

  async delete(key: string): Promise<boolean> {
    const deleted = await this.inner.delete(key);
    if (deleted) this.count(key, 'deleted');
    return deleted;
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }

  private count(key: string, what: keyof KeyWrites): void {
    const entry = this.writes.get(key) ?? { put: 0, created: 0, deleted: 0 };
    entry[what] += 1;
    this.writes.set(key, entry);
  }
}

/** Thrown by a checkpoint the test chose: the in-process stand-in for the handler's SIGKILL. */
export class SimulatedCrash extends Error {
  constructor(readonly step: ApplyStep) {
    super(`simulated crash at ${step}`);
  }
}

/** One project's stores, kept across the contexts (runs) of a story so their counts add up. */
export interface ProjectStores {
  readonly store: CountingStore;
  readonly localJournal: CountingStore;
}

export async function projectStores(projectRoot: string, host: HostSpec): Promise<ProjectStores> {
  return {
    store: new CountingStore(await openSecretStore(host.store, { projectRoot, env: {} })),
    localJournal: new CountingStore(await openSecretStore({ kind: 'file', directory: LOCAL_JOURNAL_DIRECTORY }, { projectRoot, env: {} })),
  };
}

export interface RunOptions {
  readonly crashAt?: ApplyStep;
  /** The environment the adapter reads the host's credentials from. */
  readonly env: NodeJS.ProcessEnv;
  /** Wraps the real adapter (to count or fail calls). */
  readonly adapter?: (real: ProviderAdapter) => ProviderAdapter;
}

/** A handler run's context, as lib/backend/handler-runtime.ts builds it, with a clock and ids the test can read. */
export interface TestContext extends HandlerContext {
  readonly lines: string[];
}

/** The clock starts here and advances a second per reading, so timestamps are exact in assertions. */
export const CLOCK_START = Date.parse('2026-01-01T00:00:00.000Z');

export function contextFactory(http: HttpClient) {
  let tick = 0;
  let attempt = 0;
  return (host: HostSpec, stores: ProjectStores, options: RunOptions): TestContext => {
    const lines: string[] = [];
    const redactor = new Redactor();
    const real = openAdapter(host, http, options.env, (secret) => redactor.add(secret));
    return {
      store: stores.store,
      // (a file host keeps its ledger in its store: the same object, as handler-runtime.ts builds it)
      ledgerStore: stores.store,
      localJournal: stores.localJournal,
      adapter: options.adapter ? options.adapter(real) : real,
      issuer: host.issuer,
      log: (line) => lines.push(line),
      now: () => new Date(CLOCK_START + 1000 * tick++),
      newAttemptId: () => `attempt-${++attempt}`,
      checkpoint: (step) => {
        if (step === options.crashAt) throw new SimulatedCrash(step);
      },
      lines,
    };
  };
}

/** An HTTP client like the handler's, with short backoffs so refused connections fail fast. */
export const testHttpClient = (): HttpClient => new HttpClient({ redactor: new Redactor(), retry: { baseDelayMs: 5, maxDelayMs: 20 } });

