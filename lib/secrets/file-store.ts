// The embedded default store: one JWE file per entry under a directory (0700 directories, 0600
// files), written atomically so that Terraform's parallel provisioners (10 by default) can share it.
import { readFile } from 'node:fs/promises';
import { checkEntryKey, checkEntryPrefix } from './entry-key';
import { writeFileAtomically, removeFile } from '../files/atomic-file';
import { ENTRY_SUFFIX, entryFile, walkEntryKeys } from './private/entry-files';
import { openEntry, sealEntry } from './private/jwe-entry';
import type { SecretStoreBackend, StoredValue } from './secret-store';
import { errnoCode, quoteName, StoreError } from './store-error';
import { STORE_KEY_BYTES } from './store-key';

export interface FileSecretStoreOptions {
  /** Absolute path of the store directory. */
  readonly directory: string;
  /** The 32-byte store key (see `resolveStoreKey`). The store keeps its own copy. */
  readonly key: Uint8Array;
  /**
   * How messages name this store; must not contain key material.
   * @default - "file store <directory>"
   */
  readonly description?: string;
}

export class FileSecretStore implements SecretStoreBackend {
  public readonly description: string;
  public readonly directory: string;
  // A private field: util.inspect, JSON.stringify and error reporters do not show it.
  readonly #key: Uint8Array;

  constructor(options: FileSecretStoreOptions) {
    if (options.key.length !== STORE_KEY_BYTES) {
      throw new StoreError('OAC_STORE_KEY_MALFORMED', `a file store key must be ${STORE_KEY_BYTES} bytes, got ${options.key.length}`);
    }
    this.directory = options.directory;
    this.description = options.description ?? `file store ${options.directory}`;
    this.#key = new Uint8Array(options.key);
  }

  public async get(key: string): Promise<StoredValue | undefined> {
    const file = this.fileOf(key);
    let jwe: string;
    try {
      jwe = await readFile(file, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined;
      throw this.ioError('read', key, error);
    }
    return openEntry({ key, store: this.description }, jwe, this.#key);
  }

  public async putIfAbsent(key: string, value: StoredValue): Promise<'created' | 'exists'> {
    const file = this.fileOf(key);
    const jwe = await sealEntry({ key, store: this.description }, value, this.#key);
    try {
      return (await writeFileAtomically(file, jwe, 'create-only')) === 'written' ? 'created' : 'exists';
    } catch (error) {
      throw this.ioError('create', key, error);
    }
  }

  public async put(key: string, value: StoredValue): Promise<void> {
    const file = this.fileOf(key);
    const jwe = await sealEntry({ key, store: this.description }, value, this.#key);
    try {
      await writeFileAtomically(file, jwe, 'replace');
    } catch (error) {
      throw this.ioError('write', key, error);
    }
  }

  public async delete(key: string): Promise<boolean> {
    const file = this.fileOf(key);
    try {
      return await removeFile(file);
    } catch (error) {
      if (errnoCode(error) === 'ENOTDIR') return false;
      throw this.ioError('delete', key, error);
    }
  }

  public async list(prefix: string): Promise<string[]> {
    checkEntryPrefix(prefix, this.description);
    // Walk only the deepest directory the prefix names completely; filter the rest by string.
    const subdirectory = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    try {
      const keys = await walkEntryKeys(this.directory, subdirectory);
      return keys.filter((k) => k.startsWith(prefix)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (error) {
      throw new StoreError('OAC_STORE_IO', `cannot list ${quoteName(prefix)} in ${this.description}: ${errnoCode(error) ?? 'error'}`, {
        store: this.description,
        cause: error,
      });
    }
  }

  private fileOf(key: string): string {
    checkEntryKey(key, this.description);
    // "a.jwe/b" would need a directory where entry "a" keeps its file.
    if (key.split('/').some((segment) => segment.endsWith(ENTRY_SUFFIX))) {
      throw new StoreError('OAC_STORE_ENTRY_KEY', `entry key ${quoteName(key)} must not have a segment ending in '${ENTRY_SUFFIX}' in a file store`, {
        key,
        store: this.description,
      });
    }
    return entryFile(this.directory, key);
  }

  private ioError(action: string, key: string, error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    return new StoreError('OAC_STORE_IO', `cannot ${action} ${quoteName(key)} in ${this.description}: ${errnoCode(error) ?? 'error'}`, {
      key,
      store: this.description,
      cause: error,
    });
  }
}
