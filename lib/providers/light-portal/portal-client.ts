// ClientSpec ↔ the light-portal client object (light-portal.md §B2): one redirectUri, the scope
// as a space-separated `clientScope`, custom claims as a JSON string in `customClaim` (which also
// carries the create's marker), grants as clientType + clientProfile. Pure functions.
import type { ClientSpec, HostSpec } from '../../model';
import type { ObservedClient } from '../provider-adapter';
import { sortedUnique, words } from '../private/wire';

/** The customClaim key holding the create's marker (reserved in client-rules.ts; docs/design.md). */
export const MARKER_CLAIM = 'oauth_clients_key';

/** What the marker says: this host's client of this key. */
export const markerOf = (spec: Pick<ClientSpec, 'key' | 'host'>): string => `${spec.host.name}/${spec.key}`;

/** The owning entity (§B2: exactly one of appId / apiVersionId / instanceId), from the host's settings. */
export function ownerOf(host: HostSpec): Record<string, string> {
  const settings = host.settings ?? {};
  for (const name of ['appId', 'apiVersionId', 'instanceId']) if (settings[name]) return { [name]: settings[name] };
  return {};
}

/**
 * §B2 clientProfile: `service` for client credentials only; a user-facing client is `webserver`
 * when confidential, `mobile` or `browser` when public (LO2 Client.java enums).
 */
export function profileOf(spec: ClientSpec): string {
  if (!spec.grantTypes.includes('authorization_code')) return 'service';
  if (!spec.publicClient) return 'webserver';
  return spec.applicationType === 'native' ? 'mobile' : 'browser';
}

/** The fields createClient and updateClient take (updateClient adds clientId and aggregateVersion). */
export function portalFields(spec: ClientSpec): Record<string, unknown> {
  const settings = spec.host.settings ?? {};
  return {
    hostId: settings.hostId,
    providerId: settings.providerId,
    ...ownerOf(spec.host),
    clientName: spec.clientName,
    clientType: spec.publicClient ? 'public' : 'confidential',
    clientProfile: profileOf(spec),
    clientScope: spec.scopes.join(' '),
    customClaim: JSON.stringify({ ...spec.customClaims, [MARKER_CLAIM]: markerOf(spec) }),
    // §B2: a single value; capabilities.maxRedirectUrls = 1 makes two a synth error.
    ...(spec.redirectUrls.length > 0 ? { redirectUri: spec.redirectUrls[0] } : { redirectUri: null }),
  };
}

/** The marker a listed or read client carries, if any. */
export function markerIn(client: Record<string, unknown>): string | undefined {
  try {
    const claims = JSON.parse(String(client.customClaim ?? '{}')) as Record<string, unknown>;
    return typeof claims[MARKER_CLAIM] === 'string' ? claims[MARKER_CLAIM] : undefined;
  } catch {
    return undefined;
  }
}

export function observedPortalClient(client: Record<string, unknown>): ObservedClient {
  let claims: Record<string, unknown> = {};
  try {
    claims = JSON.parse(String(client.customClaim ?? '{}')) as Record<string, unknown>;
  } catch {
    // A customClaim edited by hand into something that is not JSON: reported as no claims.
  }
  const { [MARKER_CLAIM]: _marker, ...custom } = claims;
  return {
    clientId: String(client.clientId),
    fields: {
      clientName: String(client.clientName ?? ''),
      publicClient: client.clientType === 'public',
      scopes: sortedUnique(words(client.clientScope)),
      redirectUrls: typeof client.redirectUri === 'string' && client.redirectUri !== '' ? [client.redirectUri] : [],
      customClaims: Object.fromEntries(Object.entries(custom).sort(([a], [b]) => (a < b ? -1 : 1))) as ClientSpec['customClaims'],
    },
  };
}
