// From a store's configuration (as it appears in a HostSpec) to a working SecretStore: paths are
// resolved against the project root, the key against the given environment.
import { resolve } from 'node:path';
import { FileSecretStore } from './file-store';
import type { SecretStore } from './secret-store';
import { resolveStoreKey } from './store-key';

/** The embedded file store's settings; only names, never key material. */
export interface FileStoreConfig {
  readonly kind: 'file';
  /** The store directory, relative to the project root (so synthesized JSON is machine-independent). */
  readonly directory: string;
  /**
   * The environment variable that may hold the store key; without it, a key file is generated.
   * @default 'OAUTH_CLIENTS_STORE_KEY'
   */
  readonly keyEnv?: string;
}

/** Every store kind; Vault KV v2 and a command store join this union. */
export type StoreConfig = FileStoreConfig;

export interface OpenStoreOptions {
  /** Absolute path that relative store directories are resolved against. */
  readonly projectRoot: string;
  /** Where env-var names in the config are looked up (usually process.env). */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Opens the store `config` describes. For a file store without a key in the environment and
 * without a key file, this creates the directory and a new key file.
 */
export async function openSecretStore(config: StoreConfig, options: OpenStoreOptions): Promise<SecretStore> {
  switch (config.kind) {
    case 'file': {
      const directory = resolve(options.projectRoot, config.directory);
      const { key } = await resolveStoreKey({ directory, keyEnv: config.keyEnv, env: options.env });
      return new FileSecretStore({ directory, key, description: `file store ${config.directory}` });
    }
    default: {
      const unknownKind: never = config.kind;
      throw new Error(`unknown store kind '${String(unknownKind)}'`);
    }
  }
}
