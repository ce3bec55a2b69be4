// The store key: the 32-byte AES-256-GCM key that encrypts every entry of a file store. It comes
// from an environment variable (pipelines) or from a key file generated beside the entries on first
// use (development). Every doubt fails closed: a malformed key or an exposed key file is an error,
// never a reason to fall back to another key.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { STORE_DEFAULTS } from '../model/defaults';
import { writeFileAtomically } from '../files/atomic-file';
import { hasEntries } from './private/entry-files';
import { errnoCode, StoreError } from './store-error';

/** The key file's name inside the store directory; hidden, so it is never an entry. */
export const STORE_KEY_FILE = '.store-key';

/** AES-256 (RFC 7518 §5.3, A256GCM). */
export const STORE_KEY_BYTES = 32;

export interface StoreKeyOptions {
  /** Absolute path of the store directory; the key file is `<directory>/.store-key`. */
  readonly directory: string;
  /**
   * The environment variable that may hold the key, as base64url of 32 bytes.
   * @default 'OAUTH_CLIENTS_STORE_KEY'
   */
  readonly keyEnv?: string;
  /** The environment to read `keyEnv` from (passed in, so callers and tests choose it). */
  readonly env: NodeJS.ProcessEnv;
}

export interface ResolvedStoreKey {
  /** The 32 key bytes. */
  readonly key: Uint8Array;
  /** Where the key came from, for messages: "env OAUTH_CLIENTS_STORE_KEY" or "key file <path>". */
  readonly source: string;
}

/** How to make a key, quoted in error messages. */
const HOW_TO_GENERATE = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/**
 * The key from `env[keyEnv]` when that variable is set (even to ""), else from the key file,
 * generating it when the store is new. Concurrent first uses agree on one key: the key file is
 * created with link(2), and every process reads back the file that won.
 */
export async function resolveStoreKey(options: StoreKeyOptions): Promise<ResolvedStoreKey> {
  const keyEnv = options.keyEnv ?? STORE_DEFAULTS.fileKeyEnv;
  const fromEnv = options.env[keyEnv];
  if (fromEnv !== undefined) {
    return { key: decodeStoreKey(fromEnv, `environment variable ${keyEnv}`), source: `env ${keyEnv}` };
  }
  const file = join(options.directory, STORE_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) return { key: existing, source: `key file ${file}` };

  if (await hasEntries(options.directory)) {
    // Another process may have created the key and its first entry since we looked.
    const late = await readKeyFile(file);
    if (late !== undefined) return { key: late, source: `key file ${file}` };
    // A new key would make every existing entry unreadable and mix two keys in one store.
    throw new StoreError(
      'OAC_STORE_KEY_MISSING',
      `the store at ${options.directory} holds entries but has no key: set ${keyEnv} to the key it was written with, or restore ${file}`,
    );
  }
  await writeFileAtomically(file, `${randomBytes(STORE_KEY_BYTES).toString('base64url')}\n`, 'create-only');
  const winner = await readKeyFile(file);
  if (winner === undefined) {
    throw new StoreError('OAC_STORE_IO', `the store key file ${file} vanished right after it was created`);
  }
  return { key: winner, source: `key file ${file}` };
}

/** Decodes base64url of exactly 32 bytes; `from` names the source in the error, never the value. */
export function decodeStoreKey(text: string, from: string): Uint8Array {
  // Canonical base64url only (43 characters, no padding): re-encoding must give the same text.
  const bytes = Buffer.from(text, 'base64url');
  if (!/^[A-Za-z0-9_-]*$/.test(text) || bytes.length !== STORE_KEY_BYTES || bytes.toString('base64url') !== text) {
    throw new StoreError(
      'OAC_STORE_KEY_MALFORMED',
      `the store key in ${from} must be the base64url (no padding) of ${STORE_KEY_BYTES} bytes, got ${text.length} characters; make one with: ${HOW_TO_GENERATE}`,
    );
  }
  return new Uint8Array(bytes);
}

/** The key in `file`, or undefined when there is no such file. Refuses a file others can reach. */
async function readKeyFile(file: string): Promise<Uint8Array | undefined> {
  let handle;
  try {
    // O_NOFOLLOW: a symlink planted in place of the key file is refused, not followed.
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    if (errnoCode(error) === 'ELOOP') {
      throw new StoreError('OAC_STORE_KEY_PERMISSIONS', `the store key file ${file} is a symbolic link; it must be a regular file`);
    }
    throw new StoreError('OAC_STORE_IO', `cannot read the store key file ${file}: ${errnoCode(error) ?? 'error'}`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new StoreError('OAC_STORE_KEY_PERMISSIONS', `the store key file ${file} is not a regular file`);
    }
    // Like ssh with private keys: a key others could read may already be someone else's.
    if ((stats.mode & 0o077) !== 0) {
      const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
      throw new StoreError(
        'OAC_STORE_KEY_PERMISSIONS',
        `the store key file ${file} has mode ${mode}, open to group or others; it must be 0600 (chmod 600 ${file}, and consider the key exposed)`,
      );
    }
    const text = (await handle.readFile('utf8')).trim();
    return decodeStoreKey(text, `key file ${file}`);
  } finally {
    await handle.close();
  }
}
