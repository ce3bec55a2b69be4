// A fake Ory Hydra v2 admin API (plus its token endpoint), because no Hydra server can run here.
// Built from shared/provider-apis/hydra-keycloak.md §A, which cites ory/hydra@83127c5752d9; every
// behaviour below names the section (and the Hydra source file) it follows.
import { randomSecret, FakeServer, clientCredentialsOf, type FakeRequest, type FakeResponse, type Route } from './fake-server';

type HydraClient = Record<string, unknown> & { client_id: string };

/** §A.5: the one error body shape (x/error_enhancer.go → fosite RFC6749Error). */
const error = (status: number, name: string, description = ''): FakeResponse => ({ status, body: { error: name, error_description: description } });
const NOT_FOUND = error(404, 'Unable to locate the resource'); // client/.snapshots
const CONFLICT = error(409, 'Unable to insert or update resource because a resource with that value exists already'); // sqlcon.ErrUniqueViolation

/** §A.2 lifespan fields: null when unset. */
const LIFESPANS = [
  'authorization_code_grant_access_token_lifespan', 'authorization_code_grant_id_token_lifespan', 'authorization_code_grant_refresh_token_lifespan',
  'client_credentials_grant_access_token_lifespan', 'implicit_grant_access_token_lifespan', 'implicit_grant_id_token_lifespan',
  'jwt_bearer_grant_access_token_lifespan', 'refresh_token_grant_access_token_lifespan', 'refresh_token_grant_id_token_lifespan',
  'refresh_token_grant_refresh_token_lifespan', 'device_authorization_grant_access_token_lifespan', 'device_authorization_grant_id_token_lifespan',
  'device_authorization_grant_refresh_token_lifespan',
];

export class HydraFake {
  /** Every client, keyed by client_id; `client_secret` is the cleartext the fake checks (Hydra keeps a hash, §A.3). */
  readonly clients = new Map<string, HydraClient>();
  readonly server = new FakeServer(() => this.routes());
  /** §A.3 validator default for an empty scope (`oidc.dynamic_client_registration.default_scope`). */
  defaultScope = 'offline_access offline openid';

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

  private routes(): Route[] {
    return [
      ['POST', /^\/admin\/clients$/, (req) => this.create(req)],
      ['GET', /^\/admin\/clients$/, (req) => this.list(req)],
      ['GET', /^\/admin\/clients\/(?<id>[^/]+)$/, (req) => this.get(decodeURIComponent(req.params.id))],
      ['PUT', /^\/admin\/clients\/(?<id>[^/]+)$/, (req) => this.replace(decodeURIComponent(req.params.id), req)],
      ['PATCH', /^\/admin\/clients\/(?<id>[^/]+)$/, (req) => this.patch(decodeURIComponent(req.params.id), req)],
      ['DELETE', /^\/admin\/clients\/(?<id>[^/]+)$/, (req) => this.delete(decodeURIComponent(req.params.id))],
      ['POST', /^\/oauth2\/token$/, (req) => this.token(req)],
    ];
  }

  /** §A.1 create: 201 + Location, the body with the cleartext secret (not for auth method none). */
  private create(req: FakeRequest): FakeResponse {
    if (typeof req.json !== 'object' || req.json === null || Array.isArray(req.json)) {
      return error(400, 'The request was malformed or contained invalid parameters', 'Unable to decode the request body');
    }
    const input = req.json as Record<string, unknown>;
    // §A.3: empty id ⇒ UUIDv4 (persister_client.go CreateClient); any caller id accepted.
    const id = typeof input.client_id === 'string' && input.client_id !== '' ? input.client_id : crypto.randomUUID();
    if (this.clients.has(id)) return CONFLICT;
    const secret = typeof input.client_secret === 'string' && input.client_secret !== '' ? input.client_secret : randomSecret(19).slice(0, 26);
    const [client, refusal] = this.validated({ ...input, client_id: id, client_secret: secret });
    if (!client) return refusal;
    const now = new Date().toISOString();
    const stored = { ...client, created_at: now, updated_at: now };
    this.clients.set(id, stored);
    return { status: 201, headers: { location: `/admin/clients/${encodeURIComponent(id)}` }, body: this.view(stored, true) };
  }

  private get(id: string): FakeResponse {
    const client = this.clients.get(id);
    // §A.1: GET never returns the secret.
    return client ? { status: 200, body: this.view(client, false) } : NOT_FOUND;
  }

  /** §A.3 PUT = full replace: omitted fields fall back to the validator defaults; an omitted secret is kept. */
  private replace(id: string, req: FakeRequest): FakeResponse {
    const current = this.clients.get(id);
    if (!current) return NOT_FOUND;
    const input = (req.json ?? {}) as Record<string, unknown>;
    const newSecret = typeof input.client_secret === 'string' && input.client_secret !== '';
    const [client, refusal] = this.validated({ ...input, client_id: id, client_secret: newSecret ? input.client_secret : current.client_secret });
    if (!client) return refusal;
    const stored = { ...client, created_at: current.created_at, updated_at: new Date().toISOString() };
    this.clients.set(id, stored);
    return { status: 200, body: this.view(stored, newSecret) };
  }

  /**
   * §A.3 PATCH (oryx/jsonx/patch.go): RFC 6902 add/remove/replace only (others: a plain error, a
   * generic 500), `replace` of a missing path becomes `add`, /id and rotated_secrets denied; the
   * secret is kept unless the patch changes /client_secret, and a new one is echoed once.
   */
  private patch(id: string, req: FakeRequest): FakeResponse {
    const current = this.clients.get(id);
    if (!current) return NOT_FOUND;
    if (!Array.isArray(req.json)) return error(400, 'The request was malformed or contained invalid parameters', 'Unable to decode the request body');
    const next: Record<string, unknown> = structuredClone(current);
    for (const op of req.json as Array<{ op: string; path: string; value?: unknown }>) {
      if (!['add', 'remove', 'replace'].includes(op.op)) return error(500, 'error', `unsupported patch operation: ${op.op}`);
      const name = op.path.replace(/^\//, '').split('/')[0];
      if (name === 'id' || name === 'client_id' || name === 'rotated_secrets') return error(400, 'The request was malformed or contained invalid parameters', `patch path ${op.path} is not allowed`);
      setPath(next, op.path, op.op === 'remove' ? undefined : op.value);
    }
    const changedSecret = next.client_secret !== current.client_secret;
    const [client, refusal] = this.validated({ ...next, client_id: id });
    if (!client) return refusal;
    const stored = { ...client, created_at: current.created_at, updated_at: new Date().toISOString() };
    this.clients.set(id, stored);
    return { status: 200, body: this.view(stored, changedSecret) };
  }

  private delete(id: string): FakeResponse {
    // §A.1: 204 empty; unknown id 404.
    return this.clients.delete(id) ? { status: 204 } : NOT_FOUND;
  }

  /**
   * §A.4 (v25.4.0+/HEAD keyset pagination): ordered by id, page_size default 100 max 500, an opaque
   * page_token, `Link` with rel="first" and rel="next" (next omitted on the last page), no
   * X-Total-Count; client_name and owner filter exactly (persister_client.go GetClients).
   */
  private list(req: FakeRequest): FakeResponse {
    const size = Math.min(Number(req.url.searchParams.get('page_size') ?? 100) || 100, 500);
    const token = req.url.searchParams.get('page_token');
    let after = '';
    if (token) {
      try {
        after = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).after as string;
      } catch {
        return error(400, 'The request was malformed or contained invalid parameters', 'Unable to parse pagination parameters: bad token');
      }
    }
    const name = req.url.searchParams.get('client_name');
    const owner = req.url.searchParams.get('owner');
    const all = [...this.clients.values()]
      .filter((c) => (name === null || c.client_name === name) && (owner === null || c.owner === owner))
      .sort((a, b) => (a.client_id < b.client_id ? -1 : 1));
    const page = all.filter((c) => c.client_id > after).slice(0, size);
    const link = (t?: string) => `</admin/clients?page_size=${size}${t ? `&page_token=${t}` : ''}>`;
    const last = page[page.length - 1];
    const more = last !== undefined && all.some((c) => c.client_id > last.client_id);
    const links = [`${link()}; rel="first"`, ...(more ? [`${link(Buffer.from(JSON.stringify({ after: last.client_id })).toString('base64url'))}; rel="next"`] : [])];
    return { status: 200, headers: { link: links.join(',') }, body: page.map((c) => this.view(c, false)) };
  }

  /** The public token endpoint, client_credentials only: what the tests need to prove a secret works. */
  private token(req: FakeRequest): FakeResponse {
    const { clientId, clientSecret, form } = clientCredentialsOf(req);
    const client = clientId === undefined ? undefined : this.clients.get(clientId);
    if (!client || client.client_secret !== clientSecret || client.token_endpoint_auth_method === 'none') {
      return error(401, 'invalid_client', 'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).');
    }
    if (form.get('grant_type') !== 'client_credentials' || !(client.grant_types as string[] | null)?.includes('client_credentials')) {
      return error(400, 'unauthorized_client', 'The client is not authorized to request a token using this method.');
    }
    const allowed = String(client.scope ?? '').split(' ');
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (requested.some((s) => !allowed.includes(s))) return error(400, 'invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    // §A.7: opaque by default; token_type "bearer" (hydra is the product's other source system).
    return { status: 200, body: { access_token: `ory_at_${randomSecret(32)}`, token_type: 'bearer', expires_in: 3599, scope: requested.join(' ') } };
  }

  /** §A.3 client/validator.go, the rules the adapter can run into, then the defaults it fills in. */
  private validated(input: Record<string, unknown>): [HydraClient, undefined] | [undefined, FakeResponse] {
    const refusal = this.refusal(input);
    if (refusal) return [undefined, refusal];
    return [this.withDefaults(input), undefined];
  }

  private refusal(input: Record<string, unknown>): FakeResponse | undefined {
    const secret = input.client_secret;
    if (typeof secret === 'string' && secret.length < 6) {
      return error(400, 'invalid_client_metadata', 'The value of one of the Client Metadata fields is invalid and the server has rejected this request. Field client_secret must contain a secret that is at least 6 characters long.');
    }
    const redirects = (input.redirect_uris as string[] | null | undefined) ?? [];
    for (const uri of redirects) {
      if (uri.includes('#')) return error(400, 'invalid_redirect_uri', 'The value of one or more redirect_uris is invalid. Redirect URIs must not contain fragments (#).');
      try {
        new URL(uri);
      } catch {
        return error(400, 'invalid_redirect_uri', `The value of one or more redirect_uris is invalid. Unable to parse redirect URL: ${uri}`);
      }
    }
    const origins = redirects.map((u) => new URL(u)).map((u) => `${u.protocol}//${u.host}`);
    for (const uri of (input.post_logout_redirect_uris as string[] | null | undefined) ?? []) {
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        return error(400, 'invalid_client_metadata', `The value of one of the Client Metadata fields is invalid. Value of post_logout_redirect_uris is not a valid URL: ${uri}`);
      }
      if (!origins.includes(`${url.protocol}//${url.host}`)) {
        return error(400, 'invalid_client_metadata', `The value of one of the Client Metadata fields is invalid. post_logout_redirect_uri "${uri}" must match the domain, port, scheme of at least one of the registered redirect URIs`);
      }
    }
    for (const field of ['tos_uri', 'policy_uri', 'logo_uri', 'client_uri']) {
      const value = input[field];
      if (typeof value === 'string' && value !== '' && !/^https?:\/\//.test(value)) {
        return error(400, 'invalid_client_metadata', `The value of one of the Client Metadata fields is invalid. Field ${field} must be a valid URL with http or https scheme.`);
      }
    }
    const method = input.token_endpoint_auth_method;
    if (method !== undefined && method !== '' && !['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'].includes(String(method))) {
      return error(400, 'invalid_client_metadata', `The value of one of the Client Metadata fields is invalid. Field token_endpoint_auth_method must be one of client_secret_basic, client_secret_post, private_key_jwt, none.`);
    }
    return undefined;
  }

  /** Defaults (validator + BeforeSave): a full replace that omits these gets them back. */
  private withDefaults(input: Record<string, unknown>): HydraClient {
    const method = input.token_endpoint_auth_method;
    return {
      ...Object.fromEntries(LIFESPANS.map((name) => [name, null])),
      ...input,
      client_id: String(input.client_id),
      client_name: input.client_name ?? '',
      scope: typeof input.scope === 'string' && input.scope !== '' ? input.scope : this.defaultScope,
      token_endpoint_auth_method: method || 'client_secret_basic',
      subject_type: input.subject_type || 'public',
      userinfo_signed_response_alg: input.userinfo_signed_response_alg || 'none',
      metadata: input.metadata ?? {},
      grant_types: input.grant_types && (input.grant_types as string[]).length > 0 ? input.grant_types : null,
      response_types: input.response_types && (input.response_types as string[]).length > 0 ? input.response_types : null,
      redirect_uris: input.redirect_uris ?? null,
      post_logout_redirect_uris: input.post_logout_redirect_uris ?? [],
      audience: input.audience ?? [],
      contacts: input.contacts ?? null,
      skip_consent: input.skip_consent ?? false,
      skip_logout_consent: input.skip_logout_consent ?? null,
      client_secret_expires_at: 0,
    };
  }

  /** What the API returns: the secret only when `withSecret` (create, a changed secret), never for auth method none. */
  private view(client: HydraClient, withSecret: boolean): Record<string, unknown> {
    const { client_secret: secret, ...rest } = client;
    return withSecret && client.token_endpoint_auth_method !== 'none' ? { ...rest, client_secret: secret } : rest;
  }
}

/** RFC 6901 pointer set (one or two segments are all a client needs); undefined removes. */
function setPath(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const parts = pointer.replace(/^\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}
