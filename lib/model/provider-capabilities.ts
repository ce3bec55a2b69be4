// What each provider API can and cannot do, as data. Synth-time validation and the backend read
// these instead of branching on a provider's name (docs/design.md §5). Facts: ../../../shared/provider-apis/.
import type { ProviderFlavour, TokenEndpointAuthMethod } from './vocabulary';

export interface ProviderCapabilities {
  /** An adapter for this API ships in lib/providers. */
  readonly implemented: boolean;
  /**
   * The caller may choose the client id. The adapters then derive it from host name and key
   * (lib/providers/client-id.ts), so a retried create finds its own client instead of a second one.
   */
  readonly callerChosenClientId: boolean;
  /** The API can list clients (paged), so a create's marker can be found again and orphans seen. */
  readonly canList: boolean;
  /**
   * How the adapter finds the client an earlier create of this key made when its answer was lost:
   * by the deterministic id, by a marker the create carried, or not at all (RFC 7591: the server
   * picks the id and nothing can be listed, so the lost client can only be reported).
   */
  readonly findBy: 'deterministic-id' | 'marker' | 'none';
  /** `once`: only the create's answer holds the secret; `readable`: the admin API returns it any time. */
  readonly secretReturned: 'once' | 'readable';
  /** The API can issue a new secret for an existing client (`oauth-clients rotate`, adopt --rotate-secret). */
  readonly secretRegenerable: boolean;
  /**
   * Scopes are objects of their own at the provider and must exist before a client names them
   * (Keycloak client scopes: the adapter creates missing ones; RFC 7591: the server's `scopes`).
   */
  readonly scopesMustPreExist: boolean;
  /** At most this many redirect URLs per client (light-portal keeps one `redirectUri`). */
  readonly maxRedirectUrls: number;
  /** Post-logout redirect URLs can be stored (OIDC RP-Initiated Logout). */
  readonly postLogoutRedirectUrls: boolean;
  /** Consent-screen URLs (policy, terms of service, logo) can be stored. */
  readonly consentUrls: boolean;
  /** Contact e-mail addresses can be stored. */
  readonly contacts: boolean;
  /** Custom claims can be attached to the client's tokens. */
  readonly customClaims: boolean;
  /** A per-client access-token lifetime can be set through the API. */
  readonly accessTokenLifetime: boolean;
  /** The API can mint a test token for a client without its secret (light-portal's playground). */
  readonly testTokens: boolean;
  /**
   * How a token request names the API a token is for (`oauth-clients token --audience`): an RFC 8707
   * `resource` indicator, an `audience` parameter, or not at all (the client's configuration decides).
   */
  readonly audienceParameter: 'resource' | 'audience' | 'none';
  /** The token endpoint authentication methods the API can record for a client. */
  readonly authMethods: readonly TokenEndpointAuthMethod[];
  /**
   * A client registered without scopes may ask for every scope (node-oidc-provider, provider-apis
   * G4), so a client must declare at least one.
   */
  readonly scopesRequired: boolean;
  /** The credential names (keys of HostSpec.credentials) the adapter needs. */
  readonly credentials: readonly string[];
  /** The API's admin endpoint differs from the issuer: HostSpec.adminUrl is required. */
  readonly adminUrl: boolean;
  /** HostSpec.settings the API needs: each group lists alternatives of which exactly one is set. */
  readonly settings: readonly (readonly string[])[];
}

const ALL_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];

export const PROVIDER_CAPABILITIES: Readonly<Record<ProviderFlavour, ProviderCapabilities>> = {
  // RFC 7591 §3.2.1: the server issues client_id; RFC 7592 has no listing; GET returns the secret.
  rfc7591: {
    implemented: true, callerChosenClientId: false, canList: false, findBy: 'none', secretReturned: 'readable', secretRegenerable: false,
    scopesMustPreExist: true, maxRedirectUrls: 50, postLogoutRedirectUrls: true, consentUrls: true, contacts: true, customClaims: false,
    accessTokenLifetime: false, testTokens: false, authMethods: ALL_AUTH_METHODS, scopesRequired: true, credentials: ['initialAccessToken'],
    adminUrl: false, settings: [],
    // node-oidc-provider's resourceIndicators feature (RFC 8707), which the development server enables.
    audienceParameter: 'resource',
  },
  // light-portal.md §B: server UUID, one redirectUri, customClaim JSON string, secret shown once and
  // regenerable (regenerateClientSecret), getClient paged by host; no logout/consent/contacts fields.
  'light-portal': {
    implemented: true, callerChosenClientId: false, canList: true, findBy: 'marker', secretReturned: 'once', secretRegenerable: true,
    scopesMustPreExist: false, maxRedirectUrls: 1, postLogoutRedirectUrls: false, consentUrls: false, contacts: false, customClaims: true,
    // No per-client lifetime field in createClient (B2); playground generateJwt is legacy (B4).
    accessTokenLifetime: false, testTokens: false, authMethods: ['client_secret_basic', 'client_secret_post', 'none'], scopesRequired: false,
    credentials: ['bearerToken'], adminUrl: true, settings: [['hostId'], ['providerId'], ['appId', 'apiVersionId', 'instanceId']],
    // light-portal.md §C: the token endpoint takes grant, scope and client credentials only.
    audienceParameter: 'none',
  },
  // Hydra v2 admin (hydra-keycloak.md §A): caller may set client_id (409 on duplicate); list with
  // page_token; secret only in the create answer; lifespans per client; no auth on the admin API.
  hydra: {
    implemented: true, callerChosenClientId: true, canList: true, findBy: 'deterministic-id', secretReturned: 'once', secretRegenerable: true,
    scopesMustPreExist: false, maxRedirectUrls: 50, postLogoutRedirectUrls: true, consentUrls: true, contacts: true,
    // `metadata` never reaches tokens (§A.7).
    customClaims: false, accessTokenLifetime: true, testTokens: false,
    // An empty `scope` is replaced by the server's default scopes (§A.3 validator), so declare one.
    authMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'], scopesRequired: true, credentials: [], adminUrl: true, settings: [],
    // §A.7: a requested `audience` must be in the client's allow-list.
    audienceParameter: 'audience',
  },
  // Keycloak admin (hydra-keycloak.md §B): caller picks clientId; ?clientId= lookup; secret readable
  // and regenerable; client scopes must exist; hardcoded-claim mappers; no contacts field.
  keycloak: {
    implemented: true, callerChosenClientId: true, canList: true, findBy: 'deterministic-id', secretReturned: 'readable', secretRegenerable: true,
    scopesMustPreExist: true, maxRedirectUrls: 50, postLogoutRedirectUrls: true, consentUrls: true, contacts: false, customClaims: true,
    accessTokenLifetime: true, testTokens: false, authMethods: ALL_AUTH_METHODS, scopesRequired: false, credentials: ['clientId', 'clientSecret'],
    adminUrl: true, settings: [['realm']],
    // §B.7: the audience comes from the client's audience mappers, not from the request.
    audienceParameter: 'none',
  },
};
