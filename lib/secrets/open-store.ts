// From a store's configuration (as it appears in a HostSpec) to a working store: paths are resolved
// against the project root, env-var names against the given environment. Each kind's module (and
// its driver: pg, the AWS SDK) is loaded only when a store of that kind is opened, so the handler
// stays small for everyone who uses another.
import { resolve } from 'node:path';
import type { HttpClient, Redactor } from '../http';
import type { FileStoreSpec, StoreSpec } from '../model';
import { FileSecretStore } from './file-store';
import type { SecretStoreBackend } from './secret-store';
import { StoreError } from './store-error';
import { decodeStoreKey, resolveStoreKey } from './store-key';

/** The embedded file store's settings; `keyEnv` may be left out (the default variable). */
export type FileStoreConfig = Omit<FileStoreSpec, 'keyEnv'> & { readonly keyEnv?: string };

/** Every store kind, as the HostSpec holds it. */
export type StoreConfig = Exclude<StoreSpec, FileStoreSpec> | FileStoreConfig;

export interface OpenStoreOptions {
  /** Absolute path that relative store directories and CA files are resolved against. */
  readonly projectRoot: string;
  /** Where env-var names in the config are looked up (usually process.env). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * The HTTP client for stores that speak HTTP (Vault): the handler's one client, with its
   * timeouts, retries and redaction. @default - a client of the store's own
   */
  readonly http?: HttpClient;
  /** Learns the tokens a store sends (Vault's), so no log line or error shows them. @default - a redactor of the store's own */
  readonly redactor?: Redactor;
}

/**
 * Opens the store `config` describes. For a file store without a key in the environment and
 * without a key file, this creates the directory and a new key file. Remote stores connect on
 * first use, so opening one costs nothing when it is not used.
 */
export async function openSecretStore(config: StoreConfig, options: OpenStoreOptions): Promise<SecretStoreBackend> {
  switch (config.kind) {
    case 'file': {
      const directory = resolve(options.projectRoot, config.directory);
      const { key } = await resolveStoreKey({ directory, keyEnv: config.keyEnv, env: options.env });
      return new FileSecretStore({ directory, key, description: `file store ${config.directory}` });
    }
    case 'postgres': {
      const description = `postgres store ${config.table} (connection string in ${config.connectionStringEnv})`;
      const { PostgresSecretStore } = require('./postgres-store') as typeof import('./postgres-store');
      return new PostgresSecretStore({
        connectionString: requiredEnv(options.env, config.connectionStringEnv, description, 'a PostgreSQL connection string'),
        table: config.table,
        key: decodeStoreKey(requiredEnv(options.env, config.keyEnv, description, 'the store key'), `environment variable ${config.keyEnv}`),
        description,
      });
    }
    case 'vault': {
      const { openVaultStore } = require('./vault-store') as typeof import('./vault-store');
      return openVaultStore(config, options);
    }
    case 'aws-secrets-manager': {
      const { AwsSecretsManagerStore } = require('./aws-secrets-manager-store') as typeof import('./aws-secrets-manager-store');
      return new AwsSecretsManagerStore(config);
    }
    case 'pass': {
      const { PassSecretStore } = require('./pass-store') as typeof import('./pass-store');
      return new PassSecretStore(config, options.env);
    }
    default: {
      const unknownKind: never = config;
      throw new Error(`unknown store kind '${String((unknownKind as { kind: unknown }).kind)}'`);
    }
  }
}

/** The value of env var `name`, or a StoreError naming the store, the variable and what it holds. */
export function requiredEnv(env: NodeJS.ProcessEnv, name: string, store: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new StoreError('OAC_STORE_CONFIG', `${store}: environment variable ${name} must hold ${what}, and it is not set`, { store });
  }
  return value;
}
