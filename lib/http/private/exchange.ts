// One request and its whole response over node's own HTTP client, bounded by the connect timeout
// and the per-attempt deadline. Retries, redaction and pooling are decided by the callers.
import type { Agent, ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { CONNECT_TIMEOUT_CODE, RESPONSE_TIMEOUT_CODE, RESPONSE_TOO_LARGE_CODE } from '../retry-policy';

/** What one exchange sends, and how long it may take. */
export interface ExchangeSpec {
  /** `http.request` or `https.request`, matching `url` and `agent`. */
  readonly send: (url: URL, options: RequestOptions) => ClientRequest;
  readonly agent: Agent;
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** For a new connection: until TCP is connected and, over https, the TLS handshake is done. */
  readonly connectTimeoutMs: number;
  /** From now to the last byte of the body, headers included. */
  readonly responseTimeoutMs: number;
  /** The largest body read; a larger one fails the exchange with RESPONSE_TOO_LARGE as soon as it shows. */
  readonly maxResponseBytes: number;
}

/** A response read to its end. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names, as node parses them (repeated headers joined, `set-cookie` an array). */
  readonly headers: IncomingHttpHeaders;
  /** The body decoded as UTF-8; `''` when empty. */
  readonly text: string;
}

/** An exchange under way: its outcome, and a way to end it early. */
export interface Exchange {
  readonly response: Promise<RawResponse>;
  /** Fails the exchange with `error` and destroys its connection; no effect once it has settled. */
  readonly abort: (error: Error) => void;
}

/** Methods that define a meaning for a body are sent with a `content-length`, 0 when empty (RFC 9110 §8.6). */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Sends the request and reads the whole response. The promise rejects with node's own error
 * (ECONNREFUSED, ECONNRESET "socket hang up", an OpenSSL code…), with a `CONNECT_TIMEOUT` or
 * `RESPONSE_TIMEOUT` error, or with what `http.request` throws for options it refuses (a header
 * holding a newline). A failed exchange never returns its connection to the pool.
 */
export function exchange(spec: ExchangeSpec): Exchange {
  let abort: (error: Error) => void = () => undefined;
  const response = new Promise<RawResponse>((resolve, reject) => {
    const { url } = spec;
    const secure = url.protocol === 'https:';
    const req = spec.send(url, {
      agent: spec.agent,
      method: spec.method,
      headers: withContentLength(spec.method, spec.headers, spec.body),
      // SNI names the URL's host, never a Host header; an IP address is not a server name (RFC 6066 §3).
      ...(secure ? { servername: serverName(url) } : {}),
    });
    let settled = false;
    const settle = (error: Error | undefined, result?: RawResponse): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(deadline);
      if (error === undefined && result !== undefined) {
        resolve(result);
      } else {
        req.destroy();
        reject(error);
      }
    };
    const fail = (error: Error): void => settle(error);
    const deadline = setTimeout(
      () => fail(codedError(`no complete response within ${spec.responseTimeoutMs} ms`, RESPONSE_TIMEOUT_CODE)),
      spec.responseTimeoutMs,
    );
    abort = fail;
    req.on('error', fail);
    req.once('socket', (socket: Socket) => {
      // A pooled connection is already up; only a new one has a handshake to time.
      if (!req.reusedSocket) {
        armConnectTimeout(socket, secure, spec.connectTimeoutMs, fail);
      }
    });
    req.once('response', (res: IncomingMessage) => readBody(res, spec.maxResponseBytes, settle));
    req.end(spec.body);
  });
  // The executor above ran synchronously: `abort` is the exchange's own unless `send` threw.
  return { response, abort };
}

function withContentLength(method: string, headers: Readonly<Record<string, string>>, body: string | undefined): Record<string, string> {
  if (body === undefined && !BODY_METHODS.has(method)) {
    return { ...headers };
  }
  return { ...headers, 'content-length': String(Buffer.byteLength(body ?? '', 'utf8')) };
}

function serverName(url: URL): string {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0 ? host : '';
}

/**
 * Fails the exchange when a new connection is not ready within `ms`: TCP connected, and over https
 * the handshake done — until then not a byte of the request has left, so the failure is "not sent".
 */
function armConnectTimeout(socket: Socket, secure: boolean, ms: number, fail: (error: Error) => void): void {
  const timer = setTimeout(() => fail(codedError(`no connection within ${ms} ms`, CONNECT_TIMEOUT_CODE)), ms);
  const disarm = () => clearTimeout(timer);
  socket.once(secure ? 'secureConnect' : 'connect', disarm);
  socket.once('close', disarm);
}

function readBody(res: IncomingMessage, max: number, settle: (error: Error | undefined, response?: RawResponse) => void): void {
  const tooLarge = (size: string) => codedError(`the response body is larger than ${max} bytes (${size}): refused`, RESPONSE_TOO_LARGE_CODE);
  const announced = Number(res.headers['content-length']);
  if (Number.isFinite(announced) && announced > max) {
    // Fail before reading a byte of it; settling destroys the request and its socket.
    settle(tooLarge(`Content-Length ${announced}`));
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  res.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > max) settle(tooLarge(`${received} bytes received so far`));
    else chunks.push(chunk);
  });
  res.on('error', (error: Error) => settle(error));
  res.once('end', () => {
    // TextDecoder, like the WHATWG `Response.text()`: invalid bytes become U+FFFD and a leading BOM is dropped.
    const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
    settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, text });
  });
  // Node reports a connection lost mid-body as an error; this catches a close it did not report.
  res.once('close', () => settle(codedError('the connection closed before the end of the response', 'ECONNRESET')));
}

function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}
