// The closed vocabularies of the canonical specs: every wire string the project knows, in one place.
import * as z from 'zod';

/** The API a host speaks. Adapters exist for those marked implemented in provider-capabilities.ts. */
export const ProviderFlavourSchema = z.enum(['rfc7591', 'light-portal', 'hydra', 'keycloak']);
export type ProviderFlavour = z.infer<typeof ProviderFlavourSchema>;

/** Development hosts accept loopback redirect URLs (RFC 8252 §7.3); production hosts never do. */
export const HostEnvironmentSchema = z.enum(['development', 'production']);
export type HostEnvironment = z.infer<typeof HostEnvironmentSchema>;

/**
 * Grant types on the wire (RFC 7591 §2 `grant_types`). Implicit and password grants are
 * deliberately absent: OAuth 2.0 Security BCP (RFC 9700 §2.1.2, §2.4) says not to offer them.
 */
export const GrantTypeSchema = z.enum(['authorization_code', 'client_credentials', 'refresh_token']);
export type GrantType = z.infer<typeof GrantTypeSchema>;

/** RFC 7591 §2 `token_endpoint_auth_method`; `none` marks a public client. */
export const TokenEndpointAuthMethodSchema = z.enum([
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
]);
export type TokenEndpointAuthMethod = z.infer<typeof TokenEndpointAuthMethodSchema>;

/** OpenID Connect Dynamic Client Registration §2 `application_type`. */
export const ApplicationTypeSchema = z.enum(['web', 'native']);
export type ApplicationType = z.infer<typeof ApplicationTypeSchema>;

/** What happens at the provider and in the store when a client leaves the code. */
export const RemovalPolicySchema = z.enum(['destroy', 'retain']);
export type RemovalPolicyValue = z.infer<typeof RemovalPolicySchema>;
