// Secret stores: where exported client secrets and the backend's ledger live.
export type { SecretStoreBackend, StoredValue } from './secret-store';
export { StoreError, type StoreErrorCode, type StoreErrorDetails } from './store-error';
export { checkEntryKey, checkEntryPrefix, entryKeyProblem, MAX_ENTRY_KEY_LENGTH, MAX_SEGMENT_LENGTH } from './entry-key';
export { FileSecretStore, type FileSecretStoreOptions } from './file-store';
export { decodeStoreKey, resolveStoreKey, STORE_KEY_BYTES, STORE_KEY_FILE, type ResolvedStoreKey, type StoreKeyOptions } from './store-key';
export { openSecretStore, requiredEnv, type FileStoreConfig, type OpenStoreOptions, type StoreConfig } from './open-store';
export { LazySecretStore } from './lazy-store';
