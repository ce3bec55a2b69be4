// ClientSpec ↔ RFC 7591 §2 client metadata: a pure mapping, tested field by field. Every update
// sends this full object, because RFC 7592 §2.2 PUT replaces: an omitted field would fall back to
// a server default.
import type { ClientSpec } from '../../model';

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
