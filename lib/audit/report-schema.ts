// The audit report as data: the one schema `--format json` follows and the Markdown is rendered
// from. Types are inferred from it; audit-report.schema.json is generated from it for other tools.
import { z } from 'zod';
import { HostEnvironmentSchema } from '../model';

/** Bumped whenever a field is added, removed or changes meaning: tools can pin the version they read. */
export const AUDIT_SCHEMA_VERSION = 1;

export const SeveritySchema = z.enum(['high', 'medium']).describe('high: block unless intended; medium: read before approving');
export type Severity = z.infer<typeof SeveritySchema>;

export const FlagCodeSchema = z
  .enum([
    'write-scope-added',
    'scope-widened-production',
    'client-credentials-client',
    'insecure-redirect-production',
    'pkce-disabled',
    'public-confidential-switch',
    'production-client-removed',
    'export-path-changed',
  ])
  .describe('What kind of risk; the README table says when each is raised and with which severity');
export type FlagCode = z.infer<typeof FlagCodeSchema>;

export const FlagSchema = z.object({
  severity: SeveritySchema,
  code: FlagCodeSchema,
  host: z.string().describe('The host name'),
  client: z.string().describe('The client key'),
  reason: z.string().describe('Why it is risky, in one sentence for a reviewer; it never quotes declared values'),
  subject: z.string().optional().describe("The declared value concerned: a scope, a URL, or 'before → after'"),
}).meta({ id: 'Flag' });
export type Flag = z.infer<typeof FlagSchema>;

const PathSchema = z.array(z.string()).min(1).describe("Field path in the ClientSpec (or the HostSpec for host changes), e.g. ['customClaims', 'role']");

/** A leaf of a spec: absent fields are null, so `before: null` means "was not set". */
const LeafSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

export const ChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('set').describe('A list field whose order does not matter: scopes, grant types, URLs, contacts'),
    path: PathSchema,
    added: z.array(z.string()),
    removed: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('value'),
    path: PathSchema,
    before: LeafSchema,
    after: LeafSchema,
  }),
]).meta({ id: 'Change' });
export type Change = z.infer<typeof ChangeSchema>;

export const ClientSummarySchema = z
  .object({
    clientName: z.string(),
    grantTypes: z.array(z.string()),
    scopes: z.array(z.string()),
    redirectUrls: z.array(z.string()),
    postLogoutRedirectUrls: z.array(z.string()),
    publicClient: z.boolean(),
    tokenEndpointAuthMethod: z.string(),
    requirePkce: z.boolean(),
    removalPolicy: z.string(),
    secretExportPath: z.string(),
  })
  .meta({ id: 'ClientSummary', description: 'What an added client is, or what a removed one was' });
export type ClientSummary = z.infer<typeof ClientSummarySchema>;

const clientFields = {
  key: z.string().describe('The client key: with the host name, its identity across revisions'),
  stack: z.string().describe('The owning stack (in head; in base for a removed client)'),
  resource: z.string().describe("The Terraform resource carrying the spec, e.g. 'terraform_data.web_1A2B3C4D'"),
};

export const ClientEntrySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('added'),
    ...clientFields,
    summary: ClientSummarySchema,
    likelyRenameOf: z.string().optional().describe('A removed client of the same host with the same settings: probably a renamed construct'),
  }),
  z.object({
    status: z.literal('removed'),
    ...clientFields,
    summary: ClientSummarySchema,
    likelyRenamedTo: z.string().optional().describe('The added client that probably replaces this one'),
  }),
  z.object({
    status: z.literal('changed'),
    ...clientFields,
    changes: z.array(ChangeSchema).min(1),
  }),
]).meta({ id: 'ClientEntry' });
export type ClientEntry = z.infer<typeof ClientEntrySchema>;

export const HostEntrySchema = z.object({
  name: z.string(),
  environment: HostEnvironmentSchema.describe('In head, or in base for a host that is gone'),
  changes: z.array(ChangeSchema).describe("Changes of the host's own settings (issuer, environment, store, ...), shared by its clients"),
  clients: z.array(ClientEntrySchema),
}).meta({ id: 'HostEntry' });
export type HostEntry = z.infer<typeof HostEntrySchema>;

export const SourceSchema = z.object({
  kind: z.enum(['git', 'working-tree', 'directory']),
  label: z.string().describe('As given on the command line, or "working tree"'),
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/)
    .optional()
    .describe('The commit a git revision resolved to'),
}).meta({ id: 'Source' });
export type Source = z.infer<typeof SourceSchema>;

export const AuditReportSchema = z
  .object({
    schemaVersion: z.literal(AUDIT_SCHEMA_VERSION),
    base: SourceSchema,
    head: SourceSchema,
    changed: z.boolean().describe('false: no client, scope or host setting differs'),
    summary: z.object({
      clientsAdded: z.number().int().min(0),
      clientsRemoved: z.number().int().min(0),
      clientsChanged: z.number().int().min(0),
      high: z.number().int().min(0),
      medium: z.number().int().min(0),
    }),
    flags: z.array(FlagSchema).describe('Sorted: high first, then by host, client and code'),
    hosts: z.array(HostEntrySchema).describe('Only hosts with changes, sorted by name; clients sorted by key'),
  })
  .meta({ title: 'oauth-clients audit report', description: 'The changes of declared OAuth clients between two revisions, and their risk flags' });
export type AuditReport = z.infer<typeof AuditReportSchema>;

/**
 * The JSON Schema document (draft 2020-12) of the report, committed as audit-report.schema.json
 * (a test keeps the file equal to this) and printed by `oauth-clients audit --schema`.
 */
export function auditReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(AuditReportSchema) as Record<string, unknown>;
}
