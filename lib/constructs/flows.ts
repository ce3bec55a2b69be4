// The flows a client may use, as a small struct (like Cognito's OAuthFlows), mapped to wire
// grant types in exactly this one place.
import { CLIENT_DEFAULTS, type GrantType, type ValidationIssue } from '../model';

export interface OAuthFlows {
  /**
   * Authorization code with PKCE S256, for apps that act for a user (RFC 6749 §4.1, RFC 7636).
   * @default true, unless `clientCredentials` is set
   */
  readonly authorizationCode?: boolean;
  /**
   * Client credentials, for service-to-service calls (RFC 6749 §4.4). Confidential clients only.
   * @default false
   */
  readonly clientCredentials?: boolean;
  /**
   * Refresh tokens for the authorization-code flow (RFC 6749 §6).
   * @default false
   */
  readonly refreshToken?: boolean;
}

/** A flows object names what it turns on; authorization code is only implied when nothing is named. */
export function grantTypesOf(flows: OAuthFlows | undefined): GrantType[] {
  const declared = flows ?? {};
  // `{ clientCredentials: false }` names nothing turned on: the default flow stays.
  const nothingNamed = declared.authorizationCode === undefined && declared.clientCredentials !== true;
  const authorizationCode = declared.authorizationCode ?? (nothingNamed ? CLIENT_DEFAULTS.flows.authorizationCode : false);
  const grants: GrantType[] = [];
  if (authorizationCode) grants.push('authorization_code');
  if (declared.clientCredentials ?? CLIENT_DEFAULTS.flows.clientCredentials) grants.push('client_credentials');
  if (declared.refreshToken ?? CLIENT_DEFAULTS.flows.refreshToken) grants.push('refresh_token');
  return grants;
}

const KNOWN_FLOWS: readonly (keyof OAuthFlows)[] = ['authorizationCode', 'clientCredentials', 'refreshToken'];

/** Flows the OAuth 2.0 Security BCP says not to offer; named so the refusal can say why. */
const REFUSED_FLOWS: Readonly<Record<string, string>> = {
  implicit: 'the implicit flow is not offered: it returns tokens in the redirect URL (RFC 9700 §2.1.2); use authorizationCode with PKCE',
  password: 'the resource owner password flow is not offered: it hands the user\'s password to the client (RFC 9700 §2.4); use authorizationCode',
};

/**
 * A flows object from untyped code or a variable may name flows the type does not have: each is
 * refused with a code rather than silently dropped, and each known flow must be a boolean.
 */
export function flowIssues(flows: unknown): ValidationIssue[] {
  if (flows === undefined) return [];
  if (flows === null || typeof flows !== 'object' || Array.isArray(flows)) {
    return [{ code: 'OAC_FLOWS_TYPE', field: 'flows', message: `must be an object like { authorizationCode: true }, got ${describe(flows)}` }];
  }
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(flows)) {
    if (!(KNOWN_FLOWS as readonly string[]).includes(name)) {
      const why = REFUSED_FLOWS[name] ?? `'${name}' is not a flow (known: ${KNOWN_FLOWS.join(', ')})`;
      issues.push({ code: 'OAC_FLOWS_UNKNOWN', field: `flows.${name}`, message: why });
    } else if (value !== undefined && typeof value !== 'boolean') {
      issues.push({ code: 'OAC_FLOWS_TYPE', field: `flows.${name}`, message: `must be true or false, got ${describe(value)}` });
    }
  }
  return issues;
}

const describe = (value: unknown): string => (typeof value === 'string' ? `the string '${value}'` : value === null ? 'null' : `a ${typeof value}`);
