// A small fake authorization server that lies: the hostile-provider tests need answers no real
// server here gives (a client_id full of terminal escapes, a 200 MB body, endpoints on another
// origin). It speaks just enough of the published protocols for the handler to reach the lie:
// OpenID Connect Discovery §4 (`/.well-known/openid-configuration`: issuer, registration_endpoint,
// token_endpoint), RFC 7591 §3.1-3.2 (POST /reg with a bearer initial access token, 201 with
// client_id, client_secret, registration_client_uri, registration_access_token; 400 with
// `{ error, error_description }`), RFC 7592 §2.3 (DELETE registration_client_uri → 204).
// Every request is recorded, with whether it carried credentials, so a test can prove none was sent.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** An Authorization header was present (bearer or basic). */
  readonly credentials: boolean;
}

/** What the fake answers; each field replaces the honest default. */
export interface Lies {
  /** Extra or replaced fields of the discovery document. */
  readonly discovery?: Readonly<Record<string, unknown>>;
  /** The registration answer: status and JSON body, or a body of this many bytes streamed in 64 KiB chunks. */
  readonly register?: { readonly status: number; readonly json: unknown } | { readonly status: number; readonly streamBytes: number; readonly contentLength?: boolean };
}

export interface HostileProvider {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Bytes of response bodies written to sockets so far (the streamed ones count as they go). */
  bytesSent(): number;
  lie(lies: Lies): void;
  close(): Promise<void>;
}

export async function startHostileProvider(): Promise<HostileProvider> {
  const requests: RecordedRequest[] = [];
  let lies: Lies = {};
  let sent = 0;
  let origin = '';
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    sent += Buffer.byteLength(text);
    res.writeHead(status, { 'content-type': 'application/json' }).end(text);
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ method: req.method ?? '', path, credentials: req.headers.authorization !== undefined });
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
        return json(res, 200, { issuer: origin, registration_endpoint: `${origin}/reg`, token_endpoint: `${origin}/token`, ...lies.discovery });
      }
      if (req.method === 'POST' && path === '/reg') {
        const answer = lies.register ?? { status: 201, json: { client_id: 'honest-client', client_secret: 'honest-secret-value-123', registration_client_uri: `${origin}/reg/honest-client`, registration_access_token: 'honest-rat-value-456' } };
        if ('json' in answer) return json(res, answer.status, answer.json);
        return stream(res, answer.status, answer.streamBytes, answer.contentLength ?? false, (n) => (sent += n));
      }
      if (req.method === 'DELETE' && path.startsWith('/reg/')) return res.writeHead(204).end();
      if (req.method === 'POST' && path === '/token') return json(res, 401, { error: 'invalid_client' });
      json(res, 404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    bytesSent: () => sent,
    lie: (next) => {
      lies = next;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes `total` bytes of a JSON-looking body as fast as the client reads, stopping when it hangs up. */
function stream(res: http.ServerResponse, status: number, total: number, contentLength: boolean, count: (n: number) => void): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  res.writeHead(status, { 'content-type': 'application/json', ...(contentLength ? { 'content-length': String(total + 2) } : {}) });
  let left = total;
  res.write('{"');
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      count(piece.length);
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => (left = 0));
  pump();
}
