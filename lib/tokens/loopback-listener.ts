// The native-app redirect receiver of RFC 8252 §7.3: an HTTP server on a loopback address that
// waits for the one authorization response at the redirect URL's path, answers the browser with
// a short page, and hands the response's parameters on. Nothing else is served.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenError } from './token-error';

export interface LoopbackListener {
  /** The port it listens on (the one asked for, or the one the system picked for 0). */
  readonly port: number;
  /**
   * The query parameters of the first request to `path`. `check` decides what the browser is told:
   * it returns the page's message, or throws to fail the login (the browser then sees the error).
   */
  response<T>(check: (params: URLSearchParams) => T, timeoutMs: number): Promise<T>;
  close(): Promise<void>;
}

/** Listens on `address:port` (port 0: any free one). A port in use is a TokenError naming it. */
export async function listenOnLoopback(address: string, port: number, path: string): Promise<LoopbackListener> {
  let deliver: ((params: URLSearchParams, reply: (status: number, text: string) => void) => void) | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const reply = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>oauth-clients login</title></head><body style="font-family: sans-serif"><p>${escapeHtml(text)}</p></body></html>`);
    };
    if (req.method !== 'GET' || url.pathname !== path || !deliver) {
      reply(404, 'Not the redirect URL of this login.');
      return;
    }
    deliver(url.searchParams, reply);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new TokenError('usage', `port ${port} on ${address} is in use, and the login's redirect URL needs it: stop what listens there`)
          : new TokenError('usage', `cannot listen on ${address}:${port} (${error.code ?? error.message})`),
      );
    });
    server.listen(port, address, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    response: <T>(check: (params: URLSearchParams) => T, timeoutMs: number) =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new TokenError('rejected', `no authorization response within ${Math.round(timeoutMs / 1000)} s: was the sign-in finished in the browser?`)), timeoutMs);
        deliver = (params, reply) => {
          deliver = undefined; // one response per login: a second request is not the redirect of this one
          clearTimeout(timer);
          try {
            const result = check(params);
            reply(200, 'Signed in. You can close this window and return to the terminal.');
            resolve(result);
          } catch (error) {
            reply(400, `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
            reject(error);
          }
        };
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
