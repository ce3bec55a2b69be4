// A store in PostgreSQL (the database teams already run for Terraform's `pg` state backend): one
// row per entry, each value a JWE under the store key exactly as the file store writes it, so the
// database and its backups never hold a secret in clear. `pg` is loaded only when this store is used.
import type { Client } from 'pg';
import { checkEntryKey, checkEntryPrefix } from './entry-key';
import { openEntry, sealEntry } from './private/jwe-entry';
import type { SecretStoreBackend, StoredValue } from './secret-store';
import { errnoCode, quoteName, StoreError } from './store-error';
import { STORE_KEY_BYTES } from './store-key';

/** The table layout this code writes; a store with a higher version was written by a newer release. */
export const POSTGRES_SCHEMA_VERSION = 1;

export interface PostgresSecretStoreOptions {
  /** A libpq connection string (never shown in a message). */
  readonly connectionString: string;
  /** `table` or `schema.table`, already validated as lower-case identifiers. */
  readonly table: string;
  /** The 32-byte store key. */
  readonly key: Uint8Array;
  /** How messages name this store; must not contain the connection string. */
  readonly description: string;
  /** @default 10000 */
  readonly connectTimeoutMs?: number;
}

export class PostgresSecretStore implements SecretStoreBackend {
  readonly description: string;
  readonly #key: Uint8Array;
  readonly #connectionString: string;
  private readonly table: string;
  private readonly versionTable: string;
  private readonly schema?: string;
  private readonly connectTimeoutMs: number;
  private client?: Promise<Client>;

  constructor(options: PostgresSecretStoreOptions) {
    if (options.key.length !== STORE_KEY_BYTES) {
      throw new StoreError('OAC_STORE_KEY_MALFORMED', `a postgres store key must be ${STORE_KEY_BYTES} bytes, got ${options.key.length}`);
    }
    this.description = options.description;
    this.#key = new Uint8Array(options.key);
    this.#connectionString = options.connectionString;
    const [schema, table] = options.table.includes('.') ? options.table.split('.') : [undefined, options.table];
    // Identifiers were validated as [a-z0-9_]; quoting keeps reserved words (`user`) usable.
    const qualify = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
    this.schema = schema;
    this.table = qualify(table);
    this.versionTable = qualify(`${table}_schema`);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  async get(key: string): Promise<StoredValue | undefined> {
    checkEntryKey(key, this.description);
    const result = await this.query('read', key, `SELECT value FROM ${this.table} WHERE key = $1`, [key]);
    const row = result.rows[0] as { value: string } | undefined;
    return row === undefined ? undefined : openEntry({ key, store: this.description }, row.value, this.#key);
  }

  async putIfAbsent(key: string, value: StoredValue): Promise<'created' | 'exists'> {
    checkEntryKey(key, this.description);
    const jwe = await sealEntry({ key, store: this.description }, value, this.#key);
    // One statement: the primary key decides between racing writers, never a read-then-write.
    const result = await this.query('create', key, `INSERT INTO ${this.table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, jwe]);
    return result.rowCount === 1 ? 'created' : 'exists';
  }

  async put(key: string, value: StoredValue): Promise<void> {
    checkEntryKey(key, this.description);
    const jwe = await sealEntry({ key, store: this.description }, value, this.#key);
    await this.query(
      'write',
      key,
      `INSERT INTO ${this.table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [key, jwe],
    );
  }

  async delete(key: string): Promise<boolean> {
    checkEntryKey(key, this.description);
    const result = await this.query('delete', key, `DELETE FROM ${this.table} WHERE key = $1`, [key]);
    return result.rowCount === 1;
  }

  async list(prefix: string): Promise<string[]> {
    checkEntryPrefix(prefix, this.description);
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The key column's collation is "C": byte order, which is code-unit order for our ASCII keys.
    const result = await this.query('list', prefix, `SELECT key FROM ${this.table} WHERE key LIKE $1 ESCAPE '\\' ORDER BY key`, [pattern]);
    return (result.rows as { key: string }[]).map((row) => row.key);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client.catch(() => undefined))?.end().catch(() => undefined);
  }

  private async query(action: string, key: string, sql: string, params: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }> {
    let client: Client;
    try {
      client = await this.connection();
    } catch (error) {
      throw this.failure(action, key, error);
    }
    try {
      return await client.query(sql, params);
    } catch (error) {
      throw this.failure(action, key, error);
    }
  }

  private connection(): Promise<Client> {
    if (!this.client) {
      this.client = this.connect();
      // A failed connection is not kept: the next call tries again.
      this.client.catch(() => (this.client = undefined));
    }
    return this.client;
  }

  private async connect(): Promise<Client> {
    const { Client: PgClient } = require('pg') as typeof import('pg');
    const client = new PgClient({ connectionString: this.#connectionString, connectionTimeoutMillis: this.connectTimeoutMs, application_name: 'oauth-clients' });
    // An idle connection the server drops emits 'error'; the next query reports it instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await this.ensureSchema(client);
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  /** Creates the tables on first use, serialised by an advisory lock so racing handlers agree. */
  private async ensureSchema(client: Client): Promise<void> {
    let version = await this.schemaVersion(client);
    if (version === undefined) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`oauth-clients:${this.table}`]);
        if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.table} (key text COLLATE "C" PRIMARY KEY, value text NOT NULL, ` +
            `created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`,
        );
        await client.query(`CREATE TABLE IF NOT EXISTS ${this.versionTable} (version integer NOT NULL)`);
        await client.query(`INSERT INTO ${this.versionTable} (version) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM ${this.versionTable})`, [POSTGRES_SCHEMA_VERSION]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      version = await this.schemaVersion(client);
    }
    if (version !== POSTGRES_SCHEMA_VERSION) {
      throw new StoreError(
        'OAC_STORE_VERSION',
        `${this.description} has table layout version ${String(version)}, this release knows ${POSTGRES_SCHEMA_VERSION}: upgrade oauth-clients-as-code`,
        { store: this.description },
      );
    }
  }

  private async schemaVersion(client: Client): Promise<number | undefined> {
    try {
      const result = await client.query(`SELECT max(version) AS version FROM ${this.versionTable}`);
      const version = (result.rows[0] as { version: number | null } | undefined)?.version;
      return version ?? undefined;
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return undefined; // undefined_table
      throw error;
    }
  }

  private failure(action: string, key: string, error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    // PostgreSQL's messages name tables, roles and SQLSTATEs, never our parameters; values are JWE anyway.
    const sqlState = typeof (error as { severity?: unknown }).severity === 'string' ? errnoCode(error) : undefined;
    const reason = sqlState ? `SQLSTATE ${sqlState}: ${(error as Error).message}` : (errnoCode(error) ?? (error instanceof Error ? error.message : 'error'));
    return new StoreError('OAC_STORE_UNAVAILABLE', `cannot ${action} ${quoteName(key)} in ${this.description}: ${reason}`, {
      key,
      store: this.description,
      cause: error,
    });
  }
}
