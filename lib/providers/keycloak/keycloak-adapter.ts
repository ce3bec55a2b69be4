// Keycloak admin REST API (hydra-keycloak.md §B): an admin token by client credentials, the realm
// from the host's settings, clientId chosen here (deterministic per host and key) and looked up
// with `?clientId=` for the internal id, declared scopes as client scopes created when missing and
// attached one by one (the admin PUT ignores scope lists, §B.4), custom claims as mappers.
import { oauthErrorOf, type HttpClient, type HttpMethod, type HttpResponse } from '../../http';
import { PROVIDER_CAPABILITIES, type ClientSpec, type HostSpec } from '../../model';
import { deterministicClientId } from '../client-id';
import type { CreatedClient, FoundClient, ListedClient, ManagementHandle, ObservedClient, ProviderAdapter } from '../provider-adapter';
import { ProviderError } from '../provider-error';
import { fieldNamedIn, joinUrl } from '../private/wire';
import { CLAIM_MAPPER_PREFIX, claimMappers, observedKeycloakClient, representation, type ProtocolMapper } from './keycloak-client';

export interface KeycloakOptions {
  readonly http: HttpClient;
  readonly host: HostSpec;
  /** The admin client's id and secret (HostSpec.credentials clientId / clientSecret), read when first needed. */
  readonly adminClient: () => { readonly clientId: string; readonly clientSecret: string };
  /** Clients per listing page. @default 100 */
  readonly pageSize?: number;
  /** Receives every secret the API returns in fields the HTTP client does not know (`secret`, `value`). */
  readonly register?: (secret: string) => void;
}

/** The handle keeps Keycloak's internal id: every /clients/{…} path takes it, not the clientId (§B.4). */
const INTERNAL_ID = 'internalId';

export class KeycloakAdapter implements ProviderAdapter {
  readonly capabilities = PROVIDER_CAPABILITIES.keycloak;
  private readonly base: string;
  private readonly realm: string;
  private token?: { value: string; expiresAt: number };

  constructor(private readonly options: KeycloakOptions) {
    this.base = options.host.adminUrl ?? options.host.issuer;
    this.realm = options.host.settings?.realm ?? '';
  }

  async prepareCreate(): Promise<void> {
    await this.adminToken(true);
  }

  async create(spec: ClientSpec): Promise<CreatedClient> {
    const clientId = deterministicClientId(spec.host.name, spec.key);
    const scopeIds = await this.ensureScopes(spec);
    // §B.4: a create body's scope lists are exhaustive, so the realm's optional scopes are not added;
    // unknown names would be ignored, hence the scopes were made to exist first.
    const response = await this.call(spec, 'create', 'POST', '/clients', {
      ...representation(spec),
      clientId,
      optionalClientScopes: [...spec.scopes],
      protocolMappers: claimMappers(spec),
    });
    if (response.status === 409) {
      throw new ProviderError(spec.key, 'create', 409, 'conflict', `client ${clientId} already exists in realm ${this.realm} and no record of this key knows it: bring it under management with 'oauth-clients adopt <stack>/<client> --client-id ${clientId}'`);
    }
    if (response.status !== 201) throw this.failure(spec, 'create', response);
    // §B.2: 201, no body, the internal id only in Location.
    const location = String(response.headers.location ?? '');
    const internalId = decodeURIComponent(location.split('/').pop() ?? '');
    if (!internalId) throw new ProviderError(spec.key, 'create', 201, undefined, 'the create answer has no Location naming the new client');
    await this.attachScopes(spec, internalId, scopeIds);
    return { clientId, ...(spec.publicClient ? {} : { clientSecret: await this.readSecret(spec, internalId) }), handle: { [INTERNAL_ID]: internalId } };
  }

  async read(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<'present' | 'gone'> {
    return (await this.get(spec, clientId, handle)) === 'gone' ? 'gone' : 'present';
  }

  async observe(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<ObservedClient | 'gone'> {
    const body = await this.get(spec, clientId, handle);
    if (body === 'gone') return 'gone';
    const scopes = await this.attachedScopes(spec, String(body.id));
    return observedKeycloakClient(body, [...scopes.keys()], spec);
  }

  async update(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<void> {
    const current = await this.get(spec, clientId, handle);
    if (current === 'gone') throw new ProviderError(spec.key, 'update', 404, undefined, `client ${clientId} is gone from realm ${this.realm}`);
    const internalId = String(current.id);
    // Present protocolMappers are reconciled by name (§B.4): keep the ones not ours, replace ours.
    const others = ((current.protocolMappers ?? []) as ProtocolMapper[]).filter((m) => !m.name.startsWith(CLAIM_MAPPER_PREFIX));
    const ours = claimMappers(spec).map((mapper) => {
      const existing = ((current.protocolMappers ?? []) as ProtocolMapper[]).find((m) => m.name === mapper.name);
      return existing?.id ? { ...mapper, id: existing.id } : mapper;
    });
    const response = await this.call(spec, 'update', 'PUT', `/clients/${encodeURIComponent(internalId)}`, { ...representation(spec), id: internalId, clientId, protocolMappers: [...others, ...ours] });
    if (response.status !== 204) throw this.failure(spec, 'update', response);
    await this.attachScopes(spec, internalId, await this.ensureScopes(spec));
  }

  async delete(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<'deleted' | 'gone'> {
    const internalId = await this.internalId(spec, clientId, handle);
    if (internalId === undefined) return 'gone';
    const response = await this.call(spec, 'delete', 'DELETE', `/clients/${encodeURIComponent(internalId)}`);
    if (response.status === 204) return 'deleted';
    if (response.status === 404) return 'gone';
    throw this.failure(spec, 'delete', response);
  }

  async confirmGone(spec: ClientSpec, clientId: string): Promise<'gone' | 'present' | 'unknown'> {
    // `?clientId=` answers [] only when the realm has no such client: unambiguous.
    return (await this.lookup(spec, clientId)) === undefined ? 'gone' : 'present';
  }

  async find(spec: ClientSpec): Promise<FoundClient | undefined> {
    const found = await this.locate(spec, deterministicClientId(spec.host.name, spec.key));
    return found === 'gone' ? undefined : found;
  }

  async locate(spec: ClientSpec, clientId: string): Promise<FoundClient | 'gone'> {
    const body = await this.lookup(spec, clientId);
    if (body === undefined) return 'gone';
    // §B.4: the secret is stored retrievably and returned on GET for confidential clients.
    const secret = typeof body.secret === 'string' && body.secret !== '' ? body.secret : undefined;
    if (secret) this.options.register?.(secret);
    return { clientId, ...(secret ? { clientSecret: secret } : {}), handle: { [INTERNAL_ID]: String(body.id) } };
  }

  async rotateSecret(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<{ clientSecret: string; handle: ManagementHandle }> {
    const internalId = await this.internalId(spec, clientId, handle);
    if (internalId === undefined) throw new ProviderError(spec.key, 'rotate secret', 404, undefined, `client ${clientId} is gone from realm ${this.realm}`);
    // §B.2: POST …/client-secret regenerates and answers the CredentialRepresentation.
    const response = await this.call(spec, 'rotate secret', 'POST', `/clients/${encodeURIComponent(internalId)}/client-secret`, undefined, true);
    const value = (response.json as { value?: unknown } | undefined)?.value;
    if (response.status !== 200 || typeof value !== 'string') throw this.failure(spec, 'rotate secret', response);
    this.options.register?.(value);
    return { clientSecret: value, handle: { [INTERNAL_ID]: internalId } };
  }

  async *list(spec: ClientSpec): AsyncIterable<ListedClient> {
    const max = this.options.pageSize ?? 100;
    for (let first = 0; ; first += max) {
      const response = await this.call(spec, 'list', 'GET', `/clients?first=${first}&max=${max}`);
      if (response.status !== 200 || !Array.isArray(response.json)) throw this.failure(spec, 'list', response);
      const page = response.json as Array<Record<string, unknown>>;
      for (const item of page) yield { clientId: String(item.clientId), ...(typeof item.name === 'string' ? { clientName: item.name } : {}) };
      if (page.length < max) return;
    }
  }

  async tokenEndpoint(): Promise<string> {
    return joinUrl(this.options.host.issuer, '/protocol/openid-connect/token');
  }

  private async get(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<Record<string, unknown> | 'gone'> {
    const internalId = await this.internalId(spec, clientId, handle);
    if (internalId === undefined) return 'gone';
    const response = await this.call(spec, 'read', 'GET', `/clients/${encodeURIComponent(internalId)}`);
    if (response.status === 404) return 'gone';
    if (response.status !== 200) throw this.failure(spec, 'read', response);
    const body = response.json as Record<string, unknown>;
    if (typeof body.secret === 'string' && body.secret !== '') this.options.register?.(body.secret);
    return body;
  }

  /** The handle's internal id, or the one `?clientId=` finds (an adopted or re-created client). */
  private async internalId(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<string | undefined> {
    if (handle[INTERNAL_ID]) return handle[INTERNAL_ID];
    const body = await this.lookup(spec, clientId);
    return body === undefined ? undefined : String(body.id);
  }

  private async lookup(spec: ClientSpec, clientId: string): Promise<Record<string, unknown> | undefined> {
    // §B.2: `clientId` is an exact match (0 or 1 element) unless search=true.
    const response = await this.call(spec, 'find', 'GET', `/clients?clientId=${encodeURIComponent(clientId)}&search=false`);
    if (response.status !== 200 || !Array.isArray(response.json)) throw this.failure(spec, 'find', response);
    const body = (response.json as Array<Record<string, unknown>>).find((c) => c.clientId === clientId);
    if (typeof body?.secret === 'string' && body.secret !== '') this.options.register?.(body.secret);
    return body;
  }

  private async readSecret(spec: ClientSpec, internalId: string): Promise<string> {
    const response = await this.call(spec, 'read secret', 'GET', `/clients/${encodeURIComponent(internalId)}/client-secret`);
    const value = (response.json as { value?: unknown } | undefined)?.value;
    if (response.status !== 200 || typeof value !== 'string') throw this.failure(spec, 'read secret', response);
    this.options.register?.(value);
    return value;
  }

  /** Scope name → client-scope id, creating the declared scopes the realm lacks (§B.2 client scopes). */
  private async ensureScopes(spec: ClientSpec): Promise<Map<string, string>> {
    const existing = await this.realmScopes(spec);
    let created = false;
    for (const name of spec.scopes) {
      if (existing.has(name)) continue;
      const response = await this.call(spec, 'create scope', 'POST', '/client-scopes', {
        name,
        protocol: 'openid-connect',
        // §B.7: listed in the token's `scope` claim.
        attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'true' },
      });
      // 409: made meanwhile by a parallel apply — the listing below has it.
      if (response.status !== 201 && response.status !== 409) throw this.failure(spec, `create scope ${name}`, response);
      created = true;
    }
    return created ? this.realmScopes(spec) : existing;
  }

  private async realmScopes(spec: ClientSpec): Promise<Map<string, string>> {
    const response = await this.call(spec, 'list scopes', 'GET', '/client-scopes');
    if (response.status !== 200 || !Array.isArray(response.json)) throw this.failure(spec, 'list scopes', response);
    return new Map((response.json as Array<{ id: string; name: string }>).map((s) => [s.name, s.id]));
  }

  private async attachedScopes(spec: ClientSpec, internalId: string): Promise<Map<string, string>> {
    const response = await this.call(spec, 'read scopes', 'GET', `/clients/${encodeURIComponent(internalId)}/optional-client-scopes`);
    if (response.status !== 200 || !Array.isArray(response.json)) throw this.failure(spec, 'read scopes', response);
    return new Map((response.json as Array<{ id: string; name: string }>).map((s) => [s.name, s.id]));
  }

  /** The declared scopes as the client's optional scopes, exactly: per-scope PUT and DELETE (§B.2). */
  private async attachScopes(spec: ClientSpec, internalId: string, scopeIds: Map<string, string>): Promise<void> {
    const attached = await this.attachedScopes(spec, internalId);
    const path = (id: string) => `/clients/${encodeURIComponent(internalId)}/optional-client-scopes/${encodeURIComponent(id)}`;
    for (const name of spec.scopes) {
      const id = scopeIds.get(name);
      if (id === undefined || attached.has(name)) continue;
      const response = await this.call(spec, `attach scope ${name}`, 'PUT', path(id));
      if (response.status !== 204) throw this.failure(spec, `attach scope ${name}`, response);
    }
    for (const [name, id] of attached) {
      if (spec.scopes.includes(name)) continue;
      const response = await this.call(spec, `detach scope ${name}`, 'DELETE', path(id));
      if (response.status !== 204 && response.status !== 404) throw this.failure(spec, `detach scope ${name}`, response);
    }
  }

  /** One admin call; a 401 (token expired early, or revoked) gets one fresh token and one more try. */
  private async call(spec: ClientSpec, operation: string, method: HttpMethod, path: string, json?: unknown, idempotent?: boolean): Promise<HttpResponse> {
    const url = joinUrl(this.base, `/admin/realms/${encodeURIComponent(this.realm)}${path}`);
    const send = async (fresh: boolean) =>
      this.options.http.request({ method, url, bearer: await this.adminToken(fresh, spec), ...(json === undefined ? {} : { json }), ...(idempotent === undefined ? {} : { idempotent }) });
    const response = await send(false);
    if (response.status !== 401) return response;
    const retried = await send(true);
    if (retried.status === 401) throw new ProviderError(spec.key, operation, 401, undefined, `the admin API of realm ${this.realm} refuses the admin client's token`);
    return retried;
  }

  /** §B.1 option 2: client_credentials at the admin realm's token endpoint, Basic client auth (KCC TokenManager). */
  private async adminToken(fresh = false, spec?: ClientSpec): Promise<string> {
    if (!fresh && this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const { clientId, clientSecret } = this.options.adminClient();
    const adminRealm = this.options.host.settings?.adminRealm ?? this.realm;
    const response = await this.options.http.request({
      method: 'POST',
      url: joinUrl(this.base, `/realms/${encodeURIComponent(adminRealm)}/protocol/openid-connect/token`),
      form: { grant_type: 'client_credentials' },
      basic: { username: encodeURIComponent(clientId), password: encodeURIComponent(clientSecret) },
      // No side effect: a token request may be repeated.
      idempotent: true,
    });
    const body = response.json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (response.status !== 200 || typeof body?.access_token !== 'string') {
      const oauth = oauthErrorOf(response);
      throw new ProviderError(spec?.key ?? `host ${this.options.host.name}`, 'admin token', response.status, oauth?.error, `realm ${adminRealm} refused the admin client's credentials${oauth?.error_description ? ` (${oauth.error_description})` : ''}`);
    }
    // Renewed 10 s before it expires (admin tokens last 60 s by default, §B.1).
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 60;
    this.token = { value: body.access_token, expiresAt: Date.now() + Math.max(0, seconds - 10) * 1000 };
    return body.access_token;
  }

  private failure(spec: ClientSpec, operation: string, response: HttpResponse): ProviderError {
    // §B.5: four error families: errorMessage, error + error_description, bare error, unknown_error.
    const body = (response.json ?? {}) as { errorMessage?: unknown; error?: unknown; error_description?: unknown };
    const message = typeof body.errorMessage === 'string' ? body.errorMessage : undefined;
    const error = typeof body.error === 'string' ? body.error : undefined;
    const description = typeof body.error_description === 'string' ? body.error_description : undefined;
    const detail = description ?? message ?? error ?? 'unexpected response';
    return new ProviderError(spec.key, operation, response.status, description ? error : undefined, detail, fieldNamedIn(message, description));
  }
}
