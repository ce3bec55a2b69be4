// A fake light-portal (command/query API and the light-oauth token endpoint), because the portal
// cannot run here. Built from shared/provider-apis/light-portal.md §B (lightapi/light-portal
// AbstractCommandHandler and AuthPersistenceImpl, portal-view Forms.json and fetchClient.ts,
// light-hybrid-4j SchemaHandler/JsonHandler) and §C-§D; each behaviour names its section. Where
// the notes mark a fact as inference (exact result fields, the stale-version error), the fake
// follows the inference and says so.
import { randomUUID } from 'node:crypto';
import { bearerOf, clientCredentialsOf, FakeServer, randomSecret, type FakeRequest, type FakeResponse, type Route } from './fake-server';

export type PortalClient = Record<string, unknown> & { hostId: string; clientId: string; aggregateVersion: number; active: boolean };

/** §D light-4j Status. */
const status = (statusCode: number, code: string, message: string, description: string) => ({ statusCode, code, message, description, severity: 'ERROR' });

const CLIENT_TYPES = ['public', 'confidential', 'trusted', 'external'];
const CLIENT_PROFILES = ['webserver', 'mobile', 'browser', 'service', 'batch'];
/** §B2 column limits. */
const MAX: Record<string, number> = { clientName: 126, clientScope: 4000, customClaim: 4000, redirectUri: 1024, authenticateClass: 256, tokenExType: 64, ownerPositionId: 128 };

export class LightPortalFake {
  readonly server = new FakeServer(() => this.routes());
  /** The event-sourced truth: every client as its latest command left it (secrets in clear for the token check). */
  readonly latest = new Map<string, PortalClient & { clientSecret: string }>();
  /** The read model queries answer from (§B1: projected asynchronously). */
  private readonly projected = new Map<string, PortalClient>();
  private readonly pending: Array<{ client: PortalClient; readsLeft: number }> = [];
  /** How many queries a command's effect stays invisible to (§B1 "reads may lag"). */
  lagReads = 1;

  constructor(
    readonly hostId = '01964b05-552a-7c4b-9184-6857e7f3dc5f',
    readonly providerId = 'AZZRJE52eXu3t1hseacnGQ',
    /** A user token with portal.r/portal.w (§B1: commands need a user identity). */
    readonly adminToken = `eyJ${randomSecret(48)}`,
  ) {}

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  get origin(): string {
    return this.server.origin;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** The active clients in the event store (what exists, whatever the read model shows). */
  activeClients(): PortalClient[] {
    return [...this.latest.values()].filter((c) => c.active);
  }

  private routes(): Route[] {
    return [
      ['POST', /^\/portal\/command$/, (req) => this.command(req)],
      ['GET', /^\/portal\/query$/, (req) => this.query(req)],
      ['POST', /^\/oauth2\/(?<provider>[^/]+)\/token$/, (req) => this.token(req)],
    ];
  }

  /** §B1: JSON-RPC 2.0 or the legacy envelope; chain schema → jwt → handler. */
  private command(req: FakeRequest): FakeResponse {
    const body = req.json as Record<string, unknown> | undefined;
    if (!body) return { status: 400, body: status(400, 'ERR11201', 'EMPTY_BODY', 'The request body is empty.') };
    const rpc = body.jsonrpc === '2.0';
    if (rpc && Array.isArray(body.params)) return { status: 400, body: { jsonrpc: '2.0', id: body.id, error: { code: -32602, message: 'Invalid params' } } };
    const action = rpc ? String(body.method ?? '').split('/')[2] : String(body.action ?? '');
    const data = ((rpc ? body.params : body.data) ?? {}) as Record<string, unknown>;
    const handler = this.commands()[action];
    if (!handler) return { status: 400, body: status(400, 'ERR11200', 'HANDLER_NOT_FOUND', `Handler not found for ${action}.`) };
    // Schema before token (§B1: the handler chain is schema → jwt → json); both answer a plain Status.
    const schemaError = this.schemaError(action, data);
    if (schemaError) return { status: 400, body: status(400, 'ERR11004', 'VALIDATOR_SCHEMA', `Schema validation failed: ${schemaError}`) };
    const denied = this.authError(req);
    if (denied) return denied;
    const result = handler(data);
    if ('statusCode' in result) {
      // §B1 JsonHandler: a handler error inside the JSON-RPC envelope, HTTP status = Status.statusCode.
      const s = result as ReturnType<typeof status>;
      return { status: s.statusCode, body: rpc ? { jsonrpc: '2.0', error: { code: s.statusCode, message: s.message, data: s }, id: body.id } : s };
    }
    return { status: 200, body: rpc ? { jsonrpc: '2.0', result, id: body.id } : result };
  }

  private commands(): Record<string, (data: Record<string, unknown>) => Record<string, unknown>> {
    return {
      createClient: (data) => {
        // §B3: server-generated clientId, the clear secret once, the input echoed plus newAggregateVersion (result fields: inference).
        const clientId = randomUUID();
        const clientSecret = randomSecret(16).slice(0, 22);
        const client = { ...data, hostId: String(data.hostId), clientId, aggregateVersion: 1, active: true, updateTs: new Date().toISOString(), clientSecret };
        this.record(client);
        return { ...data, clientId, clientSecret, newAggregateVersion: 1 };
      },
      updateClient: (data) => this.change(data, (current) => ({ ...current, ...data, clientSecret: current.clientSecret })),
      deleteClient: (data) => this.change(data, (current) => ({ ...current, active: false })),
      regenerateClientSecret: (data) => {
        const secret = randomSecret(16).slice(0, 22);
        const result = this.change(data, (current) => ({ ...current, clientSecret: secret }));
        if ('statusCode' in result) return result;
        return { hostId: data.hostId, clientId: data.clientId, clientSecret: secret, aggregateVersion: result.newAggregateVersion, rotatedTs: new Date().toISOString() };
      },
    };
  }

  /**
   * A command on an existing client: the aggregateVersion must be the latest (§B3 "stale version
   * must fail"; the status is not documented — 409 follows the designed ENTITY conflicts of §D, inference).
   */
  private change(data: Record<string, unknown>, apply: (current: PortalClient & { clientSecret: string }) => PortalClient & { clientSecret: string }): Record<string, unknown> {
    const current = this.latest.get(String(data.clientId));
    if (!current || current.hostId !== data.hostId) return status(404, 'ERR11637', 'OBJECT_NOT_FOUND', `Client ${String(data.clientId)} is not found.`);
    if (data.aggregateVersion !== current.aggregateVersion) {
      return status(409, 'ERR11645', 'CONCURRENCY_CONFLICT', `Aggregate version ${String(data.aggregateVersion)} is stale; the client is at ${current.aggregateVersion}.`);
    }
    const next = { ...apply(current), aggregateVersion: current.aggregateVersion + 1, updateTs: new Date().toISOString() };
    this.record(next);
    const { clientSecret: _s, ...echo } = data;
    return { ...echo, newAggregateVersion: next.aggregateVersion };
  }

  /** Appends to the event store; the read model sees it after `lagReads` queries. */
  private record(client: PortalClient & { clientSecret: string }): void {
    this.latest.set(client.clientId, client);
    const { clientSecret: _s, ...projection } = client;
    this.pending.push({ client: { ...projection, hasClientSecret: true } as PortalClient, readsLeft: this.lagReads });
    if (this.lagReads === 0) this.project();
  }

  private project(): void {
    for (const entry of [...this.pending]) {
      if (entry.readsLeft > 0) continue;
      this.projected.set(entry.client.clientId, entry.client);
      this.pending.splice(this.pending.indexOf(entry), 1);
    }
  }

  /** §B1 queries: GET /portal/query?cmd=<legacy envelope>; answered from the (lagging) read model. */
  private query(req: FakeRequest): FakeResponse {
    const raw = req.url.searchParams.get('cmd');
    if (!raw) return { status: 400, body: status(400, 'ERR11202', 'EMPTY_CMD', 'The cmd query parameter is empty.') };
    const cmd = JSON.parse(raw) as { action?: string; data?: Record<string, unknown> };
    const data = cmd.data ?? {};
    const denied = this.authError(req);
    if (denied) return denied;
    let answer: FakeResponse;
    if (cmd.action === 'getClientById') {
      const client = this.projected.get(String(data.clientId));
      answer = client && client.hostId === data.hostId ? { status: 200, body: client } : { status: 404, body: status(404, 'ERR11637', 'OBJECT_NOT_FOUND', `Client ${String(data.clientId)} is not found.`) };
    } else if (cmd.action === 'getClient') {
      answer = { status: 200, body: this.listing(data) };
    } else {
      answer = { status: 400, body: status(400, 'ERR11200', 'HANDLER_NOT_FOUND', `Handler not found for ${String(cmd.action)}.`) };
    }
    for (const entry of this.pending) entry.readsLeft -= 1;
    this.project();
    return answer;
  }

  /**
   * §B3 getClient (AuthPersistenceImpl.queryClient): the host's clients (active only when asked),
   * globalFilter a case-insensitive substring of app_id, api_id, client_name, client_scope,
   * custom_claim, redirect_uri; default sort client_id; offset/limit; `{total, clients}`.
   */
  private listing(data: Record<string, unknown>): Record<string, unknown> {
    const needle = String(data.globalFilter ?? '').toLowerCase();
    const all = [...this.projected.values()]
      .filter((c) => c.hostId === data.hostId && (data.active !== true || c.active))
      .filter((c) => needle === '' || ['appId', 'apiVersionId', 'clientName', 'clientScope', 'customClaim', 'redirectUri'].some((f) => String(c[f] ?? '').toLowerCase().includes(needle)))
      .sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    const offset = Number(data.offset ?? 0);
    const limit = Number(data.limit ?? 10);
    return { total: all.length, clients: all.slice(offset, offset + limit) };
  }

  /** §C token endpoint (client_credentials; Basic or form credentials), LO2 error codes. */
  private token(req: FakeRequest): FakeResponse {
    if (req.params.provider !== this.providerId) return { status: 404, body: status(404, 'ERR11637', 'OBJECT_NOT_FOUND', 'Provider not found.') };
    const { clientId, clientSecret, form } = clientCredentialsOf(req);
    const client = clientId === undefined ? undefined : this.latest.get(clientId);
    if (!client || !client.active) return { status: 404, body: status(404, 'ERR12014', 'CLIENT_NOT_FOUND', `Client ${String(clientId)} is not found.`) };
    if (client.clientSecret !== clientSecret) return { status: 401, body: status(401, 'ERR12007', 'UNAUTHORIZED_CLIENT', 'Unauthorized client with wrong client secret.') };
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: status(400, 'ERR12001', 'UNSUPPORTED_GRANT_TYPE', 'Unsupported grant type.') };
    const allowed = String(client.clientScope ?? '').split(' ');
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (requested.some((s) => !allowed.includes(s))) return { status: 400, body: status(400, 'ERR12027', 'MISMATCH_SCOPE', 'Requested scope is not in the client scope.') };
    return { status: 200, body: { access_token: `eyJ${randomSecret(40)}`, token_type: 'bearer', expires_in: 600 } };
  }

  /** §B1 auth: missing token ERR10002, a wrong one ERR10000, both 401. */
  private authError(req: FakeRequest): FakeResponse | undefined {
    const token = bearerOf(req);
    if (token === undefined) return { status: 401, body: status(401, 'ERR10002', 'MISSING_AUTH_TOKEN', 'No Authorization header or the token is not bearer type') };
    if (token !== this.adminToken) return { status: 401, body: status(401, 'ERR10000', 'INVALID_AUTH_TOKEN', 'Incorrect signature or malformed token in authorization header') };
    return undefined;
  }

  /** The createClient/updateClient rules of §B2 (portal-view Forms.json, auth_client_t columns). */
  private schemaError(action: string, data: Record<string, unknown>): string | undefined {
    if (!['createClient', 'updateClient'].includes(action)) return typeof data.clientId === 'string' ? undefined : '$.clientId: is missing but it is required';
    for (const field of ['hostId', 'providerId', 'clientName', 'clientType', 'clientProfile']) {
      if (typeof data[field] !== 'string' || data[field] === '') return `$.${field}: is missing but it is required`;
    }
    if (action === 'updateClient' && typeof data.clientId !== 'string') return '$.clientId: is missing but it is required';
    if (action === 'createClient' && data.clientId !== undefined) return '$.clientId: is not defined in the schema and the schema does not allow additional properties';
    if (['appId', 'apiVersionId', 'instanceId'].filter((f) => typeof data[f] === 'string').length !== 1) return '$: should be valid to one and only one schema (appId, apiVersionId, instanceId)';
    if (!CLIENT_TYPES.includes(String(data.clientType))) return `$.clientType: does not have a value in the enumeration ${JSON.stringify(CLIENT_TYPES)}`;
    if (!CLIENT_PROFILES.includes(String(data.clientProfile))) return `$.clientProfile: does not have a value in the enumeration ${JSON.stringify(CLIENT_PROFILES)}`;
    for (const [field, max] of Object.entries(MAX)) {
      const value = data[field];
      if (typeof value === 'string' && value.length > max) return `$.${field}: may only be ${max} characters long`;
    }
    return undefined;
  }
}
