// A scripted HTTP(S) server on 127.0.0.1 for the client tests: each request is recorded with its
// body, then answered by the test's handler (which may also drop the connection or stay silent).
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Answers request number `index` (0-based); may call `drop(res)` or never answer. */
export type Handler = (req: SeenRequest, res: http.ServerResponse, index: number) => void;

export interface LocalServer {
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

export interface TlsIdentity {
  readonly key: string;
  readonly cert: string;
}

export async function startServer(handler: Handler, tls?: TlsIdentity): Promise<LocalServer> {
  const seen: SeenRequest[] = [];
  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      handler(request, res, seen.length - 1);
    });
  };
  const server = tls === undefined ? http.createServer(listener) : https.createServer(tls, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    seen,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Ends the connection without any response, as a crashing server or a middlebox would. */
export function drop(res: http.ServerResponse): void {
  res.socket?.destroy();
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
