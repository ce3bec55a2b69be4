// ClientSpec ↔ Keycloak `ClientRepresentation` (hydra-keycloak.md §B.3, §B.4): flows as the four
// booleans, PKCE and consent URLs as attributes, custom claims as hardcoded-claim mappers. Pure.
import type { ClientSpec, GrantType, TokenEndpointAuthMethod } from '../../model';
import type { ObservedClient } from '../provider-adapter';
import { optionalString, sortedUnique, stringList } from '../private/wire';

/** Our mappers are named with this prefix, so mappers added by hand are told apart and kept. */
export const CLAIM_MAPPER_PREFIX = 'oauth-clients claim ';

/** §B.3 attribute keys (ClientModel / OIDCConfigAttributes constants). */
export const ATTR = {
  pkce: 'pkce.code.challenge.method',
  postLogout: 'post.logout.redirect.uris',
  logo: 'logoUri',
  policy: 'policyUri',
  tos: 'tosUri',
  refreshTokens: 'use.refresh.tokens',
  lifespan: 'access.token.lifespan',
} as const;

const AUTHENTICATOR: Readonly<Record<Exclude<TokenEndpointAuthMethod, 'none'>, string>> = {
  client_secret_basic: 'client-secret',
  client_secret_post: 'client-secret',
  client_secret_jwt: 'client-secret-jwt',
  private_key_jwt: 'client-jwt',
};

export interface ProtocolMapper {
  readonly id?: string;
  readonly name: string;
  readonly protocol: string;
  readonly protocolMapper: string;
  readonly config: Readonly<Record<string, string>>;
}

/** §B.7: `oidc-hardcoded-claim-mapper` with claim.name, claim.value, jsonType.label, into the access token. */
export function claimMappers(spec: ClientSpec): ProtocolMapper[] {
  return Object.entries(spec.customClaims).map(([name, value]) => ({
    name: `${CLAIM_MAPPER_PREFIX}${name}`,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-hardcoded-claim-mapper',
    config: {
      'claim.name': name,
      'claim.value': typeof value === 'string' ? value : JSON.stringify(value),
      'jsonType.label': typeof value === 'string' ? 'String' : typeof value === 'number' ? 'long' : typeof value === 'boolean' ? 'boolean' : 'JSON',
      'access.token.claim': 'true',
      'id.token.claim': 'false',
      'userinfo.token.claim': 'false',
    },
  }));
}

/**
 * Every managed property, explicitly: Keycloak's PUT merges (an omitted or null property keeps its
 * value, §B.4), so a cleared attribute is sent as '' rather than left out.
 */
export function representation(spec: ClientSpec): Record<string, unknown> {
  const grants = new Set(spec.grantTypes);
  return {
    name: spec.clientName,
    description: spec.description ?? '',
    enabled: true,
    protocol: 'openid-connect',
    publicClient: spec.publicClient,
    bearerOnly: false,
    standardFlowEnabled: grants.has('authorization_code'),
    serviceAccountsEnabled: grants.has('client_credentials'),
    // Not offered (RFC 9700 §2.1.2, §2.4): implicit and password grants stay off.
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    ...(spec.publicClient ? {} : { clientAuthenticatorType: AUTHENTICATOR[spec.tokenEndpointAuthMethod as Exclude<TokenEndpointAuthMethod, 'none'>] }),
    redirectUris: [...spec.redirectUrls],
    attributes: {
      [ATTR.pkce]: spec.requirePkce ? 'S256' : '',
      // `##`-joined; `-` means none (a missing key would mean "same as the redirect URIs").
      [ATTR.postLogout]: spec.postLogoutRedirectUrls.length > 0 ? spec.postLogoutRedirectUrls.join('##') : '-',
      [ATTR.logo]: spec.logoUrl ?? '',
      [ATTR.policy]: spec.policyUrl ?? '',
      [ATTR.tos]: spec.termsOfServiceUrl ?? '',
      [ATTR.refreshTokens]: String(grants.has('refresh_token')),
      [ATTR.lifespan]: spec.accessTokenLifetimeSeconds === undefined ? '' : String(spec.accessTokenLifetimeSeconds),
    },
  };
}

export function observedKeycloakClient(body: Record<string, unknown>, scopes: readonly string[], spec: ClientSpec): ObservedClient {
  const attributes = (body.attributes ?? {}) as Record<string, string | undefined>;
  const grants: GrantType[] = [];
  if (body.standardFlowEnabled === true) grants.push('authorization_code');
  if (body.serviceAccountsEnabled === true) grants.push('client_credentials');
  if (body.standardFlowEnabled === true && attributes[ATTR.refreshTokens] === 'true') grants.push('refresh_token');
  const publicClient = body.publicClient === true;
  const authenticator = String(body.clientAuthenticatorType ?? 'client-secret');
  // client-secret stands for both basic and post: reported as declared when it is one of them.
  const method: TokenEndpointAuthMethod = publicClient
    ? 'none'
    : authenticator === 'client-secret'
      ? spec.tokenEndpointAuthMethod === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic'
      : authenticator === 'client-jwt' ? 'private_key_jwt' : 'client_secret_jwt';
  const postLogout = attributes[ATTR.postLogout];
  const lifespan = Number(attributes[ATTR.lifespan]);
  const customClaims: Record<string, unknown> = {};
  for (const mapper of (body.protocolMappers ?? []) as ProtocolMapper[]) {
    if (!mapper.name.startsWith(CLAIM_MAPPER_PREFIX)) continue;
    const raw = mapper.config['claim.value'];
    const type = mapper.config['jsonType.label'];
    customClaims[mapper.config['claim.name']] = type === 'String' ? raw : JSON.parse(raw);
  }
  const optional = <K extends string>(name: K, value: string | undefined) => (value === undefined ? {} : ({ [name]: value } as Record<K, string>));
  return {
    clientId: String(body.clientId),
    fields: {
      clientName: typeof body.name === 'string' ? body.name : '',
      ...optional('description', optionalString(body.description)),
      grantTypes: sortedUnique(grants) as GrantType[],
      requirePkce: attributes[ATTR.pkce] === 'S256',
      publicClient,
      tokenEndpointAuthMethod: method,
      scopes: sortedUnique(scopes),
      redirectUrls: sortedUnique(stringList(body.redirectUris)),
      postLogoutRedirectUrls: postLogout && postLogout !== '-' && postLogout !== '+' ? sortedUnique(postLogout.split('##').filter(Boolean)) : [],
      ...optional('policyUrl', optionalString(attributes[ATTR.policy])),
      ...optional('termsOfServiceUrl', optionalString(attributes[ATTR.tos])),
      ...optional('logoUrl', optionalString(attributes[ATTR.logo])),
      ...(Number.isInteger(lifespan) && lifespan > 0 ? { accessTokenLifetimeSeconds: lifespan } : {}),
      customClaims: Object.fromEntries(Object.entries(customClaims).sort(([a], [b]) => (a < b ? -1 : 1))) as ClientSpec['customClaims'],
    },
  };
}
