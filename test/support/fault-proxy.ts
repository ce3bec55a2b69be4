// A reverse proxy on 127.0.0.1 that forwards to a real server and, on request, misbehaves: answers
// with an injected status, drops the connection, or stalls. For backend and end-to-end tests that
// must show what the client does when the provider fails.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

/** A canned response sent instead of forwarding. */
export interface FaultResponse {
  readonly status: number;
  /** @default - none besides content-length */
  readonly headers?: Readonly<Record<string, string>>;
  /** @default '' */
  readonly body?: string;
}

/** Which requests a rule applies to, and how many times. */
export interface FaultMatch {
  /** Upper-case method. @default - any method */
  readonly method?: string;
  /** Tested against the path without the query string, e.g. `/^\/reg$/`. */
  readonly path: RegExp;
  /** How many matching requests the rule affects before it is spent; `Infinity` for all. @default 1 */
  readonly times?: number;
}

/**
 * A fault: one of
 * - `respond`: answer with this response; the target never sees the request;
 * - `drop: 'request'`: destroy the connection on arrival; the target never sees the request;
 * - `drop: 'response'`: forward, let the target act, then destroy the connection instead of answering;
 * - `delayMs`: wait this long, then forward.
 */
export type FaultRule = FaultMatch &
  (
    | { readonly respond: FaultResponse }
    | { readonly drop: 'request' | 'response' }
    | { readonly delayMs: number }
  );

/** One request the proxy received, in arrival order. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query string, as received. */
  readonly path: string;
  /** The status the client was sent; 0 when the connection was dropped instead. */
  readonly status: number;
  /** The fault applied, if any. */
  readonly fault?: 'respond' | 'drop' | 'delay';
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Adds a rule; rules are tried in the order they were added, the first match wins. */
  inject(rule: FaultRule): void;
  /** Removes every rule that is not spent yet. */
  clear(): void;
  /** Every request so far, recorded before its response is sent. */
  readonly requests: ProxiedRequest[];
  /** How many requests a delay holds right now whose client is still connected. */
  held(): number;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Extra CA (PEM) to trust when the target is https. @default - the system's roots */
  readonly ca?: string;
}

// Connection-scoped headers (RFC 9110 §7.6.1) are not forwarded; node frames each hop itself.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

/** Starts a proxy on 127.0.0.1 (random port) in front of `targetOrigin`, e.g. `http://127.0.0.1:4000`. */
export async function startFaultProxy(targetOrigin: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const target = new URL(targetOrigin);
  const transport = target.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true });
  const rules: Array<{ rule: FaultRule; left: number }> = [];
  const requests: ProxiedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const delayed = new Set<http.IncomingMessage>();

  const takeRule = (req: http.IncomingMessage): FaultRule | undefined => {
    const pathname = new URL(req.url ?? '/', 'http://proxy').pathname;
    const index = rules.findIndex(({ rule }) => {
      rule.path.lastIndex = 0; // a /g or /y regex would otherwise remember the last match
      return (rule.method === undefined || rule.method === req.method) && rule.path.test(pathname);
    });
    if (index < 0) {
      return undefined;
    }
    const entry = rules[index];
    entry.left -= 1;
    if (entry.left <= 0) {
      rules.splice(index, 1);
    }
    return entry.rule;
  };

  const record = (req: http.IncomingMessage, status: number, fault?: ProxiedRequest['fault']): void => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', status, ...(fault ? { fault } : {}) });
  };

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, fault?: 'delay' | 'drop'): void => {
    const upstream = transport.request(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...withoutHopByHop(req.headers), host: target.host },
        agent,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
      },
      (answer) => {
        if (fault === 'drop') {
          record(req, 0, 'drop');
          answer.resume();
          req.socket.destroy();
          return;
        }
        const status = answer.statusCode ?? 502;
        record(req, status, fault);
        res.writeHead(status, answer.statusMessage, withoutHopByHop(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      record(req, 502, fault);
      res.writeHead(502, { 'content-type': 'text/plain' }).end('fault proxy: target unreachable');
    });
    req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    const rule = takeRule(req);
    if (rule === undefined) {
      forward(req, res);
    } else if ('respond' in rule) {
      record(req, rule.respond.status, 'respond');
      req.resume();
      res.writeHead(rule.respond.status, { ...rule.respond.headers }).end(rule.respond.body ?? '');
    } else if ('drop' in rule && rule.drop === 'request') {
      record(req, 0, 'drop');
      req.socket.destroy();
    } else if ('drop' in rule) {
      forward(req, res, 'drop');
    } else {
      delayed.add(req);
      const timer = setTimeout(() => {
        timers.delete(timer);
        delayed.delete(req);
        if (!req.socket.destroyed) {
          forward(req, res, 'delay');
        }
      }, rule.delayMs);
      timers.add(timer);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    held: () => [...delayed].filter((req) => !req.socket.destroyed).length,
    inject(rule) {
      rules.push({ rule, left: rule.times ?? 1 });
    },
    clear() {
      rules.length = 0;
    },
    async close() {
      for (const timer of timers) {
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const listed = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  const copy: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.includes(name) && !listed.includes(name)) {
      copy[name] = value;
    }
  }
  return copy;
}
