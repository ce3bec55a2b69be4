// Endpoints from the issuer's metadata (RFC 8414 §3; OpenID Connect Discovery §4), fetched once
// per handler process.
import type { HttpClient } from '../../http';
import type { HostSpec } from '../../model';
import { checkLearnedEndpoint } from '../private/endpoint-policy';

export interface Endpoints {
  readonly registration: string;
  readonly token: string;
  /**
   * The development server's administrative endpoint (lib/devserver/admin-routes.ts), named in
   * its metadata as RFC 8414 §2 allows extensions; real providers have none.
   */
  readonly devAdmin?: string;
}

/** The metadata member the development server names its admin endpoint with. */
export const DEV_ADMIN_METADATA = 'oauth_clients_dev_admin_endpoint';

export async function discoverEndpoints(http: HttpClient, host: HostSpec): Promise<Endpoints> {
  const base = host.issuer.replace(/\/$/, '');
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    let response;
    try {
      response = await http.request({ method: 'GET', url: `${base}${path}` });
    } catch (error) {
      throw new Error(`host ${host.name}: cannot reach the issuer ${host.issuer} (is the server up?)`, { cause: error });
    }
    if (response.status !== 200) continue;
    const metadata = (response.json ?? {}) as { registration_endpoint?: unknown; token_endpoint?: unknown; [DEV_ADMIN_METADATA]?: unknown };
    const registration = host.registrationEndpoint ?? metadata.registration_endpoint;
    if (typeof registration !== 'string' || typeof metadata.token_endpoint !== 'string') {
      throw new Error(`host ${host.name}: ${base}${path} names no registration_endpoint or token_endpoint (is dynamic registration enabled?)`);
    }
    // Where the initial access token and client secrets will go: held to the rules of declared endpoints.
    const endpoints = { registration: checkLearnedEndpoint(registration, 'registration_endpoint', host), token: checkLearnedEndpoint(metadata.token_endpoint, 'token_endpoint', host) };
    const devAdmin = trustedDevAdmin(metadata[DEV_ADMIN_METADATA], host);
    return { ...endpoints, ...(devAdmin ? { devAdmin } : {}) };
  }
  throw new Error(`host ${host.name}: no authorization server metadata at ${base}/.well-known/ (is the issuer ${host.issuer} right and the server up?)`);
}

/** The admin endpoint gets the initial access token too: one that breaks the endpoint rules is not used. */
function trustedDevAdmin(value: unknown, host: HostSpec): string | undefined {
  if (value === undefined) return undefined;
  try {
    return checkLearnedEndpoint(value, DEV_ADMIN_METADATA, host);
  } catch {
    return undefined;
  }
}
