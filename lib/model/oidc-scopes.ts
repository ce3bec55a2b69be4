// The OpenID Connect scopes (OpenID Connect Core 1.0 §3.1.2.1 and §5.4) each provider API offers,
// as data beside provider-capabilities.ts: `host.oidcScopes` hands them out ready-made, and synth
// refuses one the host's API does not offer. Sources: shared/provider-apis/.
import type { ProviderFlavour } from './vocabulary';

export const OIDC_SCOPE_NAMES = ['openid', 'profile', 'email'] as const;
export type OidcScopeName = (typeof OIDC_SCOPE_NAMES)[number];

export const OIDC_SCOPE_SUPPORT: Readonly<Record<ProviderFlavour, readonly OidcScopeName[]>> = {
  // node-oidc-provider and the other RFC 7591 servers are OpenID Providers: openid always; profile
  // and email where the server offers them (`oauth-clients provider --scopes-from-app` does).
  rfc7591: ['openid', 'profile', 'email'],
  // light-portal's client service documents no OpenID Connect scope (light-portal.md).
  'light-portal': [],
  // Hydra v2 is a certified OpenID Provider; a client may hold any scope string (hydra-keycloak.md).
  hydra: ['openid', 'profile', 'email'],
  // Keycloak: openid is implied by its OIDC protocol, profile and email are default client scopes.
  keycloak: ['openid', 'profile', 'email'],
};
