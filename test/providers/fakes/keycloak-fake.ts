// A fake Keycloak (admin REST API and the token endpoint), because no Keycloak can run here. Built
// from shared/provider-apis/hydra-keycloak.md §B (upstream keycloak/keycloak ClientsResource,
// RepresentationToModel, ModelToRepresentation, KeycloakErrorHandler; keycloak-client admin-client
// interfaces; GL measurements against 26.7.1). Each behaviour names its section.
import { randomUUID } from 'node:crypto';
import { bearerOf, clientCredentialsOf, FakeServer, randomSecret, type FakeRequest, type FakeResponse, type Route } from './fake-server';

interface KcClient {
  [property: string]: unknown;
  id: string;
  clientId: string;
  attributes: Record<string, string>;
  protocolMappers: Array<Record<string, unknown> & { id: string; name: string }>;
  defaultClientScopes: string[];
  optionalClientScopes: string[];
}

interface Realm {
  readonly clients: Map<string, KcClient>;
  /** Client scopes by id. */
  readonly scopes: Map<string, { id: string; name: string; protocol: string; attributes: Record<string, string> }>;
  readonly defaultScopes: string[];
  readonly optionalScopes: string[];
}

/** §B.5 error families. */
const errorMessage = (status: number, message: string): FakeResponse => ({ status, body: { errorMessage: message } });
const oauthStyle = (status: number, error: string, description: string): FakeResponse => ({ status, body: { error, error_description: description } });
const bare = (status: number, error: string): FakeResponse => ({ status, body: { error } });
const UNAUTHORIZED = bare(401, 'HTTP 401 Unauthorized'); // §B.1: no WWW-Authenticate
const FORBIDDEN = bare(403, 'HTTP 403 Forbidden');

export class KeycloakFake {
  readonly server = new FakeServer(() => this.routes());
  readonly realms = new Map<string, Realm>();
  /** Access tokens issued: expiry, and whether the client holds manage-clients. */
  private readonly tokens = new Map<string, { expires: number; manage: boolean }>();
  /** Set to make every admin token already expired when issued (the adapter must fetch another). */
  adminTokenLifetimeSeconds = 60;

  constructor(
    realmName: string,
    /** The service-account client with manage-clients in realm-management of `realmName` (§B.1 option 2). */
    readonly admin = { clientId: 'oauth-clients-admin', clientSecret: randomSecret() },
  ) {
    this.realms.set(realmName, this.newRealm());
    const realm = this.realms.get(realmName)!;
    const id = randomUUID();
    realm.clients.set(id, { id, clientId: admin.clientId, secret: admin.clientSecret, serviceAccountsEnabled: true, publicClient: false, manageClients: true, attributes: {}, protocolMappers: [], defaultClientScopes: [], optionalClientScopes: [] });
  }

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

  /** The clients of a realm other than the admin client. */
  clientsOf(realm: string): KcClient[] {
    return [...(this.realms.get(realm)?.clients.values() ?? [])].filter((c) => c.clientId !== this.admin.clientId);
  }

  scopeNames(realm: string): string[] {
    return [...(this.realms.get(realm)?.scopes.values() ?? [])].map((s) => s.name);
  }

  /** A realm as a fresh Keycloak makes it: the built-in default and optional client scopes (names illustrative, §B.6). */
  private newRealm(): Realm {
    const scopes = new Map<string, { id: string; name: string; protocol: string; attributes: Record<string, string> }>();
    const defaults = ['acr', 'basic', 'email', 'profile', 'roles', 'web-origins'];
    const optional = ['address', 'microprofile-jwt', 'offline_access', 'phone'];
    for (const name of [...defaults, ...optional]) {
      const id = randomUUID();
      scopes.set(id, { id, name, protocol: 'openid-connect', attributes: {} });
    }
    return { clients: new Map(), scopes, defaultScopes: defaults, optionalScopes: optional };
  }

  private routes(): Route[] {
    const admin = (handler: (realm: Realm, req: FakeRequest) => FakeResponse) => (req: FakeRequest) => {
      const realm = this.realms.get(decodeURIComponent(req.params.realm));
      const token = bearerOf(req);
      const issued = token === undefined ? undefined : this.tokens.get(token);
      if (issued === undefined || issued.expires <= Date.now()) return UNAUTHORIZED;
      // §B.1: a valid token without the realm-management role.
      if (!issued.manage) return FORBIDDEN;
      if (!realm) return bare(404, 'Realm not found.');
      return handler(realm, req);
    };
    const R = '^/admin/realms/(?<realm>[^/]+)';
    const C = `${R}/clients/(?<id>[^/]+)`;
    return [
      ['POST', /^\/realms\/(?<realm>[^/]+)\/protocol\/openid-connect\/token$/, (req) => this.token(req)],
      ['POST', new RegExp(`${R}/clients$`), admin((realm, req) => this.create(realm, req))],
      ['GET', new RegExp(`${R}/clients$`), admin((realm, req) => this.list(realm, req))],
      ['GET', new RegExp(`${C}$`), admin((realm, req) => this.withClient(realm, req, (c) => ({ status: 200, body: this.view(realm, c) })))],
      ['PUT', new RegExp(`${C}$`), admin((realm, req) => this.withClient(realm, req, (c) => this.update(realm, c, req)))],
      ['DELETE', new RegExp(`${C}$`), admin((realm, req) => this.withClient(realm, req, (c) => (realm.clients.delete(c.id), { status: 204 })))],
      ['GET', new RegExp(`${C}/client-secret$`), admin((realm, req) => this.withClient(realm, req, (c) => ({ status: 200, body: { type: 'secret', value: c.secret } })))],
      ['POST', new RegExp(`${C}/client-secret$`), admin((realm, req) => this.withClient(realm, req, (c) => this.regenerate(c)))],
      ['GET', new RegExp(`${C}/optional-client-scopes$`), admin((realm, req) => this.withClient(realm, req, (c) => ({ status: 200, body: this.scopeRefs(realm, c.optionalClientScopes) })))],
      ['PUT', new RegExp(`${C}/optional-client-scopes/(?<scope>[^/]+)$`), admin((realm, req) => this.withClient(realm, req, (c) => this.attach(realm, c, req.params.scope)))],
      ['DELETE', new RegExp(`${C}/optional-client-scopes/(?<scope>[^/]+)$`), admin((realm, req) => this.withClient(realm, req, (c) => this.detach(realm, c, req.params.scope)))],
      ['GET', new RegExp(`${R}/client-scopes$`), admin((realm) => ({ status: 200, body: [...realm.scopes.values()] }))],
      ['POST', new RegExp(`${R}/client-scopes$`), admin((realm, req) => this.createScope(realm, req))],
    ];
  }

  /** §B.1: client_credentials with Basic (or form) credentials; only the admin client gets an admin token. */
  private token(req: FakeRequest): FakeResponse {
    const realm = this.realms.get(decodeURIComponent(req.params.realm));
    const { clientId, clientSecret, form } = clientCredentialsOf(req);
    const client = [...(realm?.clients.values() ?? [])].find((c) => c.clientId === clientId);
    if (!realm || !client || client.publicClient || client.secret !== clientSecret) return oauthStyle(401, 'unauthorized_client', 'Invalid client or Invalid client credentials');
    if (form.get('grant_type') !== 'client_credentials' || client.serviceAccountsEnabled !== true) return oauthStyle(401, 'unauthorized_client', 'Client not enabled to retrieve service account');
    const token = randomSecret(32);
    this.tokens.set(token, { expires: Date.now() + this.adminTokenLifetimeSeconds * 1000, manage: client.manageClients === true });
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const allowed = [...client.defaultClientScopes, ...client.optionalClientScopes];
    if (requested.some((s) => !allowed.includes(s))) return oauthStyle(400, 'invalid_scope', 'Invalid scopes: ' + form.get('scope'));
    // §B.7: `scope` a space-separated string; defaults always, optional ones when requested.
    const scope = [...client.defaultClientScopes, ...requested].join(' ');
    return { status: 200, body: { access_token: token, expires_in: this.adminTokenLifetimeSeconds, refresh_expires_in: 0, token_type: 'Bearer', 'not-before-policy': 0, scope } };
  }

  /** §B.4 create: duplicate clientId 409 first, then validation (400 invalid_input), then 201 + absolute Location, no body. */
  private create(realm: Realm, req: FakeRequest): FakeResponse {
    const input = req.json as Record<string, unknown> | undefined;
    if (!input || typeof input.clientId !== 'string') return oauthStyle(400, 'invalid_request', 'Cannot parse the JSON');
    if ([...realm.clients.values()].some((c) => c.clientId === input.clientId)) return errorMessage(409, `Client ${input.clientId} already exists`);
    const invalid = this.invalid(input);
    if (invalid) return invalid;
    // §B.3: `id` may be supplied and is then used.
    const id = typeof input.id === 'string' ? input.id : randomUUID();
    const names = new Set([...realm.scopes.values()].map((s) => s.name));
    // §B.4: realm defaults attached; a list in the body is exhaustive, unknown names ignored.
    const scopeList = (listed: unknown, realmDefaults: string[]) => (Array.isArray(listed) ? (listed as string[]).filter((n) => names.has(n)) : [...realmDefaults]);
    const client: KcClient = {
      enabled: true, protocol: 'openid-connect', publicClient: false, bearerOnly: false, standardFlowEnabled: true, implicitFlowEnabled: false,
      directAccessGrantsEnabled: false, serviceAccountsEnabled: false, clientAuthenticatorType: 'client-secret', redirectUris: [], webOrigins: [],
      ...input,
      id,
      clientId: input.clientId,
      attributes: { ...((input.attributes ?? {}) as Record<string, string>) },
      protocolMappers: ((input.protocolMappers ?? []) as Array<Record<string, unknown>>).map((m) => ({ ...m, id: randomUUID(), name: String(m.name) })),
      defaultClientScopes: scopeList(input.defaultClientScopes, realm.defaultScopes),
      optionalClientScopes: scopeList(input.optionalClientScopes, realm.optionalScopes),
    };
    // §B.4: confidential without a secret ⇒ generated; public/bearer-only ⇒ none.
    client.secret = client.publicClient || client.bearerOnly ? undefined : typeof input.secret === 'string' ? input.secret : randomSecret(24);
    client.attributes['client.secret.creation.time'] = String(Math.floor(Date.now() / 1000));
    realm.clients.set(id, client);
    return { status: 201, headers: { location: `${this.origin}/admin/realms/${encodeURIComponent(req.params.realm)}/clients/${id}` } };
  }

  /** §B.2 list: `clientId` exact (0 or 1), else every client, `first`/`max` paging. */
  private list(realm: Realm, req: FakeRequest): FakeResponse {
    const clientId = req.url.searchParams.get('clientId');
    const all = [...realm.clients.values()].filter((c) => clientId === null || c.clientId === clientId);
    const first = Number(req.url.searchParams.get('first') ?? 0);
    const max = req.url.searchParams.has('max') ? Number(req.url.searchParams.get('max')) : all.length;
    return { status: 200, body: all.slice(first, first + max).map((c) => this.view(realm, c)) };
  }

  /**
   * §B.4 PUT = partial merge: each property the first non-null of (body, current); attributes merged
   * key by key; redirectUris replaced when present; protocolMappers reconciled by name when present;
   * default/optionalClientScopes in the body IGNORED (use the per-scope endpoints). 204.
   */
  private update(realm: Realm, current: KcClient, req: FakeRequest): FakeResponse {
    const input = (req.json ?? {}) as Record<string, unknown>;
    const invalid = this.invalid({ ...current, ...input });
    if (invalid) return invalid;
    const { attributes, protocolMappers, defaultClientScopes: _d, optionalClientScopes: _o, id: _id, ...rest } = input;
    for (const [key, value] of Object.entries(rest)) if (value !== null && value !== undefined) current[key] = value;
    for (const [key, value] of Object.entries((attributes ?? {}) as Record<string, string | null>)) if (value !== null) current.attributes[key] = value;
    if (Array.isArray(protocolMappers)) {
      current.protocolMappers = (protocolMappers as Array<Record<string, unknown>>).map((m) => {
        const existing = current.protocolMappers.find((c) => c.name === m.name);
        return { ...m, id: existing?.id ?? randomUUID(), name: String(m.name) };
      });
    }
    if (current.publicClient) current.secret = undefined;
    else if (current.secret === undefined) current.secret = randomSecret(24);
    return { status: 204 };
  }

  private regenerate(client: KcClient): FakeResponse {
    client.secret = randomSecret(24);
    client.attributes['client.secret.creation.time'] = String(Math.floor(Date.now() / 1000));
    return { status: 200, body: { type: 'secret', value: client.secret } };
  }

  private attach(realm: Realm, client: KcClient, scopeId: string): FakeResponse {
    const scope = realm.scopes.get(decodeURIComponent(scopeId));
    if (!scope) return bare(404, 'Client scope not found');
    if (!client.optionalClientScopes.includes(scope.name)) client.optionalClientScopes.push(scope.name);
    return { status: 204 };
  }

  private detach(realm: Realm, client: KcClient, scopeId: string): FakeResponse {
    const scope = realm.scopes.get(decodeURIComponent(scopeId));
    if (!scope) return bare(404, 'Client scope not found');
    client.optionalClientScopes = client.optionalClientScopes.filter((n) => n !== scope.name);
    return { status: 204 };
  }

  private createScope(realm: Realm, req: FakeRequest): FakeResponse {
    const input = (req.json ?? {}) as { name?: string; protocol?: string; attributes?: Record<string, string> };
    if (!input.name) return oauthStyle(400, 'invalid_request', 'Cannot parse the JSON');
    if ([...realm.scopes.values()].some((s) => s.name === input.name)) return errorMessage(409, `Client Scope ${input.name} already exists`);
    const id = randomUUID();
    realm.scopes.set(id, { id, name: input.name, protocol: input.protocol ?? 'openid-connect', attributes: input.attributes ?? {} });
    return { status: 201, headers: { location: `${this.origin}/admin/realms/${encodeURIComponent(req.params.realm)}/client-scopes/${id}` } };
  }

  private withClient(realm: Realm, req: FakeRequest, then: (client: KcClient) => FakeResponse): FakeResponse {
    const client = realm.clients.get(decodeURIComponent(req.params.id));
    // §B.2/§B.5: paths take the internal id; unknown → bare error prose.
    return client ? then(client) : bare(404, 'Could not find client');
  }

  /** §B.4 DefaultClientValidationProvider: redirect URI rules, 400 invalid_input. */
  private invalid(input: Record<string, unknown>): FakeResponse | undefined {
    for (const uri of (input.redirectUris ?? []) as string[]) {
      if (/^(data|javascript):/i.test(uri)) return oauthStyle(400, 'invalid_input', 'A redirect URI uses an illegal scheme');
      if (uri.includes('#')) return oauthStyle(400, 'invalid_input', 'Redirect URIs must not contain an URI fragment');
      try {
        new URL(uri);
      } catch {
        if (!uri.includes('*')) return oauthStyle(400, 'invalid_input', 'A redirect URI is not a valid URI');
      }
    }
    return undefined;
  }

  /** §B.3 ModelToRepresentation: the secret in clear for confidential clients; scope lists by name. */
  private view(realm: Realm, client: KcClient): Record<string, unknown> {
    const { manageClients: _m, ...rest } = client;
    return { ...structuredClone(rest), attributes: { ...client.attributes, realm_client: 'false' } };
  }

  private scopeRefs(realm: Realm, names: string[]): Array<{ id: string; name: string }> {
    return [...realm.scopes.values()].filter((s) => names.includes(s.name)).map((s) => ({ id: s.id, name: s.name }));
  }
}
