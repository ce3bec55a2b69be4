// Choosing where a host's client secrets are exported and where the backend keeps its ledger, in
// code, the way AWS CDK chooses e.g. a bucket's encryption: static factories returning a value.
// Only addresses, paths, table and mount names and the NAMES of environment variables are kept:
// they go into the synthesized spec, so no connection string, token or key ever does.
import type { Construct } from 'constructs';
import type { StoreSpecInput } from '../model';

export interface FileStoreOptions {
  /**
   * The store directory, relative to the project root.
   * @default '.oauth-clients/store'
   */
  readonly directory?: string;
  /**
   * The env var that may hold the 32-byte store key (base64url); without it a 0600 key file is generated.
   * @default 'OAUTH_CLIENTS_STORE_KEY'
   */
  readonly keyEnv?: string;
  /**
   * Let a production host use this store in a pipeline (`CI` set). A runner's disk is thrown away
   * with the ledger on it, and a deploy without its ledger refuses to touch the existing clients.
   * @default false - a production host refuses the file store when `CI` is set
   */
  readonly allowInPipeline?: boolean;
}

export interface PostgresStoreOptions {
  /** The NAME of the env var holding a libpq connection string (`postgres://user:pass@host:5432/db?sslmode=require`). */
  readonly connectionStringEnv: string;
  /**
   * `table` or `schema.table`; created on first use (with `<table>_schema` for its layout version).
   * @default 'oauth_clients_store'
   */
  readonly table?: string;
  /**
   * The NAME of the env var holding the 32-byte key (base64url) that encrypts every value (JWE A256GCM).
   * @default 'OAUTH_CLIENTS_STORE_KEY'
   */
  readonly keyEnv?: string;
}

export interface VaultStoreOptions {
  /** The Vault server: https, or http to a loopback address. */
  readonly address: string;
  /**
   * The KV version 2 secrets engine's mount path.
   * @default 'secret'
   */
  readonly mount?: string;
  /**
   * The path inside the mount under which every entry lives.
   * @default 'oauth-clients'
   */
  readonly pathPrefix?: string;
  /**
   * The NAME of the env var holding the Vault token.
   * @default 'VAULT_TOKEN'
   */
  readonly tokenEnv?: string;
  /**
   * The Vault Enterprise / HCP namespace (`X-Vault-Namespace`).
   * @default - no namespace header
   */
  readonly namespace?: string;
  /**
   * A PEM file of the CA that signed Vault's certificate (relative to the project root, or absolute).
   * @default - the system's roots
   */
  readonly caFile?: string;
}

export interface AwsSecretsManagerStoreOptions {
  /** The region, e.g. 'eu-central-1'. Credentials come from the AWS SDK's standard chain. */
  readonly region: string;
  /**
   * Secret names are `<prefix>/<path>`.
   * @default 'oauth-clients'
   */
  readonly prefix?: string;
  /**
   * Another endpoint (a VPC interface endpoint, LocalStack).
   * @default - the region's public endpoint
   */
  readonly endpoint?: string;
  /**
   * Days a deleted export stays restorable (7 to 30). The backend's own records are always deleted at once.
   * @default - exports are deleted without a recovery window
   */
  readonly recoveryWindowDays?: number;
}

export interface PassStoreOptions {
  /**
   * Entries are `<prefix>/<path>` in the password store (`PASSWORD_STORE_DIR`, else `~/.password-store`).
   * @default 'oauth-clients'
   */
  readonly prefix?: string;
}

/** A secret store chosen in code. Hand it to a Host (`store`, `ledgerStore`) or to `HostDefaults`. */
export class SecretStore {
  static isSecretStore(x: unknown): x is SecretStore {
    return x instanceof SecretStore;
  }

  /** Encrypted files in the project (the default): for development; a pipeline runner's disk does not last. */
  static file(options: FileStoreOptions = {}): SecretStore {
    return new SecretStore({ kind: 'file', ...options });
  }

  /** PostgreSQL (e.g. the database of Terraform's `pg` state backend), values encrypted with a key from an env var. */
  static postgres(options: PostgresStoreOptions): SecretStore {
    return new SecretStore({ kind: 'postgres', ...options });
  }

  /** HashiCorp Vault's KV version 2 engine: applications read their credentials with `vault kv get`. */
  static vault(options: VaultStoreOptions): SecretStore {
    return new SecretStore({ kind: 'vault', ...options });
  }

  /** AWS Secrets Manager, one secret per entry. */
  static awsSecretsManager(options: AwsSecretsManagerStoreOptions): SecretStore {
    return new SecretStore({ kind: 'aws-secrets-manager', ...options });
  }

  /** The standard unix password manager `pass` (GnuPG), e.g. on a developer's or an operator's machine. */
  static pass(options: PassStoreOptions = {}): SecretStore {
    return new SecretStore({ kind: 'pass', ...options });
  }

  private constructor(
    /** The store as declared; the Host validates it (and fills its defaults) at synth. */
    readonly spec: StoreSpecInput,
  ) {}
}

/** A Host's `store` / `ledgerStore`: a `SecretStore`, or its spec written out. */
export type SecretStoreLike = SecretStore | StoreSpecInput;

export const storeSpecOf = (store: SecretStoreLike): StoreSpecInput => (SecretStore.isSecretStore(store) ? store.spec : store);

export interface HostDefaultsProps {
  /**
   * Where every host of the app exports client credentials unless it says otherwise.
   * @default - the file store, or the app context `oauth-clients:store` (a store spec as JSON)
   */
  readonly store?: SecretStoreLike;
  /**
   * Where every host of the app keeps its ledger unless it says otherwise.
   * @default - each host's `store`, or the app context `oauth-clients:ledgerStore`
   */
  readonly ledgerStore?: SecretStoreLike;
}

const defaultsByRoot = new WeakMap<object, HostDefaultsProps>();

/** App-wide defaults for the Hosts of one app: set them before declaring the hosts. */
export class HostDefaults {
  /** Sets the defaults of the app `scope` belongs to (usually the App itself). */
  static set(scope: Construct, defaults: HostDefaultsProps): void {
    defaultsByRoot.set(scope.node.root, { ...defaults });
  }

  /** The defaults that apply in `scope`: those set in code, else the app context. */
  static of(scope: Construct): HostDefaultsProps {
    const set = defaultsByRoot.get(scope.node.root) ?? {};
    const context = (name: string) => scope.node.tryGetContext(name) as StoreSpecInput | undefined;
    return {
      store: set.store ?? context('oauth-clients:store'),
      ledgerStore: set.ledgerStore ?? context('oauth-clients:ledgerStore'),
    };
  }
}
