// The node-oidc-provider 9 configuration of the development server, as one pure function of the
// resolved options. Every setting that differs from oidc-provider's default says why; the
// measured behaviour behind them is in shared/provider-apis/rfc7591-oidc-provider.md (G1–G14).

import { ALWAYS_OFFERED_SCOPES, HTTPS_REDIRECTS_POLICY } from './defaults';
import { logoutSource, postLogoutSuccessSource, renderError } from './dev-pages';
import type { OidcAdapter } from './file-adapter';
import type { ClientMetadata, OidcClient, OidcConfiguration, OidcContext, OidcErrors, OidcToken } from './oidc-provider-types';
import { redirectUriProblem } from './redirect-uri-policy';
import { unknownScopes } from './scope-policy';
import type { ServerKeys } from './signing-keys';

export interface ConfigurationInput {
  /** The API scopes (without openid / offline_access). */
  readonly apiScopes: readonly string[];
  readonly resource: string;
  readonly accessTokenTtlSeconds: number;
  readonly rotateRegistrationAccessToken: boolean;
  readonly devInteractions: boolean;
  readonly keys: ServerKeys;
  readonly adapter: (model: string) => OidcAdapter;
  readonly errors: OidcErrors;
  /** The admin routes' base URL (admin-routes.ts), named in the discovery document. */
  readonly adminEndpoint?: string;
}

const DAY = 24 * 60 * 60;

export function providerConfiguration(input: ConfigurationInput): OidcConfiguration {
  const { errors, resource } = input;
  const knownScopes = new Set<string>([...ALWAYS_OFFERED_SCOPES, ...input.apiScopes]);
  const accessTokenTtl = (_ctx: unknown, token: { resourceServer?: { accessTokenTTL?: number } }) =>
    token.resourceServer?.accessTokenTTL ?? input.accessTokenTtlSeconds;

  return {
    adapter: input.adapter,
    // oidc-provider takes ownership of what it is given; hand it copies.
    jwks: structuredClone(input.keys.jwks),
    cookies: { keys: [...input.keys.cookieKeys] },
    // Any user name signs in (devInteractions); the account is just its `sub`.
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    // Clients may only register scope values listed here (G4), so the API scopes belong here too.
    scopes: [...knownScopes],
    // Authorization code only: implicit and hybrid are gone from OAuth 2.1 / RFC 9700 §2.1.2.
    responseTypes: ['code'],
    // Every client, confidential ones too; oidc-provider's default asks it of public clients only (G5).
    pkce: { required: () => true },
    // Explicit values for every lifetime oidc-provider would otherwise print a NOTICE about (G3).
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      RefreshToken: 14 * DAY,
      Interaction: 60 * 60,
      Session: 14 * DAY,
      Grant: 14 * DAY,
    },
    clientBasedCORS,
    // RFC 8414 §2 allows extension members: how tools find the admin routes (admin-routes.ts).
    ...(input.adminEndpoint ? { discovery: { oauth_clients_dev_admin_endpoint: input.adminEndpoint } } : {}),
    renderError,
    formats: { customizers: { jwt: addScpClaim } },
    features: {
      devInteractions: { enabled: input.devInteractions },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      registration: {
        enabled: true,
        // Stored in the adapter, multi-use (G8); the server creates one at first start.
        initialAccessToken: true,
        // Runs for registrations with an initial access token carrying the policy, and for
        // every update of a client so registered (its registration access token inherits it).
        policies: {
          [HTTPS_REDIRECTS_POLICY]: (_ctx: unknown, metadata: ClientMetadata) => {
            const problem = redirectUriProblem(metadata);
            if (problem) throw new errors.InvalidClientMetadata(problem);
          },
        },
      },
      registrationManagement: {
        enabled: true,
        rotateRegistrationAccessToken: input.rotateRegistrationAccessToken,
      },
      resourceIndicators: {
        enabled: true,
        // Clients need not send `resource`: every token is for the development API (G4).
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) =>
          oneOf ? (oneOf.includes(resource) ? resource : oneOf[0]) : resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx: OidcContext, indicator: string) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          // Runs for every request that resolves the resource, before any token is minted:
          // the one place to refuse what oidc-provider would silently drop (G4).
          const unknown = unknownScopes(ctx.oidc.params?.scope, knownScopes);
          if (unknown.length > 0) {
            throw new errors.InvalidScope(`requested scope is not supported: ${unknown.join(' ')}`, unknown.join(' '));
          }
          return {
            scope: input.apiScopes.join(' '),
            audience: resource,
            accessTokenTTL: input.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            // RFC 9068 §2.1: RS256 is the algorithm every resource server must accept.
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
  };
}

/**
 * RFC 9068 puts the granted scopes in `scope` (a string); Azure AD, Hydra and light-portal put
 * them in `scp` (a list), the claim the project's seed reads. JWT access tokens carry both.
 */
function addScpClaim(_ctx: unknown, _token: OidcToken, jwt: { payload: Record<string, unknown> }): void {
  const { scope } = jwt.payload;
  if (typeof scope === 'string' && scope !== '') jwt.payload.scp = scope.split(' ');
}

/** oidc-provider's default, without its NOTICE: public clients may call CORS from their redirect origins. */
function clientBasedCORS(ctx: OidcContext, origin: string, client: OidcClient): boolean {
  if (origin === 'null') return false;
  if (ctx.oidc.route !== 'userinfo' && client.clientAuthMethod !== 'none') return false;
  return client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin);
}

/** oidc-provider's default, without its NOTICE: a public client only introspects its own tokens. */
async function introspectionAllowed(ctx: OidcContext, client: OidcClient, token: OidcToken): Promise<boolean> {
  return !(client.clientAuthMethod === 'none' && token.clientId !== ctx.oidc.client?.clientId);
}

/** A client revokes only tokens issued to it. */
async function revocationAllowed(_ctx: OidcContext, client: OidcClient, token: OidcToken): Promise<boolean> {
  return token.clientId === client.clientId;
}
