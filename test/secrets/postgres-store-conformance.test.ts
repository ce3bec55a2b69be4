// The store conformance suite (fixtures/store-conformance.ts) on a real PostgreSQL 15, plus what is
// particular to the postgres store: values are JWE in the table, the schema is created once (also
// by racing first uses) and versioned, and a table written by a newer layout is refused.
import { randomBytes } from 'node:crypto';
import { openSecretStore, StoreError } from '../../lib/secrets';
import { startPostgres, type Postgres } from '../support/e2e-postgres';
import { describeStoreConformance } from './fixtures/store-conformance';

const KEY = randomBytes(32).toString('base64url');
let postgres: Postgres;
let tables = 0;

beforeAll(async () => {
  postgres = await startPostgres();
}, 90_000);

afterAll(async () => {
  await postgres?.stop();
}, 30_000);

const env = () => ({ OAC_TEST_PG: postgres.connStr, OAUTH_CLIENTS_STORE_KEY: KEY });

describeStoreConformance('postgres', {
  fresh: async () => {
    const table = `store_${++tables}`;
    return {
      open: () => openSecretStore({ kind: 'postgres', connectionStringEnv: 'OAC_TEST_PG', table, keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }, { projectRoot: '/', env: env() }),
      // Nothing listens on port 1.
      openDown: () =>
        openSecretStore(
          { kind: 'postgres', connectionStringEnv: 'OAC_TEST_PG', table, keyEnv: 'OAUTH_CLIENTS_STORE_KEY' },
          { projectRoot: '/', env: { ...env(), OAC_TEST_PG: 'postgres://postgres@127.0.0.1:1/postgres?sslmode=disable' } },
        ),
    };
  },
});

describe('postgres store', () => {
  const open = (table: string, extra: NodeJS.ProcessEnv = {}) =>
    openSecretStore({ kind: 'postgres', connectionStringEnv: 'OAC_TEST_PG', table, keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }, { projectRoot: '/', env: { ...env(), ...extra } });

  it('holds each value as a JWE: the table has no secret in clear, and another key cannot read it', async () => {
    const store = await open('jwe_check');
    const clientSecret = `s3cr3t-${randomBytes(8).toString('hex')}`;
    await store.putIfAbsent('host/app', { client_id: 'app', client_secret: clientSecret });
    await store.close?.();

    const rows = await postgres.query('SELECT key, value FROM jwe_check');
    expect(rows).toContain('host/app|ey');
    expect(rows).not.toContain(clientSecret);
    const other = await open('jwe_check', { OAUTH_CLIENTS_STORE_KEY: randomBytes(32).toString('base64url') });
    await expect(other.get('host/app')).rejects.toMatchObject({ code: 'OAC_STORE_DECRYPT', key: 'host/app' });
    await other.close?.();
  });

  it('creates its tables once when five handlers start at the same moment, and records the layout version', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => open('analytics.first_use')));
    await Promise.all(stores.map((s, i) => s.put(`k/${i}`, { i })));
    expect((await postgres.query('SELECT version FROM analytics.first_use_schema')).trim()).toBe('1');
    expect((await postgres.query('SELECT count(*) FROM analytics.first_use')).trim()).toBe('5');
    await Promise.all(stores.map((s) => s.close?.()));
  });

  it('refuses a table written by a newer layout, naming the store, instead of guessing', async () => {
    const store = await open('future');
    await store.put('k', { a: 1 });
    await store.close?.();
    await postgres.query('UPDATE future_schema SET version = 2');

    const later = await open('future');
    const error = await later.get('k').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'OAC_STORE_VERSION' });
    expect((error as Error).message).toMatch(/postgres store future .* layout version 2, this release knows 1/);
    await later.close?.();
  });

  it('names the env var when the connection string or the key is missing', async () => {
    await expect(openSecretStore({ kind: 'postgres', connectionStringEnv: 'OAC_TEST_PG_MISSING', table: 't', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }, { projectRoot: '/', env: env() })).rejects.toThrow(
      /environment variable OAC_TEST_PG_MISSING must hold a PostgreSQL connection string/,
    );
    await expect(openSecretStore({ kind: 'postgres', connectionStringEnv: 'OAC_TEST_PG', table: 't', keyEnv: 'OAC_NO_KEY' }, { projectRoot: '/', env: env() })).rejects.toThrow(
      /environment variable OAC_NO_KEY must hold the store key/,
    );
  });
});
