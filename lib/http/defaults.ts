// Defaults of the HTTP client, each with the reason it has this value.
// The README's reference table for `lib/http` is meant to be generated from this file.

/**
 * Time allowed to open the TCP connection and finish the TLS handshake.
 * A healthy authorization server answers a handshake in well under a second; five leave room for
 * a cold load balancer without letting a black-holed address stall a Terraform run.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * Time allowed per attempt from dispatching the request to the last byte of the response body.
 * Dynamic client registration endpoints can be slow (they write to a database and sometimes call
 * out to policy services), but a response that takes longer than this is treated as lost.
 */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;

/**
 * Attempts per request, the first one included. Four attempts with the default backoff span a few
 * seconds — enough to ride out a rolling restart, short enough that a real outage fails the plan.
 */
export const DEFAULT_MAX_ATTEMPTS = 4;

/**
 * The largest response body read, in bytes. A registration answer or a discovery document is a
 * few KB; a bigger body is refused as it arrives (its Content-Length, or the bytes counted while
 * streaming), so a hostile or broken provider cannot make ten parallel handlers buffer 200 MB each.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** Upper bound of the first backoff; later bounds double (full jitter, see `backoffDelayMs`). */
export const DEFAULT_BASE_DELAY_MS = 200;

/** No single backoff waits longer than this, whatever the attempt number. */
export const DEFAULT_MAX_DELAY_MS = 5_000;

/**
 * The longest `Retry-After` the client is willing to sleep for. A server asking for more is
 * answered with its own response (the 429/503) rather than with a Terraform run that hangs.
 */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
