// ClientSpec ↔ RFC 7591 §2 client metadata: a pure mapping, tested field by field. Every update
// sends this full object, because RFC 7592 §2.2 PUT replaces: an omitted field would fall back to
// a server default.
import type { ClientSpec } from '../../model';
import type { ObservedClient } from '../provider-adapter';

export type ClientMetadata = Readonly<Record<string, unknown>>;

export function toClientMetadata(spec: ClientSpec): ClientMetadata {
  const authorizationCode = spec.grantTypes.includes('authorization_code');
  return {
    client_name: spec.clientName,
    grant_types: [...spec.grantTypes],
    // Explicitly empty for client credentials only: node-oidc-provider otherwise adds
    // authorization_code for the default response_types ["code"] (provider-apis, error table).
    response_types: authorizationCode ? ['code'] : [],
    redirect_uris: [...spec.redirectUrls],
    post_logout_redirect_uris: [...spec.postLogoutRedirectUrls],
    token_endpoint_auth_method: spec.tokenEndpointAuthMethod,
    application_type: spec.applicationType,
    scope: spec.scopes.join(' '),
    contacts: [...spec.contacts],
    ...(spec.policyUrl === undefined ? {} : { policy_uri: spec.policyUrl }),
    ...(spec.termsOfServiceUrl === undefined ? {} : { tos_uri: spec.termsOfServiceUrl }),
    ...(spec.logoUrl === undefined ? {} : { logo_uri: spec.logoUrl }),
  };
}

/**
 * RFC 7592 §2.1 read response → the declared form: the inverse of toClientMetadata for every
 * field it sends. A member the server left out is its empty value (RFC 7591 §3.2.1 returns all
 * registered metadata), so a URL removed by hand shows as drift. Never reads client_secret.
 */
export function fromClientMetadata(metadata: Readonly<Record<string, unknown>>): ObservedClient['fields'] {
  const list = (value: unknown): string[] => (Array.isArray(value) ? [...new Set(value.filter((v): v is string => typeof v === 'string'))].sort() : []);
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const method = text(metadata.token_endpoint_auth_method);
  return {
    ...(text(metadata.client_name) === undefined ? {} : { clientName: text(metadata.client_name) }),
    grantTypes: list(metadata.grant_types) as ClientSpec['grantTypes'],
    ...(method === undefined ? {} : { tokenEndpointAuthMethod: method as ClientSpec['tokenEndpointAuthMethod'], publicClient: method === 'none' }),
    ...(text(metadata.application_type) === undefined ? {} : { applicationType: text(metadata.application_type) as ClientSpec['applicationType'] }),
    scopes: list(typeof metadata.scope === 'string' ? metadata.scope.split(' ').filter((s) => s !== '') : []),
    redirectUrls: list(metadata.redirect_uris),
    postLogoutRedirectUrls: list(metadata.post_logout_redirect_uris),
    contacts: list(metadata.contacts),
    policyUrl: text(metadata.policy_uri),
    termsOfServiceUrl: text(metadata.tos_uri),
    logoUrl: text(metadata.logo_uri),
  };
}

/**
 * RFC 7591 §3.2.2 error descriptions often start with the metadata name ("redirect_uris must ...");
 * map it back to the field the declaring code spells.
 */
const FIELD_OF_METADATA: Readonly<Record<string, string>> = {
  redirect_uris: 'redirectUrls',
  post_logout_redirect_uris: 'postLogoutRedirectUrls',
  scope: 'scopes',
  grant_types: 'flows',
  response_types: 'flows',
  token_endpoint_auth_method: 'tokenEndpointAuthMethod',
  client_name: 'clientName',
  policy_uri: 'policyUrl',
  tos_uri: 'termsOfServiceUrl',
  logo_uri: 'logoUrl',
  contacts: 'contacts',
  application_type: 'applicationType',
};

export function fieldOfDescription(error: string | undefined, description: string | undefined): string | undefined {
  if (error === 'invalid_redirect_uri') return 'redirectUrls';
  const first = description?.split(/\s/)[0];
  return first ? FIELD_OF_METADATA[first] : undefined;
}
