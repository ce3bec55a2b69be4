// Endpoints a provider tells us about (discovery's registration_endpoint and token_endpoint,
// RFC 7592's registration_client_uri, an adapter's next-page link) obey the rules of the ones a
// host declares: https (plain http only to loopback on a development host) and the issuer's
// origin, or the origin of an endpoint the host declares (registrationEndpoint, adminUrl, endpointOrigins). A metadata document or registration
// answer naming another place would otherwise receive the initial access token, a registration
// access token or a client secret (RFC 8414 §3.3 requires the issuer in the metadata to match for
// the same reason; RFC 7592 §3 leaves registration_client_uri to the server). Checked before a
// credential is sent, every time, by every adapter.
import { printable } from '../../http';
import { LIMITS, type HostSpec } from '../../model';

/** A provider-supplied endpoint that breaks the rules; nothing was sent to it. */
export class UntrustedEndpointError extends Error {
  override readonly name = 'UntrustedEndpointError';

  constructor(
    readonly host: string,
    /** What the endpoint is, in the provider's words: `token_endpoint`, `registration_client_uri`. */
    readonly endpoint: string,
    readonly rule: string,
  ) {
    super(`host ${host}: the provider's ${endpoint} ${rule}; no credential was sent to it`);
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

/** The origins a host trusts: its issuer's, and those of the endpoints it declares. */
export function trustedOrigins(host: Pick<HostSpec, 'issuer' | 'registrationEndpoint' | 'adminUrl' | 'endpointOrigins'>): string[] {
  return [host.issuer, host.registrationEndpoint, host.adminUrl, ...(host.endpointOrigins ?? [])].flatMap((url) => {
    try {
      return url === undefined ? [] : [new URL(url).origin];
    } catch {
      return [];
    }
  });
}

/**
 * `value` when it is an endpoint this host may send credentials to.
 * @throws UntrustedEndpointError naming the endpoint, the (neutralized) value and the rule
 */
export function checkLearnedEndpoint(value: unknown, endpoint: string, host: Pick<HostSpec, 'name' | 'issuer' | 'registrationEndpoint' | 'adminUrl' | 'endpointOrigins' | 'environment'>): string {
  const refuse = (rule: string) => new UntrustedEndpointError(host.name, endpoint, rule);
  if (typeof value !== 'string' || value === '') throw refuse('is missing or not a string');
  const shown = `'${printable(value, 200)}'`;
  if (value.length > LIMITS.url) throw refuse(`is longer than ${LIMITS.url} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse(`${shown} is not an absolute URL`);
  }
  if (url.username !== '' || url.password !== '') throw refuse(`${shown} carries user-info`);
  if (url.hash !== '') throw refuse(`${shown} has a fragment`);
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !(loopbackHttp && host.environment === 'development')) {
    throw refuse(`${shown} does not use https (plain http only to loopback for a development host)`);
  }
  const origins = trustedOrigins(host);
  if (!origins.includes(url.origin)) {
    throw refuse(`${shown} is not on the issuer's origin ${origins[0] ?? '(none)'} nor another the host declares (HostProps.endpointOrigins)`);
  }
  return value;
}
