// cdktf tokens (a TerraformVariable, a resource attribute, Fn.join, ...) are placeholders whose
// value Terraform only knows at plan or apply time. Every field of a host, scope or client decides
// something the synth-time rules check and the audit reviews (who may redirect where, with which
// scopes, under which key), so no field accepts one: a value from the environment is read by the
// app itself (process.env, a config file) and synthesized as a literal.
import { Token } from 'cdktf';
import type { ValidationIssue } from '../../model';

const WHY = 'is a cdktf token (a TerraformVariable, a resource attribute, Fn.*) whose value Terraform only knows at plan time; this field must be known at synth, where its rules are checked and the audit reviews it: declare the value itself';

/** One issue per field of `props` (walked to any depth) that holds an unresolved token. */
export function tokenIssues(props: object, skip: (value: unknown) => boolean = () => false): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const walk = (value: unknown, field: string, depth: number): void => {
    if (depth > 8 || skip(value)) return;
    if (typeof value === 'string' || typeof value === 'number') {
      if (Token.isUnresolved(value)) issues.push({ code: 'OAC_TOKEN_UNRESOLVED', field, message: WHY });
      return;
    }
    if (Token.isUnresolved(value)) {
      issues.push({ code: 'OAC_TOKEN_UNRESOLVED', field, message: WHY });
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${field}[${index}]`, depth + 1));
    else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [key, inner] of Object.entries(value)) walk(inner, field ? `${field}.${key}` : key, depth + 1);
    }
  };
  walk(props, '', 0);
  return issues;
}

/** Drops the issues of fields already reported as tokens: their value is a placeholder, not the declaration. */
export function withoutTokenFields(issues: readonly ValidationIssue[], tokens: readonly ValidationIssue[]): ValidationIssue[] {
  const fields = tokens.map((t) => t.field);
  return issues.filter((issue) => !fields.some((f) => issue.field === f || issue.field.startsWith(`${f}.`) || issue.field.startsWith(`${f}[`)));
}
