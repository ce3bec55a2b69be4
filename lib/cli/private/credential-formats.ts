// How `oauth-clients credentials` writes an export: as stored (json), as environment variables
// (env), or as the five settings an OpenID Connect library signs users in with (oidc, no secret).
import type { ExportedCredentials } from '../../backend/export-value';
import type { ClientSpec } from '../../model';
import { EXIT } from '../verbs';
import { CliError } from './cli-error';

export const CREDENTIAL_FORMATS = ['json', 'env', 'oidc'] as const;
export type CredentialFormat = (typeof CREDENTIAL_FORMATS)[number];

/** The export's fields in the order they are written, and their environment-variable names. */
const FIELDS = [
  ['client_id', 'OAUTH_CLIENT_ID'],
  ['client_secret', 'OAUTH_CLIENT_SECRET'],
  ['issuer', 'OAUTH_ISSUER'],
  ['token_endpoint', 'OAUTH_TOKEN_ENDPOINT'],
] as const;

/** What an OpenID Connect library needs, named as oidc-client-ts's UserManagerSettings name them. */
export interface OidcSettings {
  /** OpenID Connect Discovery 1.0 §4: the issuer + `/.well-known/openid-configuration`. */
  readonly metadataUrl: string;
  /** The issuer, which the library checks against the ID token's `iss`. */
  readonly authority: string;
  readonly client_id: string;
  /** The client's declared scopes, space-separated (RFC 6749 §3.3). */
  readonly scope: string;
  /** One of the client's redirect URLs: the first, in the spec's canonical order. */
  readonly redirect_uri: string;
}

export interface Rendered {
  readonly text: string;
  /** Notes for stderr (never a value). */
  readonly notes: readonly string[];
}

export function renderCredentials(format: CredentialFormat, credentials: ExportedCredentials, spec: ClientSpec): Rendered {
  switch (format) {
    case 'json':
      return { text: `${JSON.stringify(Object.fromEntries(FIELDS.filter(([field]) => credentials[field] !== undefined).map(([field]) => [field, credentials[field]])), null, 2)}\n`, notes: [] };
    case 'env':
      return { text: FIELDS.filter(([field]) => credentials[field] !== undefined).map(([field, name]) => `${name}=${envValue(name, String(credentials[field]))}\n`).join(''), notes: [] };
    case 'oidc':
      return renderOidc(credentials, spec);
  }
}

export function oidcSettings(credentials: ExportedCredentials, spec: ClientSpec): OidcSettings {
  if (!spec.grantTypes.includes('authorization_code') || spec.redirectUrls.length === 0) {
    throw new CliError(`client '${spec.key}' does not sign users in (grant types: ${spec.grantTypes.join(', ')}; no redirect URL): --format oidc is for authorization-code clients`, EXIT.usage);
  }
  const issuer = credentials.issuer.replace(/\/$/, '');
  return { metadataUrl: `${issuer}/.well-known/openid-configuration`, authority: credentials.issuer, client_id: credentials.client_id, scope: spec.scopes.join(' '), redirect_uri: spec.redirectUrls[0] };
}

function renderOidc(credentials: ExportedCredentials, spec: ClientSpec): Rendered {
  const settings = oidcSettings(credentials, spec);
  const notes: string[] = [];
  if (!spec.scopes.includes('openid')) notes.push(`client '${spec.key}' does not declare the 'openid' scope: an OpenID Connect library asks for it to sign users in; declare it on the host and add it to the client's scopes`);
  if (!spec.publicClient) notes.push(`client '${spec.key}' is confidential: its secret is not part of these settings; code running in a browser should be a public client`);
  if (spec.redirectUrls.length > 1) notes.push(`redirect_uri is the first of the client's ${spec.redirectUrls.length} redirect URLs (${spec.redirectUrls.join(', ')})`);
  return { text: `${JSON.stringify(settings, null, 2)}\n`, notes };
}

/**
 * A value both POSIX sh (`. file`, `set -a`) and dotenv parse back unchanged: bare when it has only
 * safe characters, single-quoted otherwise; a quote or a line break has no spelling both agree on.
 */
function envValue(name: string, value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]*$/.test(value)) return value;
  if (!/['\r\n\\]/.test(value)) return `'${value}'`;
  throw new CliError(`${name} holds a quote, a backslash or a line break, which env format cannot carry safely: use --format json`);
}
