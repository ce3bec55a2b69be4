// The one error type of lib/secrets: a stable code, the entry key and the store it concerns, and a
// message that says the rule. Never a stored value, never key material.

export type StoreErrorCode =
  /** An entry key or list prefix breaks the key rules. */
  | 'OAC_STORE_ENTRY_KEY'
  /** A value to store is not a JSON object. */
  | 'OAC_STORE_VALUE'
  /** A file did not decrypt: another store key, or a modified file. */
  | 'OAC_STORE_DECRYPT'
  /** A file decrypted but was written for another entry key (copied or renamed). */
  | 'OAC_STORE_MISPLACED'
  /** The store key (encryption key) given by env var or key file is malformed. */
  | 'OAC_STORE_KEY_MALFORMED'
  /** The store key file is open to group or others. */
  | 'OAC_STORE_KEY_PERMISSIONS'
  /** The store holds entries but no store key was given and no key file exists. */
  | 'OAC_STORE_KEY_MISSING'
  /** The file system refused an operation. */
  | 'OAC_STORE_IO'
  /** A store's settings or environment (connection string, token, key) are missing or malformed. */
  | 'OAC_STORE_CONFIG'
  /** The store could not be reached or refused an operation (a server, a command). */
  | 'OAC_STORE_UNAVAILABLE'
  /** The store was written by a newer version of this tool (a schema it does not know). */
  | 'OAC_STORE_VERSION';

export interface StoreErrorDetails {
  /** The entry key concerned, when there is one. */
  readonly key?: string;
  /** The store's description. */
  readonly store?: string;
  /** The underlying error (a file system or jose error: neither carries values or key material). */
  readonly cause?: unknown;
}

export class StoreError extends Error {
  public readonly code: StoreErrorCode;
  public readonly key?: string;
  public readonly store?: string;

  constructor(code: StoreErrorCode, message: string, details: StoreErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StoreError';
    this.code = code;
    this.key = details.key;
    this.store = details.store;
  }
}

/**
 * Shows a key or prefix in a message. Keys are names, not secrets, but a rejected one may hold
 * anything: control characters are escaped and very long input is cut.
 */
export function quoteName(name: string): string {
  const shown = name.length > 120 ? `${name.slice(0, 120)}…` : name;
  return /^[\x20-\x7e…]*$/.test(shown) ? `'${shown}'` : JSON.stringify(shown);
}

/** The errno code of a Node.js system error, if it is one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
