// ClientSpec ↔ Ory Hydra v2 `oAuth2Client` (hydra-keycloak.md §A.2): the create body, the JSON
// Patch an update sends, and the observed form of what GET returns. Pure functions.
import { GrantTypeSchema, type ClientSpec, type GrantType } from '../../model';
import type { ObservedClient } from '../provider-adapter';
import { optionalString, sortedUnique, stringList, words } from '../private/wire';

/** The three access-token lifespans a client's grants use (§A.2 `*_lifespan`, Go durations). */
const ACCESS_TOKEN_LIFESPANS = [
  'authorization_code_grant_access_token_lifespan',
  'client_credentials_grant_access_token_lifespan',
  'refresh_token_grant_access_token_lifespan',
] as const;

/**
 * Every field the declaration owns, as Hydra spells it. An undeclared optional value is sent as
 * its empty form ('' / null), never omitted: Hydra's PUT would default an omitted field (§A.3),
 * and a patch must clear what a previous declaration set.
 */
export function managedFields(spec: ClientSpec, audience: readonly string[]): Record<string, unknown> {
  const lifespan = spec.accessTokenLifetimeSeconds === undefined ? null : `${spec.accessTokenLifetimeSeconds}s`;
  return {
    client_name: spec.clientName,
    grant_types: [...spec.grantTypes],
    response_types: spec.grantTypes.includes('authorization_code') ? ['code'] : [],
    redirect_uris: [...spec.redirectUrls],
    post_logout_redirect_uris: [...spec.postLogoutRedirectUrls],
    // §A.2: one space-separated string.
    scope: spec.scopes.join(' '),
    audience: [...audience],
    token_endpoint_auth_method: spec.tokenEndpointAuthMethod,
    policy_uri: spec.policyUrl ?? '',
    tos_uri: spec.termsOfServiceUrl ?? '',
    logo_uri: spec.logoUrl ?? '',
    contacts: [...spec.contacts],
    ...Object.fromEntries(ACCESS_TOKEN_LIFESPANS.map((name) => [name, lifespan])),
  };
}

/**
 * RFC 6902 patch replacing exactly the managed fields. Hydra keeps the secret unless the patch
 * touches /client_secret (§A.3, ory/hydra#2869) and turns `replace` of a missing path into `add`;
 * fields we do not manage (skip_consent, metadata, jwks, …) are left as they are.
 */
export function updatePatch(spec: ClientSpec, audience: readonly string[]): Array<{ op: 'replace'; path: string; value: unknown }> {
  return Object.entries(managedFields(spec, audience)).map(([name, value]) => ({ op: 'replace', path: `/${name}`, value }));
}

/** Reads a Go duration of whole seconds as Hydra returns it (`3600s`, `1h0m0s`). */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!match || value === '') return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

export function observedHydraClient(body: Record<string, unknown>): ObservedClient {
  const grants = stringList(body.grant_types).filter((g): g is GrantType => GrantTypeSchema.safeParse(g).success);
  const method = typeof body.token_endpoint_auth_method === 'string' ? body.token_endpoint_auth_method : 'client_secret_basic';
  const lifetime = durationSeconds(body.client_credentials_grant_access_token_lifespan) ?? durationSeconds(body.authorization_code_grant_access_token_lifespan);
  const optional = <K extends string>(name: K, value: string | undefined) => (value === undefined ? {} : ({ [name]: value } as Record<K, string>));
  return {
    clientId: String(body.client_id),
    fields: {
      clientName: typeof body.client_name === 'string' ? body.client_name : '',
      // §A.2: empty grant_types are stored as null and mean authorization_code at use time.
      grantTypes: sortedUnique(grants.length > 0 ? grants : ['authorization_code']) as GrantType[],
      publicClient: method === 'none',
      tokenEndpointAuthMethod: method as ClientSpec['tokenEndpointAuthMethod'],
      scopes: sortedUnique(words(body.scope)),
      redirectUrls: sortedUnique(stringList(body.redirect_uris)),
      postLogoutRedirectUrls: sortedUnique(stringList(body.post_logout_redirect_uris)),
      ...optional('policyUrl', optionalString(body.policy_uri)),
      ...optional('termsOfServiceUrl', optionalString(body.tos_uri)),
      ...optional('logoUrl', optionalString(body.logo_uri)),
      contacts: sortedUnique(stringList(body.contacts)),
      ...(lifetime === undefined ? {} : { accessTokenLifetimeSeconds: lifetime }),
    },
  };
}
