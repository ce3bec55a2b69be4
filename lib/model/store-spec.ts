// Where secrets and the ledger live. Only non-secret settings: key material is named by env var.
import * as z from 'zod';
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

export const FileStoreSpecSchema = z.object({
  kind: z.literal('file'),
  directory: RelativeDirectorySchema.default(STORE_DEFAULTS.fileDirectory),
  keyEnv: EnvVarNameSchema.default(STORE_DEFAULTS.fileKeyEnv),
});

export const StoreSpecSchema = z.discriminatedUnion('kind', [FileStoreSpecSchema]);
export type StoreSpec = z.output<typeof StoreSpecSchema>;
export type StoreSpecInput = z.input<typeof StoreSpecSchema>;
