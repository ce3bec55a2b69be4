// What the backend remembers, under the store's reserved prefix (docs/design.md §4): the ledger (one
// record per managed client), the intent written before a create, and the journal holding the
// provider's answer until the ledger has it. Journal and ledger hold credentials: store-only.
import * as z from 'zod';
import { ClientSpecSchema, RESERVED_STORE_PREFIX } from '../model';

const HandleSchema = z.record(z.string(), z.string());

export const LedgerRecordSchema = z.object({
  recordVersion: z.literal(1),
  host: z.string(),
  key: z.string(),
  stack: z.string(),
  clientId: z.string(),
  handle: HandleSchema,
  /** The Terraform resource instance that currently owns the client (docs/design.md §3 owner guard). */
  ownerInstance: z.string(),
  specHash: z.string(),
  /** The last applied spec: prune deletes from it after the declaration is gone. */
  spec: ClientSpecSchema,
  exportPath: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When `oauth-clients rotate` last replaced the secret and its export (the one deliberate overwrite). */
  secretRotatedAt: z.string().optional(),
});
export type LedgerRecord = z.output<typeof LedgerRecordSchema>;

export const IntentRecordSchema = z.object({
  attemptId: z.string(),
  at: z.string(),
  stack: z.string(),
  clientName: z.string(),
});
export type IntentRecord = z.output<typeof IntentRecordSchema>;

export const JournalRecordSchema = z.object({
  attemptId: z.string(),
  at: z.string(),
  clientId: z.string(),
  clientSecret: z.string().optional(),
  handle: HandleSchema,
  /** The client this one replaces (it vanished at the provider); its stale export may be replaced. */
  replacesClientId: z.string().optional(),
});
export type JournalRecord = z.output<typeof JournalRecordSchema>;

const base = `${RESERVED_STORE_PREFIX}`;
export const recordKeys = {
  ledgerPrefix: `${base}ledger/`,
  ledger: (host: string, key: string) => `${base}ledger/${host}/${key}`,
  intent: (host: string, key: string) => `${base}intent/${host}/${key}`,
  journal: (host: string, key: string) => `${base}journal/${host}/${key}`,
  /** The stack's witness record; stack ids may hold characters keys do not allow. */
  witness: (stack: string) => `${base}stack/${stack.replace(/[^A-Za-z0-9._@-]/g, '_').replace(/^\./, '_')}`,
} as const;
