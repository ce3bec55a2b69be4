// The rules for the keys a store holds: slash-separated segments that every store (a directory
// tree, Vault paths, `pass` names) can hold without escaping, and that cannot climb out of the store.
import { quoteName, StoreError } from './store-error';

/** Long enough for host / client-key / purpose paths; short enough for every store's path limits. */
export const MAX_ENTRY_KEY_LENGTH = 512;

/** File systems cap a name at 255 bytes; stores add a suffix (".jwe", ".gpg") and temp-file decoration. */
export const MAX_SEGMENT_LENGTH = 200;

const ALLOWED = /^[A-Za-z0-9._@/-]*$/;

/** The first rule `key` breaks, or undefined when it is a valid entry key. */
export function entryKeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'must not be empty';
  if (key.length > MAX_ENTRY_KEY_LENGTH) return `must be at most ${MAX_ENTRY_KEY_LENGTH} characters, got ${key.length}`;
  const bad = [...key].findIndex((c) => !ALLOWED.test(c));
  if (bad >= 0) return `must only use letters, digits, '.', '_', '@', '-' and '/', got ${quoteName([...key][bad])} at position ${bad}`;
  if (key.startsWith('/')) return "must not start with '/'";
  const segments = key.split('/');
  if (segments.includes('')) return "must not have an empty segment ('//' or a trailing '/')";
  if (segments.some((s) => s === '.' || s === '..')) return "must not have '.' or '..' segments";
  const long = segments.find((s) => s.length > MAX_SEGMENT_LENGTH);
  if (long !== undefined) return `segments must be at most ${MAX_SEGMENT_LENGTH} characters, got one of ${long.length}`;
  // Hidden names are the stores' own files (the file store's key file and temp files).
  const hidden = segments.find((s) => s.startsWith('.'));
  if (hidden !== undefined) return `segments must not start with '.', got ${quoteName(hidden)}`;
  return undefined;
}

/** Returns `key` when valid; throws a StoreError naming the key and the rule otherwise. */
export function checkEntryKey(key: string, store?: string): string {
  const problem = entryKeyProblem(key);
  if (problem !== undefined) {
    throw new StoreError('OAC_STORE_ENTRY_KEY', `entry key ${quoteName(String(key))} ${problem}`, { key: String(key), store });
  }
  return key;
}

/**
 * Returns `prefix` when it is "" or the start of a valid key: the part before its last '/' is a
 * valid key, and the rest uses allowed characters. Throws a StoreError otherwise.
 */
export function checkEntryPrefix(prefix: string, store?: string): string {
  if (prefix === '') return prefix;
  const fail = (rule: string): never => {
    throw new StoreError('OAC_STORE_ENTRY_KEY', `list prefix ${quoteName(String(prefix))} ${rule}`, { store });
  };
  if (typeof prefix !== 'string') return fail('must be a string');
  if (prefix.length > MAX_ENTRY_KEY_LENGTH) fail(`must be at most ${MAX_ENTRY_KEY_LENGTH} characters, got ${prefix.length}`);
  const cut = prefix.lastIndexOf('/');
  const directory = cut < 0 ? '' : prefix.slice(0, cut);
  const partial = cut < 0 ? prefix : prefix.slice(cut + 1);
  if (cut === 0) fail("must not start with '/'");
  if (directory !== '') {
    const problem = entryKeyProblem(directory);
    if (problem !== undefined) fail(problem);
  }
  if (!ALLOWED.test(partial)) fail("must only use letters, digits, '.', '_', '@', '-' and '/'");
  return prefix;
}
