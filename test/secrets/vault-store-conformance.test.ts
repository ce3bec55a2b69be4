// The store conformance suite (fixtures/store-conformance.ts) on the Vault KV v2 store, against a
// FAKE Vault (test/support/fake-vault.ts: no Vault server can run here) built from Vault's published
// KV v2 HTTP API, each behaviour citing its source. Served over https with a private CA, with a
// namespace, so the store's caFile and namespace settings are exercised on every call.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSecretStore, StoreError } from '../../lib/secrets';
import { startFakeVault, type FakeVault } from '../support/fake-vault';
import { describeStoreConformance } from './fixtures/store-conformance';

const TOKEN = `hvs.${randomBytes(16).toString('hex')}`;
const NAMESPACE = 'team-a';
let vault: FakeVault;
let projectRoot: string;
let prefixes = 0;

beforeAll(async () => {
  projectRoot = mkdtempSync(join(tmpdir(), 'oac-vault-'));
  // A self-signed certificate for 127.0.0.1: the CA the store must be told about (caFile).
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(projectRoot, 'key.pem'), '-out', join(projectRoot, 'vault-ca.pem'), '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  vault = await startFakeVault({ token: TOKEN, namespace: NAMESPACE, tls: { key: readFileSync(join(projectRoot, 'key.pem'), 'utf8'), cert: readFileSync(join(projectRoot, 'vault-ca.pem'), 'utf8') } });
});

afterAll(async () => {
  await vault?.close();
  rmSync(projectRoot, { recursive: true, force: true });
});

const spec = (pathPrefix: string, address = vault.address) =>
  ({ kind: 'vault', address, mount: 'secret', pathPrefix, tokenEnv: 'OAC_TEST_VAULT_TOKEN', namespace: NAMESPACE, caFile: 'vault-ca.pem' }) as const;
const env = { OAC_TEST_VAULT_TOKEN: TOKEN };

describeStoreConformance('vault', {
  fresh: async () => {
    const pathPrefix = `run-${++prefixes}`;
    return {
      open: () => openSecretStore(spec(pathPrefix), { projectRoot, env }),
      // Nothing listens on port 1 (the client tries 4 times with backoff, then gives up).
      openDown: () => openSecretStore(spec(pathPrefix, 'https://127.0.0.1:1'), { projectRoot, env }),
      observed: () => vault.requests.join('\n'),
    };
  },
});

describe('vault store', () => {
  it('writes each entry as one KV v2 secret whose data is the JSON object, under mount/pathPrefix, with the token and namespace headers', async () => {
    const store = await openSecretStore(spec('layout'), { projectRoot, env });
    await store.putIfAbsent('auth/orders', { client_id: 'orders', client_secret: 'x' });
    expect(vault.read('layout/auth/orders')).toEqual({ client_id: 'orders', client_secret: 'x' });
    expect(vault.requests.filter((r) => r.includes('/layout/'))).toEqual([expect.stringMatching(/^POST \/v1\/secret\/data\/layout\/auth\/orders \[.*x-vault-namespace.*x-vault-token.*\]$/)]);
    await store.close?.();
  });

  it('deletes all versions (metadata delete), so a destroyed client leaves nothing to undelete', async () => {
    const store = await openSecretStore(spec('versions'), { projectRoot, env });
    await store.put('k', { v: 1 });
    await store.put('k', { v: 2 });
    expect(await store.delete('k')).toBe(true);
    expect(vault.paths()).not.toContain('versions/k');
    expect(vault.requests.some((r) => r.startsWith('DELETE /v1/secret/metadata/versions/k '))).toBe(true);
    await store.close?.();
  });

  it('retries through the HTTP client while Vault answers 503 (sealed), and succeeds once it unseals', async () => {
    const store = await openSecretStore(spec('sealed'), { projectRoot, env });
    vault.sealFor(2);
    expect(await store.putIfAbsent('k', { v: 1 })).toBe('created');
    expect(vault.read('sealed/k')).toEqual({ v: 1 });
    await store.close?.();
  });

  it('a token without access: an error naming the store, the key, HTTP 403 and the token env var, never the token', async () => {
    const store = await openSecretStore(spec('denied'), { projectRoot, env: { OAC_TEST_VAULT_TOKEN: 'hvs.wrong-token-value' } });
    const error = await store.get('k').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/cannot read 'k' in vault store https:\/\/127\.0\.0\.1:\d+ secret\/denied: HTTP 403 permission denied \(the token in OAC_TEST_VAULT_TOKEN/);
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain('wrong-token-value');
    await store.close?.();
  });

  it('without the CA file the server is not trusted (TLS is always verified), and a missing token env var is named', async () => {
    const untrusted = await openSecretStore({ ...spec('tls'), caFile: undefined }, { projectRoot, env });
    await expect(untrusted.get('k')).rejects.toThrow(/vault store .*: .*(SELF_SIGNED|self-signed|DEPTH_ZERO)/i);
    await untrusted.close?.();
    await expect(openSecretStore(spec('tls'), { projectRoot, env: {} })).rejects.toThrow(/environment variable OAC_TEST_VAULT_TOKEN must hold a Vault token/);
  });
});
