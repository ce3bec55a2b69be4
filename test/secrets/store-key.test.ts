// Where the store key comes from: an environment variable when set (pipelines), else a key file
// made on first use (development). Any doubt about the key is an error, never a fallback.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSecretStore, openSecretStore, StoreError, type FileStoreConfig } from '../../lib/secrets';
import { scratchDirectory } from './fixtures/scratch-directory';

const config: FileStoreConfig = { kind: 'file', directory: '.oauth-clients/store' };
const newKeyText = (): string => randomBytes(32).toString('base64url');

async function refusal(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('store key', () => {
  it('given the key in OAUTH_CLIENTS_STORE_KEY, when the store is opened and written, then no key file is made and that key decrypts the entries', async () => {
    const projectRoot = scratchDirectory();
    const keyText = newKeyText();
    const store = await openSecretStore(config, { projectRoot, env: { OAUTH_CLIENTS_STORE_KEY: keyText } });

    await store.put('exports/web', { client_secret: 'x' });

    const directory = join(projectRoot, '.oauth-clients/store');
    expect(existsSync(join(directory, '.store-key'))).toBe(false);
    const withEnvKey = new FileSecretStore({ directory, key: Buffer.from(keyText, 'base64url') });
    expect(await withEnvKey.get('exports/web')).toEqual({ client_secret: 'x' });
  });

  it('given a custom keyEnv, when the store is opened, then the key is read from that variable and the default one is ignored', async () => {
    const projectRoot = scratchDirectory();
    const keyText = newKeyText();
    const store = await openSecretStore({ ...config, keyEnv: 'TEAM_STORE_KEY' }, { projectRoot, env: { TEAM_STORE_KEY: keyText, OAUTH_CLIENTS_STORE_KEY: 'not-a-key' } });

    await store.put('a', { v: 1 });

    const directory = join(projectRoot, '.oauth-clients/store');
    expect(await new FileSecretStore({ directory, key: Buffer.from(keyText, 'base64url') }).get('a')).toEqual({ v: 1 });
  });

  it('given no key in the environment, when a new store is opened twice, then the first opening makes a 0600 key file and the second uses it', async () => {
    const projectRoot = scratchDirectory();
    const first = await openSecretStore(config, { projectRoot, env: {} });
    await first.put('exports/web', { client_secret: 'x' });
    const keyFile = join(projectRoot, '.oauth-clients/store/.store-key');
    const keyText = readFileSync(keyFile, 'utf8');

    const second = await openSecretStore(config, { projectRoot, env: {} });

    expect(keyText).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect((statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    expect(await second.get('exports/web')).toEqual({ client_secret: 'x' });
    expect(readFileSync(keyFile, 'utf8')).toBe(keyText);
  });

  it('given entries written with the generated key file, when opened with an env key instead, then the env key wins and the entries do not decrypt', async () => {
    const projectRoot = scratchDirectory();
    await (await openSecretStore(config, { projectRoot, env: {} })).put('exports/web', { client_secret: 'x' });

    const withEnv = await openSecretStore(config, { projectRoot, env: { OAUTH_CLIENTS_STORE_KEY: newKeyText() } });

    await expect(withEnv.get('exports/web')).rejects.toMatchObject({ code: 'OAC_STORE_DECRYPT' });
  });

  it.each([
    ['empty', ''],
    ['too short', randomBytes(16).toString('base64url')],
    ['padded', randomBytes(32).toString('base64')],
    ['standard base64 alphabet', `+/${randomBytes(32).toString('base64url').slice(2)}`],
    ['with a newline', `${newKeyText()}\n`],
    ['not canonical', `${newKeyText().slice(0, 42)}B`],
  ])('given a malformed env key (%s), when the store is opened, then it is an error naming the variable, not the value, and no key file is made', async (_case, value) => {
    const projectRoot = scratchDirectory();
    const value43 = value.length >= 43 ? value : undefined;

    const error = await refusal(openSecretStore(config, { projectRoot, env: { OAUTH_CLIENTS_STORE_KEY: value } }));

    expect(error.code).toBe('OAC_STORE_KEY_MALFORMED');
    expect(error.message).toContain('the store key in environment variable OAUTH_CLIENTS_STORE_KEY must be the base64url (no padding) of 32 bytes');
    if (value43 !== undefined) expect(error.message).not.toContain(value43.trim().slice(0, 20));
    expect(existsSync(join(projectRoot, '.oauth-clients/store/.store-key'))).toBe(false);
  });

  it('given a key file readable by others (0644), when the store is opened, then it is refused and the mode is named', async () => {
    const projectRoot = scratchDirectory();
    await openSecretStore(config, { projectRoot, env: {} });
    const keyFile = join(projectRoot, '.oauth-clients/store/.store-key');
    chmodSync(keyFile, 0o644);

    const error = await refusal(openSecretStore(config, { projectRoot, env: {} }));

    expect(error.code).toBe('OAC_STORE_KEY_PERMISSIONS');
    expect(error.message).toContain(`the store key file ${keyFile} has mode 0644, open to group or others; it must be 0600`);
    expect(error.message).not.toContain(readFileSync(keyFile, 'utf8').trim());
  });

  it('given a symbolic link in place of the key file, when the store is opened, then it is refused', async () => {
    const projectRoot = scratchDirectory();
    await openSecretStore(config, { projectRoot, env: {} });
    const keyFile = join(projectRoot, '.oauth-clients/store/.store-key');
    const elsewhere = join(projectRoot, 'elsewhere-key');
    writeFileSync(elsewhere, `${newKeyText()}\n`, { mode: 0o600 });
    rmSync(keyFile);
    symlinkSync(elsewhere, keyFile);

    await expect(openSecretStore(config, { projectRoot, env: {} })).rejects.toThrow('is a symbolic link');
  });

  it('given a key file that does not hold a key, when the store is opened, then it is an error naming the file', async () => {
    const projectRoot = scratchDirectory();
    await openSecretStore(config, { projectRoot, env: {} });
    const keyFile = join(projectRoot, '.oauth-clients/store/.store-key');
    writeFileSync(keyFile, 'hunter2\n');

    const error = await refusal(openSecretStore(config, { projectRoot, env: {} }));

    expect(error.message).toContain(`the store key in key file ${keyFile} must be the base64url`);
    expect(error.message).not.toContain('hunter2');
  });

  it('given a store with entries whose key file was lost, when opened without an env key, then it refuses to make a new key', async () => {
    const projectRoot = scratchDirectory();
    await (await openSecretStore(config, { projectRoot, env: {} })).put('ledger/web', { owner: 'i-1' });
    const keyFile = join(projectRoot, '.oauth-clients/store/.store-key');
    rmSync(keyFile);

    const error = await refusal(openSecretStore(config, { projectRoot, env: {} }));

    expect(error.code).toBe('OAC_STORE_KEY_MISSING');
    expect(error.message).toContain('holds entries but has no key: set OAUTH_CLIENTS_STORE_KEY to the key it was written with');
    expect(existsSync(keyFile)).toBe(false);
  });

  it('given a relative store directory, when opened, then it lives under the project root and the description names it as configured', async () => {
    const projectRoot = scratchDirectory();

    const store = await openSecretStore({ kind: 'file', directory: 'secrets/dev' }, { projectRoot, env: {} });
    await store.put('a', { v: 1 });

    expect(store.description).toBe('file store secrets/dev');
    expect(existsSync(join(projectRoot, 'secrets/dev/a.jwe'))).toBe(true);
  });
});
