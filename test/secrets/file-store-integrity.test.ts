// A store file that was encrypted with another key, edited, or moved to another entry's name must
// be refused loudly — and the refusal must not leak the value it protects.
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { FileSecretStore, StoreError } from '../../lib/secrets';
import { scratchDirectory } from './fixtures/scratch-directory';

const SECRET = `s3cr3t-${randomBytes(12).toString('hex')}`;

function givenStoreWithSecret(): { directory: string; key: Uint8Array; store: FileSecretStore } {
  const directory = scratchDirectory();
  const key = new Uint8Array(randomBytes(32));
  return { directory, key, store: new FileSecretStore({ directory, key, description: 'file store test-store' }) };
}

async function refusal(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** Everything a user could see of an error: message, stack, and its causes as printed. */
const everythingShown = (error: Error): string => [error.message, error.stack, inspect(error, { depth: 10 })].join('\n');

describe('file store integrity', () => {
  it('given a secret written with one key, when read with another, then the error names the entry and store, blames the key or the file, and does not show the secret', async () => {
    const { directory, store } = givenStoreWithSecret();
    await store.putIfAbsent('exports/web', { client_secret: SECRET });
    const otherKey = new Uint8Array(randomBytes(32));

    const error = await refusal(new FileSecretStore({ directory, key: otherKey, description: 'file store test-store' }).get('exports/web'));

    expect(error.message).toBe("cannot decrypt 'exports/web' in file store test-store: wrong store key or tampered file");
    expect(error).toMatchObject({ code: 'OAC_STORE_DECRYPT', key: 'exports/web', store: 'file store test-store' });
    expect(everythingShown(error)).not.toContain(SECRET);
    expect(everythingShown(error)).not.toContain(Buffer.from(otherKey).toString('base64url'));
  });

  it('given a stored secret, when one character of its ciphertext is changed, then reading it is refused as tampered', async () => {
    const { directory, store } = givenStoreWithSecret();
    await store.put('exports/web', { client_secret: SECRET });
    const file = join(directory, 'exports/web.jwe');
    const parts = readFileSync(file, 'utf8').split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    writeFileSync(file, parts.join('.'));

    const error = await refusal(store.get('exports/web'));

    expect(error.message).toBe("cannot decrypt 'exports/web' in file store test-store: wrong store key or tampered file");
    expect(everythingShown(error)).not.toContain(SECRET);
  });

  it('given a stored secret, when its header is rewritten to claim another entry key, then the authentication tag fails', async () => {
    const { directory, store } = givenStoreWithSecret();
    await store.put('exports/web', { client_secret: SECRET });
    const file = join(directory, 'exports/web.jwe');
    const parts = readFileSync(file, 'utf8').split('.');
    parts[0] = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', 'oac.key': 'exports/api' })).toString('base64url');
    copyFileSync(file, join(directory, 'exports/api.jwe'));
    writeFileSync(join(directory, 'exports/api.jwe'), parts.join('.'));

    await expect(store.get('exports/api')).rejects.toMatchObject({ code: 'OAC_STORE_DECRYPT' });
  });

  it("given one entry's file copied to another entry's name, when the copy is read, then it is refused naming both entries, and the original still reads", async () => {
    const { directory, store } = givenStoreWithSecret();
    await store.put('exports/web', { client_secret: SECRET });
    copyFileSync(join(directory, 'exports/web.jwe'), join(directory, 'exports/api.jwe'));

    const error = await refusal(store.get('exports/api'));

    expect(error.message).toBe(
      "cannot read 'exports/api' in file store test-store: the file was written for 'exports/web' (copied or renamed?)",
    );
    expect(error.code).toBe('OAC_STORE_MISPLACED');
    expect(everythingShown(error)).not.toContain(SECRET);
    expect(await store.get('exports/web')).toEqual({ client_secret: SECRET });
  });

  it('given a file that is not a JWE at all, when it is read, then it is refused like a tampered file', async () => {
    const { directory, store } = givenStoreWithSecret();
    await store.put('exports/web', { client_secret: 'x' });
    writeFileSync(join(directory, 'exports/web.jwe'), JSON.stringify({ client_secret: SECRET }));

    const error = await refusal(store.get('exports/web'));

    expect(error.code).toBe('OAC_STORE_DECRYPT');
    expect(everythingShown(error)).not.toContain(SECRET);
  });
});
