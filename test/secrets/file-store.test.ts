// The file store's everyday contract, as the backend uses it: export once, keep the ledger current,
// forget on destroy, list by prefix — with nothing readable on disk.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { FileSecretStore, openSecretStore, type SecretStoreBackend, StoreError } from '../../lib/secrets';
import { scratchDirectory } from './fixtures/scratch-directory';
import { filesUnder, secretsFoundIn } from './fixtures/store-bytes';

const SECRET = `s3cr3t-${randomBytes(12).toString('hex')}`;
const exported = { client_id: 'web-123', client_secret: SECRET, issuer: 'https://issuer.example' };

async function givenNewStore(): Promise<{ store: SecretStoreBackend; directory: string; keyText: string }> {
  const projectRoot = scratchDirectory();
  const store = await openSecretStore({ kind: 'file', directory: '.oauth-clients/store' }, { projectRoot, env: {} });
  const directory = join(projectRoot, '.oauth-clients/store');
  return { store, directory, keyText: readFileSync(join(directory, '.store-key'), 'utf8').trim() };
}

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('file secret store', () => {
  it('given a new store, when a secret is exported, then it reads back and its bytes on disk hold neither the secret nor the key', async () => {
    const { store, directory, keyText } = await givenNewStore();

    await store.putIfAbsent('local-dev/clients/web', exported);

    expect(await store.get('local-dev/clients/web')).toEqual(exported);
    expect(filesUnder(directory)).toEqual(['.store-key', 'local-dev/clients/web.jwe']);
    const entryOnly = join(directory, 'local-dev');
    expect(secretsFoundIn(entryOnly, [SECRET, 'web-123', keyText])).toEqual([]);
    // The file is a JWE compact string whose header names the entry and the algorithms.
    const header = JSON.parse(Buffer.from(readFileSync(join(directory, 'local-dev/clients/web.jwe'), 'utf8').split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'dir', enc: 'A256GCM', 'oac.key': 'local-dev/clients/web' });
  });

  it('given a new store, when an entry is written under nested keys, then every directory is 0700 and every file 0600', async () => {
    const { store, directory } = await givenNewStore();

    await store.put('ledger/local-dev/web', { owner: 'i-1' });
    await store.putIfAbsent('exports/web', exported);

    expect(mode(directory)).toBe('700');
    for (const dir of ['ledger', 'ledger/local-dev', 'exports']) expect(mode(join(directory, dir))).toBe('700');
    for (const file of filesUnder(directory)) expect([file, mode(join(directory, file))]).toEqual([file, '600']);
  });

  it('given an exported secret, when putIfAbsent runs again with another value, then it answers "exists" and the first value stays', async () => {
    const { store, directory } = await givenNewStore();
    expect(await store.putIfAbsent('exports/web', exported)).toBe('created');
    const before = readFileSync(join(directory, 'exports/web.jwe'));

    const outcome = await store.putIfAbsent('exports/web', { ...exported, client_secret: 'rotated' });

    expect(outcome).toBe('exists');
    expect(await store.get('exports/web')).toEqual(exported);
    expect(readFileSync(join(directory, 'exports/web.jwe')).equals(before)).toBe(true);
  });

  it('given a ledger record, when put writes it again, then the new value replaces it and no temp file is left', async () => {
    const { store, directory } = await givenNewStore();
    await store.put('ledger/web', { specHash: 'a' });

    await store.put('ledger/web', { specHash: 'b' });

    expect(await store.get('ledger/web')).toEqual({ specHash: 'b' });
    expect(filesUnder(directory)).toEqual(['.store-key', 'ledger/web.jwe']);
  });

  it('given an entry, when it is deleted twice, then the first delete answers true, the second false, and it is gone', async () => {
    const { store } = await givenNewStore();
    await store.put('exports/web', exported);

    expect(await store.delete('exports/web')).toBe(true);
    expect(await store.delete('exports/web')).toBe(false);
    expect(await store.get('exports/web')).toBeUndefined();
    expect(await store.delete('never/there')).toBe(false);
  });

  it('given entries at several depths, when listed by prefix, then the keys under it come back sorted and the key file never does', async () => {
    const { store } = await givenNewStore();
    for (const key of ['a/b/d', 'a/b/c/d', 'z', 'a/bc', 'a/b/c', 'A/b']) await store.put(key, { key });

    expect(await store.list('a/b/')).toEqual(['a/b/c', 'a/b/c/d', 'a/b/d']);
    expect(await store.list('a/b')).toEqual(['a/b/c', 'a/b/c/d', 'a/b/d', 'a/bc']);
    expect(await store.list('')).toEqual(['A/b', 'a/b/c', 'a/b/c/d', 'a/b/d', 'a/bc', 'z']);
    expect(await store.list('nothing/')).toEqual([]);
  });

  it('given a key that climbs out of the store, when any operation uses it, then it is refused and nothing is written', async () => {
    const { store, directory } = await givenNewStore();
    const attempts = [
      () => store.put('../outside', exported),
      () => store.putIfAbsent('a/../../outside', exported),
      () => store.get('../.store-key'),
      () => store.delete('/etc/passwd'),
      () => store.list('../'),
    ];

    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: 'OAC_STORE_ENTRY_KEY' });
    expect(filesUnder(join(directory, '..'))).toEqual(['store/.store-key']);
  });

  it("given a key with a segment ending in '.jwe', when it is written, then the file store refuses it (it would collide with an entry's file)", async () => {
    const { store } = await givenNewStore();

    await expect(store.put('web.jwe/x', exported)).rejects.toThrow("entry key 'web.jwe/x' must not have a segment ending in '.jwe'");
  });

  it('given the longest key the rules allow, when it is written, then the file system takes it and it reads back', async () => {
    const { store } = await givenNewStore();
    const longest = `${'x'.repeat(155)}/`.repeat(2) + 'y'.repeat(200);

    await store.putIfAbsent(longest, exported);

    expect(longest).toHaveLength(512);
    expect(await store.get(longest)).toEqual(exported);
    expect(await store.list('')).toEqual([longest]);
  });

  it('given values that are not JSON objects, when they are put, then they are refused without quoting them', async () => {
    const { store } = await givenNewStore();

    await expect(store.put('a', [SECRET] as never)).rejects.toMatchObject({ code: 'OAC_STORE_VALUE' });
    await expect(store.put('a', { secret: SECRET, n: BigInt(1) })).rejects.toThrow(/^value for 'a' in file store \.oauth-clients\/store must be JSON-serializable/);
    await expect(store.put('a', { toJSON: () => SECRET })).rejects.toThrow('must serialize to a JSON object');
    expect(await store.list('')).toEqual([]);
  });

  it('given an open store, when it is inspected or serialized, then its key does not show', async () => {
    const { store, keyText } = await givenNewStore();
    const key = Buffer.from(keyText, 'base64url');

    const shown = [inspect(store, { showHidden: true, depth: 5 }), JSON.stringify(store), String(store)].join('\n');

    expect(shown).toContain('file store .oauth-clients/store');
    const compact = shown.replace(/\s+/g, '');
    for (const form of [keyText, key.toString('hex'), key.toString('base64'), [...key.subarray(0, 6)].join(','), `"0":${key[0]},"1":${key[1]}`]) {
      expect(compact).not.toContain(form);
    }
  });

  it('given a key that is not 32 bytes, when a file store is made with it, then it is refused', () => {
    expect(() => new FileSecretStore({ directory: scratchDirectory(), key: new Uint8Array(16) })).toThrow(StoreError);
  });
});
