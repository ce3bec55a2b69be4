// The scopes a token or login asks for: a subset of the client's declared scopes, checked before
// any request (the provider might grant an undeclared scope another client has, or drop it silently).
import type { ClientSpec } from '../../model';
import { EXIT } from '../verbs';
import { CliError } from './cli-error';

/** `--scope` values (repeatable, each space- or comma-separated), or every declared scope. */
export function requestedScopes(spec: ClientSpec, given: readonly string[] | undefined): string[] {
  if (given === undefined || given.length === 0) return [...spec.scopes];
  const asked = [...new Set(given.flatMap((value) => value.split(/[\s,]+/)).filter((s) => s !== ''))];
  const undeclared = asked.filter((scope) => !spec.scopes.includes(scope));
  if (undeclared.length > 0) {
    throw new CliError(
      `--scope: ${undeclared.map((s) => `'${s}'`).join(', ')} ${undeclared.length === 1 ? 'is' : 'are'} not declared for client '${spec.key}' ` +
        `(its scopes: ${spec.scopes.join(' ') || 'none'}); nothing was sent. Declare the scope on the client and deploy first`,
      EXIT.usage,
    );
  }
  return asked;
}
