// `oauth-clients store migrate` (issue 10 item 8), run as users run it (the built CLI bundle), from a
// file store to a real PostgreSQL: a dry run writes nothing, --apply copies create-only and
// verifies, an entry that differs at the destination is reported and left alone, --delete-source
// empties the source only when everything verified, and no value is ever printed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSecretStore, type SecretStoreBackend } from '../../lib/secrets';
import { startPostgres, type Postgres } from '../support/e2e-postgres';
import { REPO_ROOT } from '../support/handler';

const CLI = path.join(REPO_ROOT, 'dist', 'oauth-clients.cjs');
const KEY = randomBytes(32).toString('base64url');
const FROM = '{"kind":"file"}';
const TO = '{"kind":"postgres","connectionStringEnv":"MIGRATE_PG","table":"migrated"}';
const secret = () => `s3cr3t-${randomBytes(10).toString('hex')}`;

let postgres: Postgres;
let root: string;
let source: SecretStoreBackend;
let target: SecretStoreBackend;
const secrets: string[] = [];

function migrate(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [CLI, 'store', 'migrate', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, MIGRATE_PG: postgres.connStr, OAUTH_CLIENTS_STORE_KEY: KEY },
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeAll(async () => {
  postgres = await startPostgres();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'oac-migrate-'));
  source = await openSecretStore({ kind: 'file', directory: '.oauth-clients/store' }, { projectRoot: root, env: { OAUTH_CLIENTS_STORE_KEY: KEY } });
  target = await openSecretStore({ kind: 'postgres', connectionStringEnv: 'MIGRATE_PG', table: 'migrated', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }, { projectRoot: '/', env: { MIGRATE_PG: postgres.connStr, OAUTH_CLIENTS_STORE_KEY: KEY } });
  for (const id of ['orders', 'billing']) {
    const value = secret();
    secrets.push(value);
    await source.putIfAbsent(`auth/stack/${id}`, { client_id: id, client_secret: value });
    await source.put(`_oauth-clients/ledger/auth/stack/${id}`, { clientId: id, handle: { registrationAccessToken: value } });
  }
  await source.put('_oauth-clients/stack/stack', { witness: 'w-1' });
}, 90_000);

afterAll(async () => {
  await target?.close?.();
  await postgres?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}, 30_000);

test('a dry run lists what would be copied and writes nothing', async () => {
  const run = migrate('--from', FROM, '--to', TO);

  expect(run.status).toBe(0);
  expect(run.output).toContain('would copy auth/stack/orders');
  expect(run.output).toContain('5 to copy, 0 already there, 0 conflicting');
  expect(run.output).toContain('dry run: nothing written');
  expect(await target.list('')).toEqual([]);
});

test('--apply with an entry that differs at the destination: it is reported and kept, the rest copied and verified, nothing deleted', async () => {
  await target.putIfAbsent('auth/stack/billing', { client_id: 'someone-else' });

  const run = migrate('--from', FROM, '--to', TO, '--apply', '--delete-source');

  expect(run.status).toBe(1);
  expect(run.output).toContain('CONFLICT (differs at the destination, left alone) auth/stack/billing');
  expect(run.output).toContain('nothing was deleted');
  expect(await target.get('auth/stack/billing')).toEqual({ client_id: 'someone-else' });
  expect(await target.get('auth/stack/orders')).toEqual(await source.get('auth/stack/orders'));
  expect(await source.list('')).toHaveLength(5);
});

test('--apply --delete-source once the conflict is resolved: every entry verified at the destination, the source emptied, no value printed', async () => {
  await target.delete('auth/stack/billing');

  const run = migrate('--from', FROM, '--to', TO, '--apply', '--delete-source');

  expect(run.status).toBe(0);
  expect(run.output).toContain('5 of 5 entries verified');
  expect(await target.list('')).toEqual(['_oauth-clients/ledger/auth/stack/billing', '_oauth-clients/ledger/auth/stack/orders', '_oauth-clients/stack/stack', 'auth/stack/billing', 'auth/stack/orders']);
  expect((await target.get('auth/stack/billing'))?.client_secret).toBe(secrets[1]);
  expect(await source.list('')).toEqual([]);
  for (const value of secrets) expect(run.output).not.toContain(value);
});

test('usage errors exit 64: an unknown option, a store that is not JSON, --delete-source without --apply', () => {
  expect(migrate('--from', FROM, '--to', TO, '--force').status).toBe(64);
  expect(migrate('--from', 'file', '--to', TO).output).toContain(`--from must be a store spec as JSON`);
  expect(migrate('--from', FROM, '--to', TO, '--delete-source').status).toBe(64);
  expect(spawnSync(process.execPath, [CLI, 'store', '--help'], { encoding: 'utf8' }).stdout).toContain('usage: oauth-clients store migrate');
});
