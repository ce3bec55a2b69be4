// What each provider API can and cannot do, as data. Synth-time validation and the backend read
// these instead of branching on a provider's name (docs/design.md §5). Facts: ../../../shared/provider-apis/.
import type { ProviderFlavour } from './vocabulary';

export interface ProviderCapabilities {
  /** An adapter for this API ships in lib/providers. */
  readonly implemented: boolean;
  /** The caller may choose the client id, so a retried create finds its own client. */
  readonly callerChosenClientId: boolean;
  /** The API can list clients, so an orphan can be found by a marker. */
  readonly canList: boolean;
  /** At most this many redirect URLs per client (light-portal keeps one `redirectUri`). */
  readonly maxRedirectUrls: number;
  /** Custom claims can be attached to the client's tokens. */
  readonly customClaims: boolean;
  /** A per-client access-token lifetime can be set through the API. */
  readonly accessTokenLifetime: boolean;
  /**
   * A client registered without scopes may ask for every scope (node-oidc-provider, provider-apis
   * G4), so a client must declare at least one.
   */
  readonly scopesRequired: boolean;
  /** The credential names (keys of HostSpec.credentials) the adapter needs. */
  readonly credentials: readonly string[];
}

export const PROVIDER_CAPABILITIES: Readonly<Record<ProviderFlavour, ProviderCapabilities>> = {
  // RFC 7591 §3.2.1: the server issues client_id; no listing in RFC 7592.
  rfc7591: { implemented: true, callerChosenClientId: false, canList: false, maxRedirectUrls: 50, customClaims: false, accessTokenLifetime: false, scopesRequired: true, credentials: ['initialAccessToken'] },
  // light-portal createClient: server UUID, one redirectUri, customClaim JSON string.
  'light-portal': { implemented: false, callerChosenClientId: false, canList: true, maxRedirectUrls: 1, customClaims: true, accessTokenLifetime: true, scopesRequired: false, credentials: ['bearerToken'] },
  // Hydra v2 admin: caller may set client_id; list with filters; no auth on the admin API.
  hydra: { implemented: false, callerChosenClientId: true, canList: true, maxRedirectUrls: 50, customClaims: false, accessTokenLifetime: true, scopesRequired: false, credentials: [] },
  // Keycloak admin: caller picks clientId; ?clientId= lookup; hardcoded-claim mappers.
  keycloak: { implemented: false, callerChosenClientId: true, canList: true, maxRedirectUrls: 50, customClaims: true, accessTokenLifetime: true, scopesRequired: false, credentials: ['clientId', 'clientSecret'] },
};
