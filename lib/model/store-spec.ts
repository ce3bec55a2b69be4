// Where secrets and the ledger live. Only non-secret settings: addresses, paths, table and mount
// names, and the NAMES of the environment variables that hold connection strings, tokens and keys.
import * as z from 'zod';
import { canonicalJson } from './canonical-json';
import { STORE_DEFAULTS } from './defaults';
import { EnvVarNameSchema } from './names';

/** A path relative to the project root: the synthesized JSON holds no absolute machine path. */
const RelativeDirectorySchema = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p), 'must be relative to the project root')
  .refine((p) => !p.split(/[\\/]/).includes('..'), "must not contain '..'")
  // One spelling per directory (`./x/` is `x`), so every comparison of stores (duplicate
  // exports, the reconciler's store list) sees one store.
  .transform((p) => p.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.').join('/') || '.');

/** A store-side name prefix: '/'-separated segments of safe characters, no leading or trailing '/'. */
const NamePrefixSchema = z
  .string()
  .max(200)
  .regex(/^([A-Za-z0-9_@-][A-Za-z0-9_@.-]*(\/[A-Za-z0-9_@-][A-Za-z0-9_@.-]*)*)?$/, "must be '/'-separated segments of letters, digits, '_', '@', '.', '-' (no leading or trailing '/')");

export const FileStoreSpecSchema = z.object({
  kind: z.literal('file'),
  directory: RelativeDirectorySchema.default(STORE_DEFAULTS.fileDirectory),
  keyEnv: EnvVarNameSchema.default(STORE_DEFAULTS.fileKeyEnv),
  /**
   * A production host refuses the file store when the `CI` env var is set (a pipeline runner's
   * disk is thrown away with the ledger on it) unless this says the loss is accepted.
   */
  allowInPipeline: z.boolean().optional(),
});

export const PostgresStoreSpecSchema = z.object({
  kind: z.literal('postgres'),
  /** The env var holding a libpq connection string (`postgres://user:pass@host/db?sslmode=require`). */
  connectionStringEnv: EnvVarNameSchema,
  /** `table` or `schema.table`: lower-case SQL identifiers, created on first use. */
  table: z
    .string()
    .regex(/^([a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,50}$/, "must be 'table' or 'schema.table' of lower-case letters, digits and '_' (at most 50 for the table)")
    .default(STORE_DEFAULTS.postgresTable),
  /** The env var holding the 32-byte key that encrypts each value (as the file store's). */
  keyEnv: EnvVarNameSchema.default(STORE_DEFAULTS.fileKeyEnv),
});

/** An https URL, or http to a loopback address (a development Vault). */
const AddressSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname));
  } catch {
    return false;
  }
}, 'must be an https URL without credentials, query or fragment (http only to 127.0.0.1, [::1] or localhost)');

export const VaultStoreSpecSchema = z.object({
  kind: z.literal('vault'),
  /** The Vault server, e.g. `https://vault.example.com:8200`. */
  address: AddressSchema,
  /** The KV v2 secrets engine's mount path. */
  mount: NamePrefixSchema.min(1).default(STORE_DEFAULTS.vaultMount),
  /** A path inside the mount under which every entry lives. */
  pathPrefix: NamePrefixSchema.default(STORE_DEFAULTS.vaultPathPrefix),
  /** The env var holding the Vault token (X-Vault-Token). */
  tokenEnv: EnvVarNameSchema.default(STORE_DEFAULTS.vaultTokenEnv),
  /** Vault Enterprise / HCP namespace (X-Vault-Namespace). */
  namespace: NamePrefixSchema.min(1).optional(),
  /** A PEM file of the CA that signed Vault's certificate, relative to the project root or absolute. */
  caFile: z.string().min(1).max(500).optional(),
});

export const AwsSecretsManagerStoreSpecSchema = z.object({
  kind: z.literal('aws-secrets-manager'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be an AWS region such as 'eu-central-1'"),
  /** Secret names are `<prefix>/<key>`. */
  prefix: NamePrefixSchema.min(1).default(STORE_DEFAULTS.awsPrefix),
  /** Another endpoint (a VPC endpoint, LocalStack). */
  endpoint: AddressSchema.optional(),
  /** Days a deleted export can be restored (7 to 30); without it exports are deleted at once. */
  recoveryWindowDays: z.number().int().min(7).max(30).optional(),
});

export const PassStoreSpecSchema = z.object({
  kind: z.literal('pass'),
  /** Entries are `<prefix>/<key>` in the password store (PASSWORD_STORE_DIR or ~/.password-store). */
  prefix: NamePrefixSchema.min(1).default(STORE_DEFAULTS.passPrefix),
});

export const StoreSpecSchema = z.discriminatedUnion('kind', [
  FileStoreSpecSchema,
  PostgresStoreSpecSchema,
  VaultStoreSpecSchema,
  AwsSecretsManagerStoreSpecSchema,
  PassStoreSpecSchema,
]);
export type StoreSpec = z.output<typeof StoreSpecSchema>;
export type StoreSpecInput = z.input<typeof StoreSpecSchema>;
export type StoreKind = StoreSpec['kind'];
export type FileStoreSpec = z.output<typeof FileStoreSpecSchema>;
export type PostgresStoreSpec = z.output<typeof PostgresStoreSpecSchema>;
export type VaultStoreSpec = z.output<typeof VaultStoreSpecSchema>;
export type AwsSecretsManagerStoreSpec = z.output<typeof AwsSecretsManagerStoreSpecSchema>;
export type PassStoreSpec = z.output<typeof PassStoreSpecSchema>;

/**
 * One string per store, equal for equal settings: how the reconciler, the duplicate-export check
 * and `store migrate` tell stores apart.
 */
export const storeIdentity = (store: StoreSpec): string =>
  store.kind === 'file' ? `file:${store.directory}` : canonicalJson(store);

/** Stores whose data outlives the machine that ran the deploy (a pipeline runner's disk does not). */
export const isDurableStore = (store: StoreSpec): boolean => store.kind !== 'file';
