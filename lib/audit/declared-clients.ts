// Reads the clients a synthesized `cdktf.out` declares, from the resources' triggers: the specs
// Terraform will hand to the backend, so the audit reviews exactly what will be applied.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ClientSpecSchema, decodeFlatSpec, evaluateTemplates, formatIssue, HostSpecSchema, issuesFromZod, safeParseClientSpec, toCanonical, type ClientSpec, type ParseResult } from '../model';
import { AuditError } from './audit-error';

export interface DeclaredClient {
  readonly spec: ClientSpec;
  /** The stack directory the resource was found in. */
  readonly stack: string;
  /** `oauthclients_client.<name>`, `terraform_data.<name>` or `null_resource.<name>`. */
  readonly resource: string;
  /** The construct path within the stack (`tstapp-spa`), from the resource's cdktf metadata. */
  readonly constructPath?: string;
}

/** Keyed by `identityOf`: a client is the same across revisions when host name and key are. */
export type ClientSet = ReadonlyMap<string, DeclaredClient>;

export const identityOf = (spec: Pick<ClientSpec, 'key' | 'host'>): string => `${spec.host.name}\u0000${spec.key}`;

/** The reconciler's triggers hold the stack's key list, not a spec (docs/design.md §3). */
const RECONCILER_ID = 'OAuthClientsReconciler';

/** Where each resource type carries the spec, and how it is encoded there. */
const CARRIERS = [
  // Our provider's resource (contract C1): `spec` holds what triggers_replace holds.
  { type: 'oauthclients_client', attribute: 'spec', decode: (v: Record<string, unknown>) => v },
  { type: 'terraform_data', attribute: 'triggers_replace', decode: (v: Record<string, unknown>) => v },
  { type: 'null_resource', attribute: 'triggers', decode: decodeFlatSpec },
] as const;

export interface ReadOptions {
  /**
   * Hold every spec to today's rules (the head: the handler will refuse what breaks them), or only
   * to the spec's shape (the base: applied under the rules of its day, which may have been looser).
   * @default true
   */
  readonly rules?: boolean;
}

export function readDeclaredClients(outDir: string, options: ReadOptions = {}): ClientSet {
  const stacksDir = join(outDir, 'stacks');
  if (!existsSync(stacksDir)) throw new AuditError(`no synthesized stacks in ${outDir} (expected ${stacksDir})`);
  const clients = new Map<string, DeclaredClient>();
  for (const stack of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, stack, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    for (const client of clientsOfStack(stack, readJson(file), options.rules ?? true)) {
      const id = identityOf(client.spec);
      const twin = clients.get(id);
      if (twin) {
        throw new AuditError(`client '${client.spec.key}' of host '${client.spec.host.name}' is declared twice: ${twin.stack}/${twin.resource} and ${stack}/${client.resource}`);
      }
      clients.set(id, client);
    }
  }
  return clients;
}

/**
 * The clients of one synthesized stack (`<outDir>/stacks/<stack>/cdk.tf.json`), held to today's
 * rules; undefined when that stack was not synthesized there.
 */
export function readStackClients(outDir: string, stack: string): DeclaredClient[] | undefined {
  const file = join(outDir, 'stacks', stack, 'cdk.tf.json');
  return existsSync(file) ? clientsOfStack(stack, readJson(file), true) : undefined;
}

function clientsOfStack(stack: string, document: unknown, rules: boolean): DeclaredClient[] {
  const resources = (document as { resource?: Record<string, Record<string, unknown>> }).resource ?? {};
  const found: DeclaredClient[] = [];
  for (const { type, attribute, decode } of CARRIERS) {
    for (const [name, body] of Object.entries(resources[type] ?? {})) {
      const resource = body as Record<string, unknown> & { '//'?: { metadata?: { path?: string } } };
      if ((resource['//']?.metadata?.path ?? name).split('/').includes(RECONCILER_ID)) continue;
      const triggers = resource[attribute];
      if (typeof triggers !== 'object' || triggers === null || !('specVersion' in triggers)) continue;
      // What Terraform will hand the handler: declared text is escaped at synth; a live `${…}` or
      // `%{…}` (a hand edit, an older synth) is a value nobody knows before plan, so it cannot be reviewed.
      const evaluated = evaluateTemplates(triggers);
      if (evaluated.unresolved.length > 0) {
        throw new AuditError(
          `stack ${stack}, ${type}.${name}: unresolved: Terraform evaluates ${evaluated.unresolved.join('; ')} at plan time, so the value the handler gets cannot be reviewed (synthesize again: declared text is escaped)`,
        );
      }
      const decoded = decode(evaluated.value as Record<string, unknown>);
      const parsed = rules ? safeParseClientSpec(decoded) : parseShape(decoded);
      if (!parsed.ok) {
        const more = parsed.issues.length > 1 ? ` (and ${parsed.issues.length - 1} more)` : '';
        throw new AuditError(`stack ${stack}, ${type}.${name}: not a valid client spec: ${formatIssue(parsed.issues[0])}${more}`);
      }
      found.push({ spec: parsed.spec, stack, resource: `${type}.${name}`, ...constructPathOf(stack, resource['//']?.metadata?.path) });
    }
  }
  return found;
}

/** `tstapp-dev/tstapp-spa/Resource` → `tstapp-spa`: the path a developer wrote in the stack. */
function constructPathOf(stack: string, metadataPath: string | undefined): { constructPath?: string } {
  if (!metadataPath?.startsWith(`${stack}/`)) return {};
  return { constructPath: metadataPath.slice(stack.length + 1).replace(/\/Resource$/, '') };
}

/** The ClientSpec's fields and their own checks, without the rules between fields (client-rules.ts) or of the host. */
let shapeSchema: z.ZodType<ClientSpec> | undefined;

function parseShape(input: unknown): ParseResult {
  shapeSchema ??= z.object({ ...ClientSpecSchema.shape, host: z.object(HostSpecSchema.shape) }) as unknown as z.ZodType<ClientSpec>;
  const result = shapeSchema.safeParse(input);
  return result.success ? { ok: true, spec: toCanonical(result.data) } : { ok: false, issues: issuesFromZod(result.error) };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AuditError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
