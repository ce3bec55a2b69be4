// One entry as a JWE compact string (RFC 7516 §7.1): `dir` + A256GCM under the store key, with the
// entry key in the integrity-protected header so a file moved to another key is detected.
import { CompactEncrypt, compactDecrypt } from 'jose';
import type { StoredValue } from '../secret-store';
import { quoteName, StoreError } from '../store-error';

/** Private header parameter (RFC 7516 §4.3) naming the entry key the file was written for. */
export const ENTRY_KEY_HEADER = 'oac.key';

export interface EntryContext {
  readonly key: string;
  readonly store: string;
}

/** Encrypts `value` for `context.key`; throws a StoreError when it is not a JSON object. */
export async function sealEntry(context: EntryContext, value: StoredValue, storeKey: Uint8Array): Promise<string> {
  const json = toJsonObject(context, value);
  return new CompactEncrypt(new TextEncoder().encode(json))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', [ENTRY_KEY_HEADER]: context.key })
    .encrypt(storeKey);
}

/** Decrypts a file's text and checks it was written for `context.key`. */
export async function openEntry(context: EntryContext, jwe: string, storeKey: Uint8Array): Promise<StoredValue> {
  let result;
  try {
    result = await compactDecrypt(jwe.trim(), storeKey, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
  } catch (error) {
    // jose's messages hold no key material, but they say little to a user: keep them as the cause.
    throw new StoreError(
      'OAC_STORE_DECRYPT',
      `cannot decrypt ${quoteName(context.key)} in ${context.store}: wrong store key or tampered file`,
      { key: context.key, store: context.store, cause: error },
    );
  }
  // The header is authenticated by the GCM tag, so this check cannot be forged without the key.
  const writtenFor = result.protectedHeader[ENTRY_KEY_HEADER];
  if (writtenFor !== context.key) {
    const shown = typeof writtenFor === 'string' ? quoteName(writtenFor) : 'no key';
    throw new StoreError(
      'OAC_STORE_MISPLACED',
      `cannot read ${quoteName(context.key)} in ${context.store}: the file was written for ${shown} (copied or renamed?)`,
      { key: context.key, store: context.store },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(result.plaintext));
  } catch {
    // V8's SyntaxError quotes the text it failed on, which here is the secret: drop it.
    value = undefined;
  }
  if (!isJsonObject(value)) {
    throw new StoreError('OAC_STORE_VALUE', `${quoteName(context.key)} in ${context.store} does not hold a JSON object`, {
      key: context.key,
      store: context.store,
    });
  }
  return value;
}

function toJsonObject(context: EntryContext, value: StoredValue): string {
  const refuse = (rule: string): never => {
    throw new StoreError('OAC_STORE_VALUE', `value for ${quoteName(context.key)} in ${context.store} ${rule}`, {
      key: context.key,
      store: context.store,
    });
  };
  if (!isJsonObject(value)) refuse('must be a JSON object');
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // The TypeError can quote property names of the value; say the rule only.
    return refuse('must be JSON-serializable (no BigInt, no cycles)');
  }
  if (json === undefined || !json.startsWith('{')) return refuse('must serialize to a JSON object');
  return json;
}

function isJsonObject(value: unknown): value is StoredValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
