// What a caller hands the client and gets back, and how a request becomes headers and a body.
// Every credential that goes into a request is registered with the redactor on the way.
import type { Redactor } from './redactor';

/** The methods the provider APIs use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One HTTP request, described by intent: the client encodes the body and the credentials. */
export interface HttpRequest {
  readonly method: HttpMethod;
  /** Absolute http(s) URL; plain http only to loopback (see `checkedUrl`). */
  readonly url: string;
  /** Extra headers; names are case-insensitive. @default - only `accept: application/json` */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `application/json`. Exclusive with `form`. @default - no JSON body */
  readonly json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`, the encoding of OAuth token endpoints (RFC 6749 §4.1.3). @default - no form body */
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Bearer <token>` (RFC 6750 §2.1). Exclusive with `basic`. @default - no bearer token */
  readonly bearer?: string;
  /**
   * Sent as `Authorization: Basic base64(username:password)` (RFC 7617), exactly as given.
   * For OAuth client authentication, form-urlencode client id and secret first (RFC 6749 §2.3.1).
   * @default - no basic credentials
   */
  readonly basic?: { readonly username: string; readonly password: string };
  /**
   * Whether the request may be repeated after a failure that might have reached the server.
   * @default - true for GET, PUT and DELETE; false for POST and PATCH
   */
  readonly idempotent?: boolean;
}

/** The response of the last attempt. The body is returned as received — not redacted. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names, as node reports them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body decoded as UTF-8; `''` when empty. */
  readonly text: string;
  /** The body parsed as JSON when it is JSON; `undefined` otherwise. */
  readonly json: unknown | undefined;
}

/** Headers and body ready for the wire. */
export interface EncodedRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * Builds the headers and body of `request` and registers every credential it carries (bearer
 * token, basic password, sensitive fields of the body, a hand-written Authorization header).
 * @throws TypeError when options that exclude each other are combined
 */
export function encodeRequest(request: HttpRequest, redactor: Redactor): EncodedRequest {
  if (request.json !== undefined && request.form !== undefined) {
    throw new TypeError('json and form are mutually exclusive');
  }
  if (request.bearer !== undefined && request.basic !== undefined) {
    throw new TypeError('bearer and basic are mutually exclusive');
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  if (headers.authorization !== undefined) {
    if (request.bearer !== undefined || request.basic !== undefined) {
      throw new TypeError('an authorization header cannot be combined with bearer or basic');
    }
    registerAuthorization(headers.authorization, redactor);
  }
  if (request.bearer !== undefined) {
    headers.authorization = `Bearer ${request.bearer}`;
    redactor.add(request.bearer);
  }
  if (request.basic !== undefined) {
    const token = Buffer.from(`${request.basic.username}:${request.basic.password}`, 'utf8').toString('base64');
    headers.authorization = `Basic ${token}`;
    redactor.add(request.basic.password);
    redactor.add(token);
  }
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    redactor.addFieldsOf(request.json);
    return { headers, body: JSON.stringify(request.json) };
  }
  if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    redactor.addFieldsOf(request.form);
    return { headers, body: new URLSearchParams({ ...request.form }).toString() };
  }
  return { headers };
}

/** Reads a response body as JSON when it is JSON, and registers the secrets it carries. */
export function decodeJson(text: string, contentType: string | string[] | undefined, redactor: Redactor): unknown | undefined {
  const declared = String(contentType ?? '').toLowerCase().includes('json');
  const looksLikeJson = /^\s*[[{]/.test(text);
  if (!declared && !looksLikeJson) {
    return undefined;
  }
  try {
    const json: unknown = JSON.parse(text);
    redactor.addFieldsOf(json);
    return json;
  } catch {
    return undefined;
  }
}

function registerAuthorization(value: string, redactor: Redactor): void {
  redactor.add(value);
  const credentials = /^\S+\s+(.+)$/.exec(value.trim())?.[1];
  if (credentials !== undefined) {
    redactor.add(credentials);
  }
}
