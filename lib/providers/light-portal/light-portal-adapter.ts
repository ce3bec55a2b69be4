// light-portal's command/query API (light-portal.md §B): clients per portal host (hostId), owned
// by an app / API version / instance, registered by commands whose effect reaches the read model
// asynchronously. The server picks the id, so the create carries a marker (in customClaim) that a
// retry finds by listing; reads wait until the version our last command produced shows.
import type { HttpClient } from '../../http';
import { PROVIDER_CAPABILITIES, type ClientSpec, type HostSpec } from '../../model';
import type { CreatedClient, FoundClient, ListedClient, ManagementHandle, ObservedClient, PersistHandle, ProviderAdapter } from '../provider-adapter';
import { clientIdRule } from '../private/client-id';
import { ProviderError } from '../provider-error';
import { fieldNamedIn, joinUrl, sleep } from '../private/wire';
import { markerIn, markerOf, observedPortalClient, portalFields } from './portal-client';
import { PortalRpc, type PortalAnswer } from './portal-rpc';

export interface LightPortalOptions {
  readonly http: HttpClient;
  readonly host: HostSpec;
  /** The admin bearer token (a user token with portal.w, §B1), read when first needed. */
  readonly bearerToken: () => string;
  /** Clients per getClient page. @default 100 */
  readonly pageSize?: number;
  /** How long a read waits for the read model to catch up with a command. @default 10000 */
  readonly lagBudgetMs?: number;
  /** Receives the secrets the API returns under names the HTTP client does not know (`clientSecret`). */
  readonly register?: (secret: string) => void;
}

/** The handle: the aggregate version our last command produced; a read older than it is lagging. */
const VERSION = 'aggregateVersion';

type Fresh = Record<string, unknown> & { aggregateVersion?: unknown; active?: unknown };

export class LightPortalAdapter implements ProviderAdapter {
  readonly capabilities = PROVIDER_CAPABILITIES['light-portal'];
  private readonly rpc: PortalRpc;
  private readonly hostId: string;
  /** The version each of our commands produced, per client: reads wait for it even where no handle is kept (after a delete). */
  private readonly produced = new Map<string, number>();

  constructor(private readonly options: LightPortalOptions) {
    this.rpc = new PortalRpc(options.http, options.host.adminUrl ?? options.host.issuer, options.bearerToken);
    this.hostId = options.host.settings?.hostId ?? '';
  }

  async prepareCreate(): Promise<void> {
    this.options.bearerToken();
  }

  async create(spec: ClientSpec): Promise<CreatedClient> {
    // §B1: createClient does not honour Idempotency-Key, so no blind retry: a lost answer is found by the marker.
    const answer = await this.rpc.command('createClient', portalFields(spec));
    const result = this.expect(spec, 'create', answer);
    const clientId = typeof result.clientId === 'string' ? result.clientId : undefined;
    if (!clientId) throw new ProviderError(spec.key, 'create', 200, undefined, 'the createClient answer has no clientId');
    // Server-issued: checked before it is stored or printed (client-id.ts).
    const idRule = clientIdRule(clientId);
    if (idRule) throw new ProviderError(spec.key, 'create', 200, undefined, `${idRule}: delete the client at the portal`);
    const secret = typeof result.clientSecret === 'string' && result.clientSecret !== '' ? result.clientSecret : undefined;
    if (secret) this.options.register?.(secret);
    const version = this.remember(clientId, versionOf(result) ?? 1);
    return { clientId, ...(secret ? { clientSecret: secret } : {}), handle: { [VERSION]: String(version) } };
  }

  async read(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<'present' | 'gone'> {
    return (await this.fresh(spec, clientId, handle)) === 'gone' ? 'gone' : 'present';
  }

  async observe(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<ObservedClient | 'gone'> {
    const client = await this.fresh(spec, clientId, handle);
    return client === 'gone' ? 'gone' : observedPortalClient(client);
  }

  async update(spec: ClientSpec, clientId: string, handle: ManagementHandle, persistHandle: PersistHandle): Promise<void> {
    // §B3: updateClient carries the current aggregateVersion (as portal-view's getFreshClient reads it).
    const current = await this.fresh(spec, clientId, handle);
    if (current === 'gone') throw new ProviderError(spec.key, 'update', 404, 'ERR11637', `client ${clientId} is gone from portal host ${this.hostId}`);
    const answer = await this.rpc.command('updateClient', { ...portalFields(spec), clientId, aggregateVersion: versionOf(current) });
    const result = this.expect(spec, 'update', answer);
    await persistHandle({ [VERSION]: String(this.remember(clientId, versionOf(result) ?? (versionOf(current) ?? 0) + 1)) });
  }

  async delete(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<'deleted' | 'gone'> {
    const current = await this.fresh(spec, clientId, handle);
    if (current === 'gone') return 'gone';
    // §B3: a soft delete (active=false); a deleted client then reads as gone.
    const result = this.expect(spec, 'delete', await this.rpc.command('deleteClient', { hostId: this.hostId, clientId, aggregateVersion: versionOf(current) }));
    this.remember(clientId, versionOf(result) ?? (versionOf(current) ?? 0) + 1);
    return 'deleted';
  }

  async confirmGone(spec: ClientSpec, clientId: string): Promise<'gone' | 'present' | 'unknown'> {
    return (await this.read(spec, clientId, {})) === 'gone' ? 'gone' : 'present';
  }

  async find(spec: ClientSpec, since?: Date): Promise<FoundClient | undefined> {
    const marker = markerOf(spec);
    const budget = this.options.lagBudgetMs ?? 10_000;
    for (let attempt = 0; ; attempt++) {
      for await (const client of this.pages(spec, marker)) {
        if (markerIn(client) === marker) return { clientId: String(client.clientId), handle: { [VERSION]: String(versionOf(client) ?? 1) } };
      }
      // The create may not have reached the read model yet (§B1): keep looking for the lag budget after it started.
      if (since === undefined || Date.now() - since.getTime() > budget) return undefined;
      await sleep(Math.min(1000, 50 * 2 ** attempt));
    }
  }

  async locate(spec: ClientSpec, clientId: string): Promise<FoundClient | 'gone'> {
    const client = await this.fresh(spec, clientId, {});
    return client === 'gone' ? 'gone' : { clientId, handle: { [VERSION]: String(versionOf(client) ?? 1) } };
  }

  async rotateSecret(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<{ clientSecret: string; handle: ManagementHandle }> {
    const current = await this.fresh(spec, clientId, handle);
    if (current === 'gone') throw new ProviderError(spec.key, 'rotate secret', 404, 'ERR11637', `client ${clientId} is gone from portal host ${this.hostId}`);
    // §B3 regenerateClientSecret: the new secret once, a stale version fails.
    const result = this.expect(spec, 'rotate secret', await this.rpc.command('regenerateClientSecret', { hostId: this.hostId, clientId, aggregateVersion: versionOf(current), reason: 'oauth-clients rotate' }));
    const secret = typeof result.clientSecret === 'string' ? result.clientSecret : undefined;
    if (!secret) throw new ProviderError(spec.key, 'rotate secret', 200, undefined, 'the regenerateClientSecret answer has no clientSecret');
    this.options.register?.(secret);
    return { clientSecret: secret, handle: { [VERSION]: String(this.remember(clientId, versionOf(result) ?? (versionOf(current) ?? 0) + 1)) } };
  }

  async *list(spec: ClientSpec): AsyncIterable<ListedClient> {
    for await (const client of this.pages(spec, '')) yield { clientId: String(client.clientId), clientName: String(client.clientName ?? '') };
  }

  async tokenEndpoint(): Promise<string> {
    // light-portal.md §C: the current token endpoint is per OAuth provider.
    return joinUrl(this.options.host.issuer, `/oauth2/${encodeURIComponent(this.options.host.settings?.providerId ?? '')}/token`);
  }

  /** §B3 getClient: offset/limit pages of the host's active clients, narrowed by globalFilter. */
  private async *pages(spec: ClientSpec, globalFilter: string): AsyncIterable<Record<string, unknown>> {
    const limit = this.options.pageSize ?? 100;
    for (let offset = 0; ; offset += limit) {
      const answer = await this.rpc.query('getClient', { hostId: this.hostId, offset, limit, sorting: '[]', filters: '[]', globalFilter, active: true });
      const result = this.expect(spec, 'list', answer);
      const clients = Array.isArray(result.clients) ? (result.clients as Array<Record<string, unknown>>) : [];
      yield* clients;
      if (clients.length < limit || offset + limit >= Number(result.total ?? 0)) return;
    }
  }

  /**
   * The client as the read model has it once it shows at least the version our last command made
   * (the handle's), retried with backoff for the lag budget; 'gone' when deleted or unknown.
   */
  private async fresh(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<Fresh | 'gone'> {
    const expected = Math.max(Number(handle[VERSION] ?? 0), this.produced.get(clientId) ?? 0);
    const deadline = Date.now() + (this.options.lagBudgetMs ?? 10_000);
    for (let attempt = 0; ; attempt++) {
      const answer = await this.rpc.query('getClientById', { hostId: this.hostId, clientId });
      const missing = !answer.ok && (answer.status === 404 || answer.error.code === 'ERR11637' || answer.error.code === 'ERR12014');
      if (!answer.ok && !missing) throw this.failure(spec, 'read', answer);
      const client = answer.ok ? (answer.result as Fresh) : undefined;
      const version = client ? versionOf(client) ?? 0 : 0;
      if (client && version >= expected) return client.active === false ? 'gone' : client;
      // Unknown with no command of ours behind it: really not there.
      if (missing && expected === 0) return 'gone';
      if (Date.now() > deadline) {
        if (missing) return 'gone';
        throw new ProviderError(spec.key, 'read', 200, undefined, `portal host ${this.hostId} still shows version ${version} of client ${clientId} after ${this.options.lagBudgetMs ?? 10_000} ms, expected ${expected} (the read model lags)`);
      }
      await sleep(Math.min(1000, 50 * 2 ** attempt));
    }
  }

  private remember(clientId: string, version: number): number {
    this.produced.set(clientId, Math.max(version, this.produced.get(clientId) ?? 0));
    return version;
  }

  private expect(spec: ClientSpec, operation: string, answer: PortalAnswer): Record<string, unknown> {
    if (answer.ok) return answer.result;
    throw this.failure(spec, operation, answer);
  }

  private failure(spec: ClientSpec, operation: string, answer: Extract<PortalAnswer, { ok: false }>): ProviderError {
    const { error } = answer;
    const detail = [error.message, error.description].filter(Boolean).join(': ') || 'unexpected response';
    return new ProviderError(spec.key, operation, error.statusCode ?? answer.status, error.code, detail, fieldNamedIn(error.description, error.message));
  }
}

const versionOf = (value: Record<string, unknown>): number | undefined => {
  const v = value.newAggregateVersion ?? value.aggregateVersion;
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
};
