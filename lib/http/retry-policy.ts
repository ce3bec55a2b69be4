// When a failed attempt is tried again, and after how long. Pure functions: the client feeds in
// what happened, this module answers, so every rule is testable without a server.
import {
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RETRY_AFTER_MS,
} from './defaults';

/** How hard the client tries before it hands back a failure. */
export interface RetryPolicy {
  /** Attempts per request, the first one included; 1 turns retries off. @default 4 */
  readonly maxAttempts?: number;
  /** Upper bound of the first backoff; the bound doubles per attempt. @default 200 */
  readonly baseDelayMs?: number;
  /** Cap on any single backoff. @default 5000 */
  readonly maxDelayMs?: number;
  /**
   * The longest `Retry-After` honoured. A longer one ends the retries and the 429/503 response is
   * returned at once, so the caller can report it instead of hanging.
   * @default 60000
   */
  readonly maxRetryAfterMs?: number;
}

/** A policy with every default filled in. */
export type ResolvedRetryPolicy = Required<RetryPolicy>;

/** The code the client gives an attempt that ran out of `responseTimeoutMs`. */
export const RESPONSE_TIMEOUT_CODE = 'RESPONSE_TIMEOUT';

/** The code the client gives a connection (TCP and TLS handshake) that ran out of `connectTimeoutMs`. */
export const CONNECT_TIMEOUT_CODE = 'CONNECT_TIMEOUT';

/**
 * The code of a request made on, or still running when, `HttpClient.close()` was called. It is in
 * neither list below: trying again on a closed client cannot succeed.
 */
export const CLIENT_CLOSED_CODE = 'CLIENT_CLOSED';

/** The code of a response whose body is larger than `maxResponseBytes`: not retried, the next answer would be as large. */
export const RESPONSE_TOO_LARGE_CODE = 'RESPONSE_TOO_LARGE';

/**
 * Failures that happen before a single byte of the request reached the server, so retrying them
 * is safe for any method, POST included: nothing can have been created twice.
 */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  CONNECT_TIMEOUT_CODE, // runs out before TCP (and TLS) is up: no byte of the request has left
  'EAI_AGAIN', // temporary DNS failure
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

/**
 * Failures after the request may have been received: the server might have acted on it, so only
 * an idempotent request is retried (RFC 9110 §9.2.2).
 */
const MAYBE_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', // also node's "socket hang up": the connection closed before a complete response
  'EPIPE',
  'ETIMEDOUT',
  RESPONSE_TIMEOUT_CODE,
]);

/** Statuses that mean "try again later" for a request that is safe to repeat (RFC 9110 §15.6). */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** Fills in the defaults of a partial policy. */
export function resolveRetryPolicy(policy: RetryPolicy = {}): ResolvedRetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(policy.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)),
    baseDelayMs: policy.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    maxRetryAfterMs: policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
  };
}

/**
 * GET, PUT and DELETE are idempotent by definition (RFC 9110 §9.2.2); POST and PATCH only when
 * the caller says so (e.g. a POST carrying an idempotency key). An explicit flag always wins.
 */
export function isIdempotent(method: string, declared?: boolean): boolean {
  return declared ?? ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(method.toUpperCase());
}

/** What happened in one attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string | readonly string[] }
  | { readonly kind: 'transport'; readonly code: string };

/** The answer: try again after `delayMs`, or stop and hand back what the last attempt produced. */
export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false };

/**
 * Decides whether attempt number `attempt` (1-based) is followed by another one.
 * 429 is retried for every method: the server says it did not process the request (RFC 6585 §4).
 * `Retry-After` is honoured on 429 and 503 (RFC 9110 §10.2.3); one above `maxRetryAfterMs` stops.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  idempotent: boolean,
  policy: ResolvedRetryPolicy,
  now: number = Date.now(),
  random: () => number = Math.random,
): RetryDecision {
  if (attempt >= policy.maxAttempts) {
    return { retry: false };
  }
  if (outcome.kind === 'transport') {
    const retryable = NOT_SENT_CODES.has(outcome.code) || (idempotent && MAYBE_SENT_CODES.has(outcome.code));
    return retryable ? { retry: true, delayMs: backoffDelayMs(attempt, policy, random) } : { retry: false };
  }
  const { status } = outcome;
  if (status !== 429 && !(idempotent && RETRYABLE_STATUSES.has(status))) {
    return { retry: false };
  }
  const serverAsked = status === 429 || status === 503 ? retryAfterMs(outcome.retryAfter, now) : undefined;
  if (serverAsked === undefined) {
    return { retry: true, delayMs: backoffDelayMs(attempt, policy, random) };
  }
  return serverAsked > policy.maxRetryAfterMs ? { retry: false } : { retry: true, delayMs: serverAsked };
}

/**
 * Full-jitter exponential backoff: a uniform draw from [0, min(maxDelay, base · 2^(attempt−1))).
 * Jitter spreads the retries of many Terraform workers hitting the same provider
 * (see "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 */
export function backoffDelayMs(attempt: number, policy: ResolvedRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Reads a `Retry-After` value — delay-seconds or an HTTP-date (RFC 9110 §10.2.3) — as milliseconds
 * from `now`. A date in the past means "now" (0). Returns `undefined` when absent or unreadable.
 */
export function retryAfterMs(header: string | readonly string[] | undefined, now: number = Date.now()): number | undefined {
  const value = (typeof header === 'string' ? header : header?.[0])?.trim();
  if (value === undefined || value === '') {
    return undefined;
  }
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000;
  }
  // Every HTTP-date form starts with a day name; without that check Date.parse would read "1.5" as a year.
  const date = /^[A-Za-z]{3,9},?\s/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
