// The portal's transport (light-portal.md §B1): commands as JSON-RPC 2.0 on POST /portal/command,
// queries as the legacy envelope on GET /portal/query?cmd=, a bearer token, and the two error
// shapes (a handler's error inside the JSON-RPC envelope; earlier ones as a plain light-4j Status).
import { randomUUID } from 'node:crypto';
import type { HttpClient, HttpResponse } from '../../http';
import { joinUrl } from '../private/wire';

const SERVICE = { host: 'lightapi.net', service: 'oauth', version: '0.1.0' } as const;

/** light-4j Status (§D): the error body of every failure. */
export interface PortalStatus {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly description?: string;
}

export type PortalAnswer = { readonly ok: true; readonly result: Record<string, unknown> } | { readonly ok: false; readonly status: number; readonly error: PortalStatus };

export class PortalRpc {
  constructor(
    private readonly http: HttpClient,
    private readonly base: string,
    private readonly token: () => string,
  ) {}

  /** A command (§B1 JSON-RPC form, as portal-view sends it since 2026-02-28). Not idempotent unless said. */
  async command(action: string, params: Record<string, unknown>, idempotent = false): Promise<PortalAnswer> {
    const response = await this.http.request({
      method: 'POST',
      url: joinUrl(this.base, '/portal/command'),
      bearer: this.token(),
      json: { jsonrpc: '2.0', method: `${SERVICE.host}/${SERVICE.service}/${action}/${SERVICE.version}`, params, id: randomUUID() },
      idempotent,
    });
    return answerOf(response);
  }

  /** A query (§B3 example: legacy envelope in `cmd`). Reads are idempotent and retried. */
  async query(action: string, data: Record<string, unknown>): Promise<PortalAnswer> {
    const cmd = JSON.stringify({ ...SERVICE, action, data });
    const response = await this.http.request({ method: 'GET', url: joinUrl(this.base, `/portal/query?cmd=${encodeURIComponent(cmd)}`), bearer: this.token() });
    return answerOf(response);
  }
}

function answerOf(response: HttpResponse): PortalAnswer {
  const body = (response.json ?? {}) as Record<string, unknown>;
  if (response.status === 200) {
    if ('jsonrpc' in body) {
      if (body.error) return { ok: false, status: response.status, error: statusOf(body.error) };
      return { ok: true, result: (body.result ?? {}) as Record<string, unknown> };
    }
    return { ok: true, result: body };
  }
  // JSON-RPC error: {error: {code, message, data: Status}}; earlier failures: a plain Status.
  const error = body.error && typeof body.error === 'object' ? statusOf(body.error) : (body as PortalStatus);
  return { ok: false, status: response.status, error };
}

function statusOf(error: unknown): PortalStatus {
  const e = error as { code?: unknown; message?: unknown; data?: unknown };
  if (e.data && typeof e.data === 'object') return e.data as PortalStatus;
  return { ...(typeof e.code === 'number' ? { statusCode: e.code } : {}), ...(typeof e.message === 'string' ? { message: e.message } : {}) };
}
