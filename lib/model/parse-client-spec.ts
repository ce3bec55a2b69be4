// Decoding a ClientSpec from anything (construct input, Terraform's jsonencode, a ledger record):
// the same schema and rules everywhere, then the canonical form.
import { ClientSpecSchema, toCanonical, type ClientSpec } from './client-spec';
import { issuesFromZod, ValidationError, type ValidationIssue } from './validation-issue';

export type ParseResult = { readonly ok: true; readonly spec: ClientSpec } | { readonly ok: false; readonly issues: ValidationIssue[] };

export function safeParseClientSpec(input: unknown): ParseResult {
  const result = ClientSpecSchema.safeParse(input);
  return result.success ? { ok: true, spec: toCanonical(result.data) } : { ok: false, issues: issuesFromZod(result.error) };
}

export function parseClientSpec(input: unknown, subject: string): ClientSpec {
  const result = safeParseClientSpec(input);
  if (!result.ok) throw new ValidationError(subject, result.issues);
  return result.spec;
}
