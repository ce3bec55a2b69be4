// Stories of the development server's storage: the file adapter oidc-provider keeps clients and
// tokens in, driven directly (as oidc-provider drives it) for speed.

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fileAdapterFactory } from '../../lib/devserver/file-adapter';
import { sweepStore } from '../../lib/devserver/sweep-store';

let store: string;
beforeEach(async () => {
  store = await mkdtemp(join(tmpdir(), 'devserver-store-'));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await rm(store, { recursive: true, force: true });
});

async function allFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('keeping clients', () => {
  it('keeps 2,600 clients, far past the memory adapter’s ~2,000, and still has all after a restart', async () => {
    // given 2,600 registered clients
    const clients = fileAdapterFactory(store)('Client');
    const ids = Array.from({ length: 2600 }, (_, n) => `client-${n}`);
    for (let start = 0; start < ids.length; start += 100) {
      await Promise.all(
        ids.slice(start, start + 100).map((id) => clients.upsert(id, { client_id: id, client_secret: `secret-of-${id}` })),
      );
    }

    // when the server restarts (a new adapter on the same directory)
    const afterRestart = fileAdapterFactory(store)('Client');

    // then the first and every other client is still there with its secret
    const found = await Promise.all(ids.map((id) => afterRestart.find(id)));
    expect(found.filter((payload) => payload === undefined)).toHaveLength(0);
    expect(found[0]).toEqual({ client_id: 'client-0', client_secret: 'secret-of-client-0' });
    expect(found[2599]?.client_secret).toBe('secret-of-client-2599');
  });

  it('writes every file owner-only (0600) and names none after the id (an opaque token’s id is the token)', async () => {
    const tokens = fileAdapterFactory(store)('RegistrationAccessToken');
    await tokens.upsert('the-token-value', { jti: 'the-token-value', clientId: 'c1' });

    const files = await allFiles(store);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(file).not.toContain('the-token-value');
    }
    expect((await stat(join(store, 'RegistrationAccessToken'))).mode & 0o777).toBe(0o700);
  });

  it('forgets a destroyed entry', async () => {
    const clients = fileAdapterFactory(store)('Client');
    await clients.upsert('c1', { client_id: 'c1' });

    await clients.destroy('c1');

    expect(await clients.find('c1')).toBeUndefined();
    expect(await allFiles(store)).toEqual([]);
  });
});

describe('expiry', () => {
  it('stops finding an entry once its expiresIn has passed, and the sweep removes it', async () => {
    // given an interaction that lives 60 seconds and a client that never expires
    const adapterFor = fileAdapterFactory(store);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now);
    await adapterFor('Interaction').upsert('i1', { uid: 'i1' }, 60);
    await adapterFor('Client').upsert('c1', { client_id: 'c1' });

    // when 61 seconds pass
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);

    // then the interaction is gone, the client is not, and the sweep deletes only the former
    expect(await adapterFor('Interaction').find('i1')).toBeUndefined();
    expect(await adapterFor('Client').find('c1')).toEqual({ client_id: 'c1' });
    const report = await sweepStore(store, adapterFor, now + 61_000);
    expect(report).toEqual({ expired: 1, problems: [] });
    expect(await allFiles(join(store, 'Interaction'))).toEqual([]);
    expect(await allFiles(join(store, 'Client'))).toHaveLength(1);
  });
});

describe('what oidc-provider looks up besides the id', () => {
  it('finds a session by its uid and a device code by its user code', async () => {
    const adapterFor = fileAdapterFactory(store);
    await adapterFor('Session').upsert('s1', { uid: 'uid-1', accountId: 'alice' }, 3600);
    await adapterFor('DeviceCode').upsert('d1', { userCode: 'ABCD-EFGH', clientId: 'c1' }, 600);

    expect(await adapterFor('Session').findByUid('uid-1')).toMatchObject({ accountId: 'alice' });
    expect(await adapterFor('DeviceCode').findByUserCode('ABCD-EFGH')).toMatchObject({ clientId: 'c1' });
    expect(await adapterFor('Session').findByUid('uid-2')).toBeUndefined();
  });

  it('marks a code consumed', async () => {
    const codes = fileAdapterFactory(store)('AuthorizationCode');
    await codes.upsert('code-1', { grantId: 'g1' }, 60);

    await codes.consume('code-1');

    expect((await codes.find('code-1'))?.consumed).toEqual(expect.any(Number));
  });

  it('revokes every token of one grant and no other', async () => {
    const refreshTokens = fileAdapterFactory(store)('RefreshToken');
    await refreshTokens.upsert('rt-1', { grantId: 'grant-a' }, 3600);
    await refreshTokens.upsert('rt-2', { grantId: 'grant-a' }, 3600);
    await refreshTokens.upsert('rt-3', { grantId: 'grant-b' }, 3600);

    await refreshTokens.revokeByGrantId('grant-a');

    expect(await refreshTokens.find('rt-1')).toBeUndefined();
    expect(await refreshTokens.find('rt-2')).toBeUndefined();
    expect(await refreshTokens.find('rt-3')).toEqual({ grantId: 'grant-b' });
  });
});
