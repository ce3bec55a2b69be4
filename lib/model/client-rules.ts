// The rules between a client's fields (OAuth 2.0 Security BCP, RFC 9700; RFC 7591; RFC 8252),
// applied by the ClientSpec schema, so synth time and apply time enforce exactly the same set.
import * as z from 'zod';
import { LIMITS } from './defaults';
import type { HostSpec } from './host-spec';
import { RESERVED_STORE_PREFIX } from './names';
import { PROVIDER_CAPABILITIES } from './provider-capabilities';
import { checkRedirectUrl, checkWebUrl, type RedirectUrlKind } from './url-rules';
import type { ApplicationType, GrantType, TokenEndpointAuthMethod } from './vocabulary';

/** The fields the rules read: the ClientSpec after its own field checks and canonical ordering. */
export interface RuleInput {
  readonly host: HostSpec;
  readonly grantTypes: readonly GrantType[];
  readonly requirePkce: boolean;
  readonly publicClient: boolean;
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly applicationType: ApplicationType;
  readonly redirectUrls: readonly string[];
  readonly postLogoutRedirectUrls: readonly string[];
  readonly policyUrl?: string;
  readonly termsOfServiceUrl?: string;
  readonly logoUrl?: string;
  readonly customClaims: Readonly<Record<string, unknown>>;
  readonly scopes: readonly string[];
  readonly contacts: readonly string[];
  readonly accessTokenLifetimeSeconds?: number;
  readonly secretExport: { readonly path: string };
}

/** Claims the provider sets itself; a custom claim must not shadow them (RFC 9068 §2.2, RFC 7519 §4.1). */
const RESERVED_CLAIMS = new Set([
  // The light-portal adapter's create marker lives in customClaim (docs/design.md, "Finding a lost create").
  'oauth_clients_key',
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'scope', 'scp', 'client_id', 'cnf', 'azp', 'auth_time', 'acr', 'amr']);

type Issue = (path: (string | number)[], code: string, message: string) => void;

export function applyClientRules(spec: RuleInput, ctx: z.RefinementCtx): void {
  const issue: Issue = (path, code, message) => ctx.addIssue({ code: 'custom', path, message, params: { code } });
  const grants = new Set(spec.grantTypes);
  const env = spec.host.environment;

  if (grants.size === 0) issue(['grantTypes'], 'OAC_FLOWS_EMPTY', 'at least one flow must be enabled (authorizationCode or clientCredentials)');
  if (grants.has('refresh_token') && !grants.has('authorization_code')) {
    issue(['grantTypes'], 'OAC_FLOWS_REFRESH', 'refreshToken needs authorizationCode (refresh tokens are not issued for client credentials, RFC 6749 §4.4.3)');
  }
  if (spec.publicClient) {
    if (grants.has('client_credentials')) issue(['grantTypes'], 'OAC_PUBLIC_CLIENT_CREDENTIALS', 'a public client cannot use clientCredentials (it holds no secret, RFC 6749 §4.4)');
    if (spec.tokenEndpointAuthMethod !== 'none') issue(['tokenEndpointAuthMethod'], 'OAC_PUBLIC_AUTH_METHOD', `a public client authenticates with 'none', got '${spec.tokenEndpointAuthMethod}'`);
    if (!spec.requirePkce) issue(['requirePkce'], 'OAC_PUBLIC_PKCE', 'a public client must use PKCE S256 (RFC 9700 §2.1.1)');
  } else if (spec.tokenEndpointAuthMethod === 'none') {
    issue(['tokenEndpointAuthMethod'], 'OAC_CONFIDENTIAL_AUTH_METHOD', "'none' is only for public clients: set publicClient: true, or pick a secret-based method");
  }

  const kinds = checkUrlList(spec.redirectUrls, 'redirectUrls', env, issue);
  checkUrlList(spec.postLogoutRedirectUrls, 'postLogoutRedirectUrls', env, issue);
  if (grants.has('authorization_code') && spec.redirectUrls.length === 0) {
    issue(['redirectUrls'], 'OAC_REDIRECT_REQUIRED', 'the authorizationCode flow needs at least one redirect URL');
  }
  if (!grants.has('authorization_code')) {
    if (spec.redirectUrls.length > 0) issue(['redirectUrls'], 'OAC_REDIRECT_UNUSED', 'a client without the authorizationCode flow has no redirect URLs');
    if (spec.postLogoutRedirectUrls.length > 0) issue(['postLogoutRedirectUrls'], 'OAC_REDIRECT_UNUSED', 'a client without the authorizationCode flow has no post-logout redirect URLs');
  }
  if (kinds.includes('private-use') && spec.applicationType !== 'native') {
    issue(['applicationType'], 'OAC_APPLICATION_TYPE', "private-use scheme redirect URLs need applicationType 'native'");
  }
  const maxRedirects = PROVIDER_CAPABILITIES[spec.host.flavour].maxRedirectUrls;
  if (spec.redirectUrls.length > maxRedirects && maxRedirects < LIMITS.redirectUrls) {
    issue(['redirectUrls'], 'OAC_REDIRECT_COUNT', `the ${spec.host.flavour} API takes at most ${maxRedirects} redirect URL(s), got ${spec.redirectUrls.length}`);
  }

  for (const field of ['policyUrl', 'termsOfServiceUrl', 'logoUrl'] as const) {
    const value = spec[field];
    const rule = value === undefined ? undefined : checkWebUrl(value);
    if (rule) issue([field], 'OAC_WEB_URL', `${rule}, got '${value}'`);
  }

  const declaredScopes = spec.host.scopes === undefined ? undefined : new Set(spec.host.scopes);
  spec.scopes.forEach((scope, index) => {
    if (declaredScopes && !declaredScopes.has(scope)) issue(['scopes', index], 'OAC_SCOPE_UNDECLARED', `'${scope}' is not a scope host '${spec.host.name}' declares`);
  });

  const capabilities = PROVIDER_CAPABILITIES[spec.host.flavour];
  if (capabilities.scopesRequired && spec.scopes.length === 0) {
    issue(['scopes'], 'OAC_SCOPES_REQUIRED', `the ${spec.host.flavour} API lets a client registered without scopes ask for every scope: declare at least one`);
  }
  if (spec.accessTokenLifetimeSeconds !== undefined && !capabilities.accessTokenLifetime) {
    issue(['accessTokenLifetimeSeconds'], 'OAC_LIFETIME_UNSUPPORTED', `the ${spec.host.flavour} API cannot set a per-client token lifetime (the server's setting applies)`);
  }

  // What the host's API has no field for is refused here, not dropped at apply (provider-capabilities.ts).
  const api = `the ${spec.host.flavour} API`;
  if (spec.postLogoutRedirectUrls.length > 0 && !capabilities.postLogoutRedirectUrls) {
    issue(['postLogoutRedirectUrls'], 'OAC_POST_LOGOUT_UNSUPPORTED', `${api} cannot store post-logout redirect URLs`);
  }
  if (!capabilities.consentUrls) {
    for (const field of ['policyUrl', 'termsOfServiceUrl', 'logoUrl'] as const) {
      if (spec[field] !== undefined) issue([field], 'OAC_CONSENT_URL_UNSUPPORTED', `${api} cannot store consent-screen URLs`);
    }
  }
  if (spec.contacts.length > 0 && !capabilities.contacts) issue(['contacts'], 'OAC_CONTACTS_UNSUPPORTED', `${api} cannot store contacts`);
  if (!capabilities.authMethods.includes(spec.tokenEndpointAuthMethod)) {
    issue(['tokenEndpointAuthMethod'], 'OAC_AUTH_METHOD_UNSUPPORTED', `${api} supports ${capabilities.authMethods.join(', ')}, got '${spec.tokenEndpointAuthMethod}'`);
  }

  const claimNames = Object.keys(spec.customClaims);
  if (claimNames.length > 0 && !PROVIDER_CAPABILITIES[spec.host.flavour].customClaims) {
    issue(['customClaims'], 'OAC_CLAIMS_UNSUPPORTED', `the ${spec.host.flavour} API cannot add custom claims to tokens`);
  }
  if (claimNames.length > LIMITS.customClaims) issue(['customClaims'], 'OAC_CLAIMS_COUNT', `at most ${LIMITS.customClaims} custom claims, got ${claimNames.length}`);
  for (const name of claimNames) {
    if (RESERVED_CLAIMS.has(name)) issue(['customClaims', name], 'OAC_CLAIM_RESERVED', `'${name}' is a registered claim the provider sets itself`);
  }

  if (spec.secretExport.path.startsWith(RESERVED_STORE_PREFIX)) {
    issue(['secretExport', 'path'], 'OAC_EXPORT_RESERVED', `'${RESERVED_STORE_PREFIX}' is reserved for the backend's ledger, got '${spec.secretExport.path}'`);
  }
}

function checkUrlList(urls: readonly string[], field: string, env: HostSpec['environment'], issue: Issue): RedirectUrlKind[] {
  if (urls.length > LIMITS.redirectUrls) issue([field], 'OAC_REDIRECT_COUNT', `at most ${LIMITS.redirectUrls} URLs, got ${urls.length}`);
  const kinds: RedirectUrlKind[] = [];
  urls.forEach((url, index) => {
    const result = checkRedirectUrl(url, env);
    if (result.ok) kinds.push(result.kind);
    else issue([field, index], 'OAC_REDIRECT_URL', `${result.rule}, got '${url}'`);
  });
  return kinds;
}
