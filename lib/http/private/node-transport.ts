// The transport under HttpClient: node's own http and https clients, one keep-alive pool of each
// per HttpClient. Not undici: its WebAssembly HTTP parser made every short handler process wait
// ~100-150 ms at exit for V8 to finish compiling it, on top of ~40 ms to load undici.
import * as http from 'node:http';
import type { EncodedRequest } from '../http-request';
import { CLIENT_CLOSED_CODE } from '../retry-policy';
import { exchange, type ExchangeSpec, type RawResponse } from './exchange';

/** How the transport connects and how long it waits. */
export interface TransportOptions {
  readonly connectTimeoutMs: number;
  readonly responseTimeoutMs: number;
  readonly maxResponseBytes: number;
  /** PEM certificate(s) trusted in addition to the roots. */
  readonly ca?: string;
}

/**
 * How long an unused connection stays pooled, unless the server's `Keep-Alive: timeout=N` asks for
 * less (node then keeps it N−1 s): a connection the server is about to close is dropped before it
 * can fail a request with ECONNRESET. Four seconds is also what the previous transport used.
 */
const KEEP_ALIVE_IDLE_MS = 4_000;

/** Sends one attempt at a time per call, over pooled connections; knows nothing of retries or redaction. */
export class NodeTransport {
  private httpAgent?: http.Agent;
  private httpsModule?: typeof import('./https-agent');
  private httpsAgent?: http.Agent;
  private closed = false;
  private readonly running = new Set<(error: Error) => void>();

  constructor(private readonly options: TransportOptions) {}

  /** One attempt: sends `request` to `url` and reads the whole response. */
  async send(method: string, url: URL, request: EncodedRequest): Promise<RawResponse> {
    if (this.closed) {
      throw clientClosed();
    }
    const secure = url.protocol === 'https:';
    const { response, abort } = exchange({
      ...(secure ? this.https() : this.http()),
      method,
      url,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      connectTimeoutMs: this.options.connectTimeoutMs,
      responseTimeoutMs: this.options.responseTimeoutMs,
      maxResponseBytes: this.options.maxResponseBytes,
    });
    this.running.add(abort);
    try {
      return await response;
    } finally {
      this.running.delete(abort);
    }
  }

  /** Fails the requests still running with `CLIENT_CLOSED`, refuses new ones, and closes every pooled connection. */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const abort of [...this.running]) {
      abort(clientClosed());
    }
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
  }

  private http(): Pick<ExchangeSpec, 'send' | 'agent'> {
    this.httpAgent ??= new http.Agent({ keepAlive: true, timeout: KEEP_ALIVE_IDLE_MS });
    return { send: http.request, agent: this.httpAgent };
  }

  private https(): Pick<ExchangeSpec, 'send' | 'agent'> {
    this.httpsModule ??= require('./https-agent') as typeof import('./https-agent');
    this.httpsAgent ??= this.httpsModule.newHttpsAgent(KEEP_ALIVE_IDLE_MS, this.options.ca);
    return { send: this.httpsModule.request, agent: this.httpsAgent };
  }
}

function clientClosed(): Error {
  return Object.assign(new Error('the HTTP client is closed'), { code: CLIENT_CLOSED_CODE });
}
