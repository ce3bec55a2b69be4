// The errors the HTTP client throws, and a reader for the OAuth error body of a response.
// HTTP error statuses are not thrown: the adapter that made the call knows what a 400 means.
import { NOT_SENT_CODES } from './retry-policy';

/** A request could not be completed at the transport level (connect, TLS, reset, timeout), after all retries. */
export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';

  constructor(
    /** The HTTP method of the failed request. */
    readonly method: string,
    /** The request URL without userinfo, query string or fragment. */
    readonly url: string,
    /** The underlying error code, e.g. `ECONNREFUSED`, `ECONNRESET`, `CONNECT_TIMEOUT`, `RESPONSE_TIMEOUT`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
    readonly code: string,
    /** How many attempts were made before giving up. */
    readonly attempts: number,
    /** Already redacted by the client that throws it. */
    message: string,
    options?: { readonly cause?: Error },
  ) {
    super(message, options);
  }
}

/**
 * A URL the client refuses to call: not absolute, not http(s), carrying credentials, or plain
 * `http:` to a host that is not loopback. Thrown before any DNS lookup or connection.
 */
export class InsecureUrlError extends Error {
  override readonly name = 'InsecureUrlError';

  constructor(
    /** The URL without userinfo, query string or fragment — or `<invalid>` when it does not parse. */
    readonly url: string,
    /** The rule that was broken, in words. */
    readonly reason: string,
  ) {
    super(`refusing to call ${url}: ${reason}`);
  }
}

/** The error members of an OAuth error response. */
export interface OAuthError {
  /** The error code, e.g. `invalid_client_metadata` (RFC 7591 §3.2.2) or `invalid_token` (RFC 6750 §3.1). */
  readonly error: string;
  /** Human-readable text from the provider. @default - absent when the provider sent none */
  readonly error_description?: string;
}

/**
 * Reads `{ error, error_description }` from a response body shaped as RFC 6749 §5.2 / RFC 7591
 * §3.2.2 prescribe. Returns `undefined` when the body is not such an object — many providers
 * answer a 404 or 500 with HTML or their own JSON, and the caller then falls back to the status.
 */
export function oauthErrorOf(response: { readonly json: unknown }): OAuthError | undefined {
  const body = response.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return undefined;
  }
  const { error, error_description: description } = body as Record<string, unknown>;
  if (typeof error !== 'string' || error.length === 0) {
    return undefined;
  }
  return typeof description === 'string' ? { error, error_description: description } : { error };
}

/**
 * The request never reached the server (refused, unreachable, connect timeout): a non-idempotent
 * request that failed this way certainly had no effect.
 */
export function neverReachedServer(error: unknown): boolean {
  return error instanceof HttpTransportError && NOT_SENT_CODES.has(error.code);
}
