// The one contract every secret store meets (encrypted files, PostgreSQL, Vault KV v2, AWS Secrets
// Manager, `pass`). The backend keeps exported secrets and its ledger behind it. (The construct-side
// `SecretStore` in lib/constructs chooses a store in code; this is what the handler talks to.)

/** What a store holds at one key: a JSON object (a client's exported credentials, a ledger record). */
export type StoredValue = { readonly [k: string]: unknown };

/**
 * A key/value store for secrets. Keys are slash-separated paths (see `checkEntryKey`); values are
 * JSON objects. Implementations never put a value or key material in an error or a log line.
 */
export interface SecretStoreBackend {
  /** Human description for messages, never containing key material, e.g. "file store .oauth-clients/store". */
  readonly description: string;
  /** The value at `key`, or undefined when nothing is there. */
  get(key: string): Promise<StoredValue | undefined>;
  /**
   * Create-only: writes when nothing is at `key`; never overwrites. This is how a client's secret
   * is exported on its first apply only, even when several processes race for the same key.
   */
  putIfAbsent(key: string, value: StoredValue): Promise<'created' | 'exists'>;
  /** Create or replace (used for the backend's ledger/journal records). */
  put(key: string, value: StoredValue): Promise<void>;
  /** true when something was deleted, false when nothing was there. */
  delete(key: string): Promise<boolean>;
  /**
   * Keys that start with `prefix` ("a/b/" lists a/b/c and a/b/c/d; "" lists everything), sorted by
   * code unit. A plain string prefix: "a/b" also lists "a/bc".
   */
  list(prefix: string): Promise<string[]>;
  /** Releases connections (a database socket keeps a handler process alive); the store is unusable after. */
  close?(): Promise<void>;
}
