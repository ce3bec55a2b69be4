// The project's one HTTP client: every provider adapter gets an instance injected, so timeouts,
// retries, TLS rules and redaction are decided here once and never per adapter.
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RESPONSE_TIMEOUT_MS } from './defaults';
import { HttpTransportError, InsecureUrlError } from './errors';
import { decodeJson, encodeRequest, type EncodedRequest, type HttpRequest, type HttpResponse } from './http-request';
import { innerErrorsOf, isErrorLike } from './private/error-like';
import { NodeTransport } from './private/node-transport';
import { describeError, redactError, type Redactor } from './redactor';
import {
  decideRetry,
  isIdempotent,
  resolveRetryPolicy,
  type AttemptOutcome,
  type ResolvedRetryPolicy,
  type RetryPolicy,
} from './retry-policy';
import { checkedUrl, printableUrl } from './url-policy';

/** How an `HttpClient` connects, waits, retries and redacts. */
export interface HttpClientOptions {
  /** Receives every secret that passes through, and scrubs every log line and error message. */
  readonly redactor: Redactor;
  /** Time allowed for the TCP connection and TLS handshake. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** Time allowed per attempt, from sending the request to the last byte of the body. @default 30000 */
  readonly responseTimeoutMs?: number;
  /** The largest response body read; a larger one fails with `RESPONSE_TOO_LARGE`, not retried. @default 1048576 (1 MiB) */
  readonly maxResponseBytes?: number;
  /** When and how long to wait before trying again. @default - 4 attempts, 200 ms base, 5 s cap, Retry-After up to 60 s */
  readonly retry?: RetryPolicy;
  /**
   * A PEM certificate (or several) trusted in addition to the system's roots — for a provider
   * behind a private CA. Certificates are always verified; there is deliberately no way to turn
   * that off, and `NODE_TLS_REJECT_UNAUTHORIZED=0` has no effect on this client.
   * @default - the system's roots only
   */
  readonly ca?: string;
  /**
   * Receives one redacted line per attempt: method, URL without query, status or error code,
   * attempt number and duration.
   * @default - no logging
   */
  readonly log?: (line: string) => void;
}

/** Calls HTTP APIs with timeouts, retries and redaction. Returns every HTTP status; throws only for transport failures. */
export class HttpClient {
  private readonly transport: NodeTransport;
  private readonly redactor: Redactor;
  private readonly retry: ResolvedRetryPolicy;
  private readonly log?: (line: string) => void;

  constructor(options: HttpClientOptions) {
    this.redactor = options.redactor;
    this.retry = resolveRetryPolicy(options.retry);
    this.log = options.log;
    if (options.ca !== undefined && !options.ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new TypeError('ca must be one or more PEM certificates');
    }
    this.transport = new NodeTransport({
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      responseTimeoutMs: options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
  }

  /**
   * Sends `req`, retrying as the retry policy allows, and returns the last response whatever its status.
   * @throws InsecureUrlError before any connection when the URL breaks the transport rules
   * @throws HttpTransportError when no response could be obtained
   * @throws TypeError when request options that exclude each other are combined
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = this.checkedUrl(req.url);
    const encoded = encodeRequest(req, this.redactor);
    const idempotent = isIdempotent(req.method, req.idempotent);
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      let outcome: AttemptOutcome;
      let response: HttpResponse | undefined;
      let failure: unknown;
      try {
        response = await this.attempt(req.method, url, encoded);
        outcome = { kind: 'status', status: response.status, retryAfter: response.headers['retry-after'] };
      } catch (error) {
        failure = error;
        outcome = { kind: 'transport', code: codeOf(error) };
      }
      this.logAttempt(req.method, url, outcome.kind === 'status' ? String(outcome.status) : outcome.code, attempt, started);
      const decision = decideRetry(outcome, attempt, idempotent, this.retry);
      if (!decision.retry) {
        if (response !== undefined) {
          return response;
        }
        throw this.transportError(req.method, url, failure, attempt);
      }
      await sleep(decision.delayMs);
    }
  }

  /**
   * Closes every pooled connection at once; requests still running fail with `HttpTransportError`.
   * Call it when done: pooled keep-alive connections are then closed at once instead of after their idle timeout.
   */
  async close(): Promise<void> {
    this.transport.close();
  }

  private checkedUrl(url: string): URL {
    try {
      return checkedUrl(url);
    } catch (error) {
      // The path may hold a value registered earlier (a client id that is also a secret, say).
      throw error instanceof InsecureUrlError ? new InsecureUrlError(this.redactor.redact(error.url), error.reason) : error;
    }
  }

  private async attempt(method: string, url: URL, encoded: EncodedRequest): Promise<HttpResponse> {
    const { status, headers, text } = await this.transport.send(method, url, encoded);
    return { status, headers, text, json: decodeJson(text, headers['content-type'], this.redactor) };
  }

  private logAttempt(method: string, url: URL, result: string, attempt: number, started: number): void {
    if (this.log === undefined) {
      return;
    }
    const line = `${method} ${printableUrl(url)} -> ${result} (attempt ${attempt}/${this.retry.maxAttempts}, ${Date.now() - started} ms)`;
    this.log(this.redactor.redact(line));
  }

  private transportError(method: string, url: URL, failure: unknown, attempts: number): HttpTransportError {
    const code = codeOf(failure);
    const detail = describeError(failure, this.redactor);
    const message = this.redactor.redact(
      `${method} ${printableUrl(url)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${code} (${detail})`,
    );
    return new HttpTransportError(method, this.redactor.redact(printableUrl(url)), code, attempts, message, {
      cause: redactError(failure, this.redactor),
    });
  }
}

/**
 * The error code of a transport failure: node's `code` (ECONNREFUSED, ECONNRESET…), the client's
 * own (CONNECT_TIMEOUT, RESPONSE_TIMEOUT, CLIENT_CLOSED), OpenSSL's (DEPTH_ZERO_SELF_SIGNED_CERT…),
 * or the first inner code of an AggregateError (which node raises when every address of a host refused).
 */
function codeOf(error: unknown): string {
  for (let current: unknown = error, depth = 0; isErrorLike(current) && depth < 4; depth++) {
    if (typeof current.code === 'string' && current.code !== '') {
      return current.code;
    }
    current = innerErrorsOf(current)[0] ?? current.cause;
  }
  return isErrorLike(error) ? error.name : 'UNKNOWN';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
