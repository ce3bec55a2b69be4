// RFC 7591 dynamic client registration and RFC 7592 management, as node-oidc-provider, Keycloak,
// Hydra, Okta, Curity and others serve it. Facts: shared/provider-apis/rfc7591-oidc-provider.md.
import { oauthErrorOf, type HttpClient, type HttpResponse } from '../../http';
import { PROVIDER_CAPABILITIES, type ClientSpec, type HostSpec } from '../../model';
import { clientIdRule } from '../private/client-id';
import { checkLearnedEndpoint, UntrustedEndpointError } from '../private/endpoint-policy';
import type { CreatedClient, ListedClient, ManagementHandle, ObservedClient, PersistHandle, ProviderAdapter } from '../provider-adapter';
import { ListingUnavailable, ProviderError } from '../provider-error';
import { fieldOfDescription, toClientMetadata } from './client-metadata';
import { discoverEndpoints, type Endpoints } from './discovery';
import { observedFields } from './observed-metadata';
import { HANDLE, RegistrationResponseSchema } from './registration-response';

export interface Rfc7591Options {
  readonly http: HttpClient;
  readonly host: HostSpec;
  /** RFC 7591 §3: the initial access token that authorizes registration; read only when registering. */
  readonly initialAccessToken: () => string;
  /** Registers a secret seen in a response (a read returns the client_secret) for redaction. */
  readonly redact?: (secret: string) => void;
}

export class Rfc7591Adapter implements ProviderAdapter {
  readonly capabilities = PROVIDER_CAPABILITIES.rfc7591;
  private endpoints?: Promise<Endpoints>;

  constructor(private readonly options: Rfc7591Options) {}

  async prepareCreate(): Promise<void> {
    await this.discover();
    this.options.initialAccessToken();
  }

  async create(spec: ClientSpec): Promise<CreatedClient> {
    const { registration } = await this.discover();
    // Not idempotent: a blind retry after a lost response could register a second client.
    const response = await this.options.http.request({ method: 'POST', url: registration, bearer: this.options.initialAccessToken(), json: toClientMetadata(spec), idempotent: false });
    if (response.status !== 201 && response.status !== 200) throw this.failure(spec, 'register', response);
    const parsed = RegistrationResponseSchema.safeParse(response.json);
    if (!parsed.success) throw new ProviderError(spec.key, 'register', response.status, undefined, 'the registration response lacks client_id, registration_client_uri or registration_access_token');
    const { client_id, client_secret, registration_client_uri, registration_access_token } = parsed.data;
    await this.refuseUnmanageable(spec, response.status, client_id, registration_client_uri, registration_access_token);
    return {
      clientId: client_id,
      ...(client_secret === undefined ? {} : { clientSecret: client_secret }),
      handle: { [HANDLE.uri]: registration_client_uri, [HANDLE.token]: registration_access_token },
    };
  }

  async read(spec: ClientSpec, _clientId: string, handle: ManagementHandle): Promise<'present' | 'gone'> {
    const response = await this.options.http.request({ method: 'GET', url: this.managementUri(handle[HANDLE.uri]), bearer: handle[HANDLE.token] });
    if (response.status === 200) return 'present';
    // RFC 7592 §2.1: for a client that no longer exists the server answers 401 (and revokes the token).
    if (response.status === 401 || response.status === 404) return 'gone';
    throw this.failure(spec, 'read', response);
  }

  /**
   * RFC 7592 §2.1 read. node-oidc-provider 9 answers with the same registration access token
   * (lib/actions/registration.js `get`: only `put` rotates); RFC 7592 §3 lets a server issue a new
   * one in any read response, so a changed token is persisted before we return. The answer also
   * holds the client_secret: it is registered for redaction and never leaves this method.
   */
  async observe(spec: ClientSpec, clientId: string, handle: ManagementHandle, persistHandle: PersistHandle): Promise<ObservedClient | 'gone'> {
    const response = await this.options.http.request({ method: 'GET', url: this.managementUri(handle[HANDLE.uri]), bearer: handle[HANDLE.token] });
    if (response.status === 401 || response.status === 404) return 'gone';
    if (response.status !== 200) throw this.failure(spec, 'read', response);
    const body = (response.json ?? {}) as Record<string, unknown>;
    if (typeof body.client_secret === 'string') this.options.redact?.(body.client_secret);
    // A read persists a new token only: the URI we reached the client at keeps working, and a
    // server behind a gateway may report its own internal one.
    if (typeof body.registration_access_token === 'string' && body.registration_access_token !== handle[HANDLE.token]) await this.persistRotated(handle, body, persistHandle);
    // A client_id we could not store is not taken from a read either: the one we hold stays.
    const observedId = typeof body.client_id === 'string' && clientIdRule(body.client_id) === undefined ? body.client_id : clientId;
    return { clientId: observedId, fields: observedFields(body) };
  }

  /** RFC 7592 has no listing; the development server's admin endpoint offers one (one page). */
  async *list(spec: ClientSpec): AsyncIterable<ListedClient> {
    const { devAdmin } = await this.discover();
    if (devAdmin === undefined) throw new ListingUnavailable(this.options.host.name, 'RFC 7591/7592 offer no listing of clients');
    const response = await this.options.http.request({ method: 'GET', url: `${devAdmin}/clients`, bearer: this.options.initialAccessToken() });
    if (response.status !== 200) throw this.failure(spec, 'list clients', response);
    const clients = ((response.json ?? {}) as { clients?: { client_id?: unknown; client_name?: unknown }[] }).clients ?? [];
    for (const c of clients) {
      if (typeof c.client_id === 'string') yield { clientId: c.client_id, ...(typeof c.client_name === 'string' ? { clientName: c.client_name } : {}) };
    }
  }

  /** Only the development server can issue a new registration access token; RFC 7592 has no way. */
  async reissueHandle(spec: ClientSpec, clientId: string): Promise<ManagementHandle | undefined> {
    const { devAdmin } = await this.discover();
    if (devAdmin === undefined) return undefined;
    const response = await this.options.http.request({
      method: 'POST',
      url: `${devAdmin}/clients/${encodeURIComponent(clientId)}/registration-access-token`,
      bearer: this.options.initialAccessToken(),
      // Issuing twice leaves the first token dead, which the retry's answer replaces: safe to repeat.
      idempotent: true,
    });
    if (response.status !== 201) throw this.failure(spec, 'reissue the registration access token', response);
    const parsed = RegistrationResponseSchema.safeParse(response.json);
    if (!parsed.success) throw new ProviderError(spec.key, 'reissue the registration access token', response.status, undefined, 'the answer lacks registration_client_uri or registration_access_token');
    return { [HANDLE.uri]: this.managementUri(parsed.data.registration_client_uri), [HANDLE.token]: parsed.data.registration_access_token };
  }

  /**
   * The management handle of a client registered by hand, for import: RFC 7592 §3 names no URI
   * scheme, so the URI is given or, as node-oidc-provider, Keycloak and Hydra build it, the
   * registration endpoint followed by `/<client_id>`.
   */
  async importHandle(clientId: string, registrationAccessToken: string, registrationClientUri?: string): Promise<ManagementHandle> {
    const uri = registrationClientUri ?? `${(await this.discover()).registration.replace(/\/$/, '')}/${encodeURIComponent(clientId)}`;
    return { [HANDLE.uri]: uri, [HANDLE.token]: registrationAccessToken };
  }

  async update(spec: ClientSpec, clientId: string, handle: ManagementHandle, persistHandle: PersistHandle): Promise<void> {
    // Not retried blindly: with rotating registration access tokens, a PUT the server processed
    // but whose answer was lost has already invalidated the token we hold.
    const response = await this.options.http.request({
      method: 'PUT',
      url: this.managementUri(handle[HANDLE.uri]),
      bearer: handle[HANDLE.token],
      json: { ...toClientMetadata(spec), client_id: clientId },
      idempotent: false,
    });
    if (response.status !== 200) throw this.failure(spec, 'update', response);
    // RFC 7592 §2.2: the server may rotate the token on update; the old one is dead already.
    await this.persistRotated(handle, (response.json ?? {}) as Record<string, unknown>, persistHandle);
  }

  /**
   * Persists a rotated registration access token or URI from a management answer. A new URI must
   * pass the endpoint rules: if it does not, the new token is kept with the old URI and the answer
   * is reported as untrusted.
   */
  private async persistRotated(handle: ManagementHandle, body: Record<string, unknown>, persistHandle: PersistHandle): Promise<void> {
    const token = typeof body.registration_access_token === 'string' ? body.registration_access_token : handle[HANDLE.token];
    const answered = typeof body.registration_client_uri === 'string' ? body.registration_client_uri : handle[HANDLE.uri];
    let uri = handle[HANDLE.uri];
    let untrusted: unknown;
    try {
      uri = this.managementUri(answered);
    } catch (error) {
      untrusted = error;
    }
    if (token !== handle[HANDLE.token] || uri !== handle[HANDLE.uri]) await persistHandle({ [HANDLE.uri]: uri, [HANDLE.token]: token });
    if (untrusted) throw untrusted;
  }

  async delete(spec: ClientSpec, _clientId: string, handle: ManagementHandle): Promise<'deleted' | 'gone'> {
    const response = await this.options.http.request({ method: 'DELETE', url: this.managementUri(handle[HANDLE.uri]), bearer: handle[HANDLE.token] });
    if (response.status === 204 || response.status === 200) return 'deleted';
    if (response.status === 401 || response.status === 404) return 'gone';
    throw this.failure(spec, 'delete', response);
  }

  async confirmGone(spec: ClientSpec, clientId: string, clientSecret: string | undefined): Promise<'gone' | 'present' | 'unknown'> {
    // A confidential client cannot be told from a stranger without its secret.
    if (!spec.publicClient && clientSecret === undefined) return 'unknown';
    // RFC 6749 §5.2: `invalid_client` is the token endpoint's answer for an unknown client;
    // a known one fails later (unauthorized_client, invalid_scope) or gets a token.
    const response = await this.options.http.request({
      method: 'POST',
      url: await this.tokenEndpoint(),
      form: { grant_type: 'client_credentials', ...(clientSecret === undefined ? { client_id: clientId } : {}) },
      ...(clientSecret === undefined ? {} : { basic: { username: encodeURIComponent(clientId), password: encodeURIComponent(clientSecret) } }),
    });
    if (response.status >= 500) return 'unknown';
    return oauthErrorOf(response)?.error === 'invalid_client' ? 'gone' : 'present';
  }

  async tokenEndpoint(): Promise<string> {
    return (await this.discover()).token;
  }

  private discover(): Promise<Endpoints> {
    this.endpoints ??= discoverEndpoints(this.options.http, this.options.host);
    return this.endpoints;
  }

  /** RFC 7592 §3 leaves registration_client_uri to the server: it gets the registration access token only where a declared endpoint could. */
  private managementUri(uri: string | undefined): string {
    return checkLearnedEndpoint(uri, 'registration_client_uri', this.options.host);
  }

  /**
   * A registration whose client_id cannot be stored or whose management URI is untrusted cannot be
   * managed: delete it again where that is safe, and say what is left at the provider.
   */
  private async refuseUnmanageable(spec: ClientSpec, status: number, clientId: string, uri: string, token: string): Promise<void> {
    let managementUri: string;
    try {
      managementUri = this.managementUri(uri);
    } catch (error) {
      const rule = error instanceof UntrustedEndpointError ? error.rule : String(error);
      throw new ProviderError(spec.key, 'register', status, undefined, `the registration's registration_client_uri ${rule}: the client cannot be managed, nothing was sent there; delete client '${clientId}' at the provider`);
    }
    const rule = clientIdRule(clientId);
    if (rule === undefined) return;
    const deleted = await this.options.http.request({ method: 'DELETE', url: managementUri, bearer: token }).then(
      (response) => response.status === 204 || response.status === 200,
      () => false,
    );
    throw new ProviderError(spec.key, 'register', status, undefined, `${rule}; ${deleted ? 'the registration was deleted again' : 'deleting the registration failed: delete it at the provider'}`);
  }

  private failure(spec: ClientSpec, operation: string, response: HttpResponse): ProviderError {
    const oauth = oauthErrorOf(response);
    const detail = oauth?.error_description ?? (response.status === 401 ? 'the provider refused the credentials' : `unexpected response`);
    return new ProviderError(spec.key, operation, response.status, oauth?.error, detail, fieldOfDescription(oauth?.error, oauth?.error_description));
  }
}
