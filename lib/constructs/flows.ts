// The flows a client may use, as a small struct (like Cognito's OAuthFlows), mapped to wire
// grant types in exactly this one place.
import { CLIENT_DEFAULTS, type GrantType } from '../model';

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
