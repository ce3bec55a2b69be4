// The spec a resource object carries, decoded and re-validated with the same schema and rules as
// synth (and as `handle` in the provisioner mode), or diagnostics pointing at the bad fields.
import { safeParseClientSpec, SPEC_VERSION, type ClientSpec } from '../../model';
import { error, issueDiagnostics, type Diagnostic } from './diagnostics';

export type SpecResult = { readonly ok: true; readonly spec: ClientSpec; readonly subject: string } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

export function specOf(raw: Record<string, unknown> | undefined): SpecResult {
  if (!raw) return { ok: false, diagnostics: [error('spec is missing', 'an oauthclients_client needs the `spec` the OAuthClient construct synthesizes')] };
  const subject = subjectOf(raw);
  if (raw.specVersion !== SPEC_VERSION) {
    return {
      ok: false,
      diagnostics: [error(`${subject}: spec version ${String(raw.specVersion)} is not understood by this provider (knows ${SPEC_VERSION})`, 'synthesize and deploy with the same oauth-clients version', 'specVersion')],
    };
  }
  const parsed = safeParseClientSpec(raw);
  return parsed.ok ? { ok: true, spec: parsed.spec, subject } : { ok: false, diagnostics: issueDiagnostics(parsed.issues, subject) };
}

/** `<host>/<key>` as soon as the raw spec has them, so even a refusal names the client. */
export function subjectOf(raw: Record<string, unknown>): string {
  const host = (raw.host ?? {}) as { name?: unknown };
  return typeof host.name === 'string' && typeof raw.key === 'string' ? `${host.name}/${raw.key}` : 'oauthclients_client';
}

/** The resource's `id`, and the instance the ledger records as the client's owner (docs/design.md §3). */
export const resourceIdOf = (spec: { readonly host: { readonly name: string }; readonly key: string }): string => `${spec.host.name}/${spec.key}`;
