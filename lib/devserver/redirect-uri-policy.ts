// Which redirect URIs a client of the development server may register: https, or http on a
// loopback address (RFC 8252 §7.3), or, for native apps, a private-use scheme (RFC 8252 §7.1).
// oidc-provider itself accepts any http URI for web clients (provider-apis G9).

import type { ClientMetadata } from './oidc-provider-types';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Schemes that run or read content instead of reaching an app; never a redirect target. */
const DANGEROUS_SCHEMES = new Set(['javascript:', 'data:', 'file:', 'vbscript:', 'about:', 'blob:']);

/**
 * The first rule a client's redirect URIs break, as an error description, or undefined.
 * Descriptions starting with the field name `redirect_uris` become oidc-provider's
 * `invalid_redirect_uri` error (RFC 7591 §3.2.2); others `invalid_client_metadata`.
 */
export function redirectUriProblem(metadata: ClientMetadata): string | undefined {
  const native = metadata.application_type === 'native';
  for (const field of ['redirect_uris', 'post_logout_redirect_uris']) {
    const uris = metadata[field];
    if (!Array.isArray(uris)) continue;
    for (const uri of uris) {
      const problem = uriProblem(uri, native);
      if (problem) return `${field} ${problem}, got '${String(uri)}'`;
    }
  }
  return undefined;
}

function uriProblem(uri: unknown, native: boolean): string | undefined {
  // Malformed values are left to oidc-provider's own schema, which names them precisely.
  const url = typeof uri === 'string' ? URL.parse(uri) : null;
  if (!url) return undefined;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname) ? undefined : 'must use https (except loopback)';
  }
  if (!native) return 'must use https (except loopback); private-use schemes need application_type native';
  return DANGEROUS_SCHEMES.has(url.protocol) ? `must not use the ${url.protocol} scheme` : undefined;
}
