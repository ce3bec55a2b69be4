// What every provider fake shares: an HTTP server on 127.0.0.1, a route table, JSON bodies, a
// rate limiter that answers 429 with Retry-After (RFC 6585 §4, RFC 9110 §10.2.3) and a record of
// the requests. The fakes themselves (hydra-fake.ts, keycloak-fake.ts, light-portal-fake.ts) hold
// the provider's behaviour, each rule citing shared/provider-apis/ and the source it names.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, or undefined. */
  readonly json: unknown;
  /** The path's named groups. */
  readonly params: Readonly<Record<string, string>>;
}

export interface FakeResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialized as JSON with content-type application/json; a string is sent as is. */
  readonly body?: unknown;
}

export type Route = readonly [method: string, path: RegExp, handler: (req: FakeRequest) => FakeResponse | Promise<FakeResponse>];

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private server?: http.Server;
  private limited = 0;
  origin = '';

  constructor(private readonly routes: () => readonly Route[]) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `times` requests are answered 429 with `Retry-After: 0` before any other check. */
  rateLimit(times: number): void {
    this.limited += times;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    let response: FakeResponse;
    try {
      response = this.limited > 0 ? this.throttled() : await this.route(req, url, text);
    } catch (error) {
      response = { status: 500, body: { error: 'fake_failure', error_description: (error as Error).message } };
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, status: response.status });
    const body = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    const headers: Record<string, string> = { ...(response.body !== undefined && typeof response.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...response.headers };
    res.writeHead(response.status, headers).end(body);
  }

  private throttled(): FakeResponse {
    this.limited -= 1;
    return { status: 429, headers: { 'retry-after': '0' }, body: { error: 'rate_limited', error_description: 'Too Many Requests' } };
  }

  private async route(req: http.IncomingMessage, url: URL, text: string): Promise<FakeResponse> {
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    for (const [method, pattern, handler] of this.routes()) {
      const match = pattern.exec(url.pathname);
      if (method === req.method && match) {
        return handler({ method, url, headers: req.headers, text, json, params: { ...(match.groups ?? {}) } });
      }
    }
    return { status: 404, body: { error: 'not found' } };
  }
}

/** A secret as the providers make them: random, URL-safe. */
export const randomSecret = (bytes = 20): string => randomBytes(bytes).toString('base64url');

/** `Authorization: Basic` (RFC 7617) or form client_id/client_secret (RFC 6749 §2.3.1) of a token request. */
export function clientCredentialsOf(req: FakeRequest): { clientId?: string; clientSecret?: string; form: URLSearchParams } {
  const form = new URLSearchParams(req.text);
  const header = String(req.headers.authorization ?? '');
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)), form };
  }
  return { clientId: form.get('client_id') ?? undefined, clientSecret: form.get('client_secret') ?? undefined, form };
}

/** A bearer token from the Authorization header (RFC 6750 §2.1). */
export const bearerOf = (req: FakeRequest): string | undefined => /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
