// RFC 7591 §2 client metadata, as an RFC 7592 §2.1 read returns it, mapped back to the canonical
// ClientSpec fields (sorted, de-duplicated, in ClientSpec's names): the inverse of toClientMetadata,
// so a refresh right after an apply reports exactly what was declared. Only what the API can
// report: RFC 7591 has no field for a description, per-client PKCE, token lifetime or custom claims.
import type { ObservedClient } from '../provider-adapter';

const sortedUnique = (values: unknown): string[] => [...new Set(Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [])].sort();
const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function observedFields(metadata: Readonly<Record<string, unknown>>): ObservedClient['fields'] {
  const authMethod = optionalString(metadata.token_endpoint_auth_method) ?? 'client_secret_basic'; // RFC 7591 §2 default
  const scope = typeof metadata.scope === 'string' ? metadata.scope.split(' ').filter(Boolean) : [];
  return {
    ...(typeof metadata.client_name === 'string' ? { clientName: metadata.client_name } : {}),
    grantTypes: sortedUnique(metadata.grant_types ?? ['authorization_code']) as ObservedClient['fields']['grantTypes'],
    tokenEndpointAuthMethod: authMethod as ObservedClient['fields']['tokenEndpointAuthMethod'],
    publicClient: authMethod === 'none',
    ...(metadata.application_type === 'web' || metadata.application_type === 'native' ? { applicationType: metadata.application_type } : {}),
    scopes: sortedUnique(scope),
    redirectUrls: sortedUnique(metadata.redirect_uris),
    postLogoutRedirectUrls: sortedUnique(metadata.post_logout_redirect_uris),
    // Present with `undefined`: the provider has none (a declared URL would show as drift).
    policyUrl: optionalString(metadata.policy_uri),
    termsOfServiceUrl: optionalString(metadata.tos_uri),
    logoUrl: optionalString(metadata.logo_uri),
    contacts: sortedUnique(metadata.contacts),
  };
}
