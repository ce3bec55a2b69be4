// The authorization server's metadata (OpenID Connect Discovery 1.0 §4, else RFC 8414 §3), fetched
// once per issuer per run: token, login and the JWKS all start from it.
import { HttpTransportError, type HttpClient } from '../http';
import { TokenError } from './token-error';

export interface IssuerMetadata {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly authorization_endpoint?: string;
  readonly jwks_uri?: string;
  readonly scopes_supported?: readonly string[];
  readonly code_challenge_methods_supported?: readonly string[];
  /** RFC 9207 §3: the authorization response carries `iss`. */
  readonly authorization_response_iss_parameter_supported?: boolean;
  readonly [member: string]: unknown;
}

/** The two well-known locations, OpenID Connect's first (most providers serve it). */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  return [
    // OpenID Connect Discovery §4: appended to the issuer.
    `${url.origin}${path}/.well-known/openid-configuration`,
    // RFC 8414 §3.1: inserted between the host and the issuer's path.
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

export class IssuerMetadataCache {
  private readonly cache = new Map<string, Promise<IssuerMetadata>>();

  constructor(private readonly http: HttpClient) {}

  get(issuer: string): Promise<IssuerMetadata> {
    let metadata = this.cache.get(issuer);
    if (!metadata) {
      metadata = this.fetch(issuer);
      this.cache.set(issuer, metadata);
    }
    return metadata;
  }

  private async fetch(issuer: string): Promise<IssuerMetadata> {
    const tried: string[] = [];
    for (const url of metadataUrls(issuer)) {
      let response;
      try {
        response = await this.http.request({ method: 'GET', url });
      } catch (error) {
        const code = error instanceof HttpTransportError ? error.code : error instanceof Error ? error.message : String(error);
        throw new TokenError('unreachable', `cannot reach the issuer ${issuer} (${code}): is the provider up?`, undefined, { cause: error });
      }
      if (response.status !== 200) {
        tried.push(`${url} (HTTP ${response.status})`);
        continue;
      }
      const metadata = response.json as Partial<IssuerMetadata> | undefined;
      if (typeof metadata?.token_endpoint !== 'string') throw new TokenError('refused', `${url} names no token_endpoint`);
      // OpenID Connect Discovery §4.3, RFC 8414 §3.3: metadata for another issuer must not be used.
      if (metadata.issuer !== issuer) throw new TokenError('rejected', `${url} is the metadata of issuer '${String(metadata.issuer)}', not of '${issuer}'`);
      return metadata as IssuerMetadata;
    }
    throw new TokenError('refused', `no authorization server metadata for ${issuer}: ${tried.join(', ')}`);
  }
}
