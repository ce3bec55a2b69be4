// The drift report as data: `--format json` prints it, the Markdown is rendered from it. Never a
// secret: client ids, field names, declared and observed values of non-secret fields only.
import { z } from 'zod';

export const DRIFT_SCHEMA_VERSION = 1;

export const FindingKindSchema = z
  .enum(['missing', 'stale', 'duplicated', 'vanished', 'unmanageable', 'undeclared'])
  .describe(
    'missing: declared, no client recorded; stale: recorded and present, but the declaration or the provider differs; ' +
      'duplicated: the provider holds another client of the declared name that no ledger record manages; ' +
      'vanished: recorded, but the provider no longer has it; unmanageable: the provider refuses the recorded management ' +
      'credential while the client still exists; undeclared: a ledger record of a client the app no longer declares',
  );
export type FindingKind = z.infer<typeof FindingKindSchema>;

export const FieldDriftSchema = z.object({
  field: z.string(),
  /** Where the value differs from the declaration: the ledger (declared, not applied) or the provider. */
  at: z.enum(['ledger', 'provider']),
  declared: z.unknown(),
  actual: z.unknown(),
});
export type FieldDrift = z.infer<typeof FieldDriftSchema>;

export const FindingSchema = z.object({
  kind: FindingKindSchema,
  host: z.string(),
  key: z.string(),
  stack: z.string(),
  /** The Terraform resource declaring the client, when the app declares it. */
  resource: z.string().optional(),
  clientId: z.string().optional(),
  detail: z.string(),
  fields: z.array(FieldDriftSchema).optional(),
  /** The command (or, where no command exists, the step) that brings it back to the declaration. */
  fix: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const DriftReportSchema = z.object({
  schemaVersion: z.literal(DRIFT_SCHEMA_VERSION),
  converged: z.boolean(),
  stacks: z.array(z.string()),
  /** Declared clients checked. */
  clients: z.number(),
  findings: z.array(FindingSchema),
  /** What could not be checked, and why (a host whose API cannot list clients: no duplicate check). */
  notChecked: z.array(z.string()),
});
export type DriftReport = z.infer<typeof DriftReportSchema>;
