// Diagnostics as the protocol carries them, with attribute paths into `spec`, so Terraform points
// at the exact element of cdk.tf.json (`spec.redirectUrls[1]`).
import { describeError, type Redactor } from '../../http';
import { formatIssue, ValidationError, type ValidationIssue } from '../../model';
import { ProviderError } from '../../providers';

export const SEVERITY = { error: 1, warning: 2 } as const;

export interface Diagnostic {
  readonly severity: number;
  readonly summary: string;
  readonly detail?: string;
  readonly attribute?: { readonly steps: readonly object[] };
}

export const warning = (summary: string, detail?: string): Diagnostic => ({ severity: SEVERITY.warning, summary, ...(detail ? { detail } : {}) });
export const error = (summary: string, detail?: string, field?: string): Diagnostic => ({
  severity: SEVERITY.error,
  summary,
  ...(detail ? { detail } : {}),
  ...(field !== undefined ? { attribute: specPath(field) } : {}),
});

/** `redirectUrls[1]` → spec → redirectUrls → [1]; `host.issuer` → spec → host → issuer. */
export function specPath(field: string): { steps: object[] } {
  const steps: object[] = [{ attribute_name: 'spec' }];
  for (const part of field.split('.').filter(Boolean)) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      steps.push({ attribute_name: part });
      continue;
    }
    steps.push({ attribute_name: match[1] });
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) steps.push({ element_key_int: Number(index[1]) });
  }
  return { steps };
}

export function issueDiagnostics(issues: readonly ValidationIssue[], subject: string): Diagnostic[] {
  return issues.map((issue) => error(`${subject}: ${formatIssue(issue)}`, undefined, issue.field));
}

/** Any failure as diagnostics: validation issues by field, provider errors at their field, never a secret. */
export function failureDiagnostics(failure: unknown, subject: string, redactor: Redactor): Diagnostic[] {
  if (failure instanceof ValidationError) return issueDiagnostics(failure.issues, subject);
  const text = describeError(failure, redactor);
  const field = failure instanceof ProviderError ? failure.field : undefined;
  return [error(`${subject}: failed`, text, field)];
}
