// One error style from synth to apply: a stable code, the field, the rule and the value received.
import type * as z from 'zod';

export interface ValidationIssue {
  /** Stable, for tools and docs: OAC_REDIRECT_URL, OAC_PUBLIC_PKCE, ... */
  readonly code: string;
  /** The field as the declaring code spells it: `redirectUrls[1]`, `secretExport.path`. */
  readonly field: string;
  readonly message: string;
}

/** `['redirectUrls', 1]` → `redirectUrls[1]`; `['secretExport', 'path']` → `secretExport.path`. */
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => {
    const params = (issue as { params?: { code?: string } }).params;
    return { code: params?.code ?? `OAC_SCHEMA_${issue.code.toUpperCase()}`, field: fieldOf(issue.path), message: issue.message };
  });
}

export function formatIssue(issue: ValidationIssue): string {
  return `${issue.field}: ${issue.message} [${issue.code}]`;
}

/** Thrown by the model and the handler; constructs report the same issues through cdktf validation. */
export class ValidationError extends Error {
  constructor(
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`${subject}: ${issues.length === 1 ? formatIssue(issues[0]) : `\n  ${issues.map(formatIssue).join('\n  ')}`}`);
    this.name = 'ValidationError';
  }
}
