// Ory Hydra v2 admin API (`/admin/clients`, hydra-keycloak.md §A). The client id is chosen here,
// deterministic per host and key, so a create whose answer was lost is found again by id; updates
// are JSON Patches of the declared fields only (docs/design.md, "Hydra: JSON Patch, not PUT").
import { randomBytes } from 'node:crypto';
import { oauthErrorOf, type HttpClient, type HttpResponse } from '../../http';
import { PROVIDER_CAPABILITIES, type ClientSpec, type HostSpec } from '../../model';
import { deterministicClientId } from '../client-id';
import type { CreatedClient, FoundClient, ListedClient, ManagementHandle, ObservedClient, ProviderAdapter } from '../provider-adapter';
import { ProviderError } from '../provider-error';
import { checkLearnedEndpoint } from '../private/endpoint-policy';
import { fieldNamedIn, joinUrl, nextLink, words } from '../private/wire';
import { managedFields, observedHydraClient, updatePatch } from './hydra-client';

export interface HydraOptions {
  readonly http: HttpClient;
  readonly host: HostSpec;
  /** Clients per listing page (§A.4: default 100, max 500). @default 100 */
  readonly pageSize?: number;
  /** Receives every secret this adapter makes up, for redaction. */
  readonly register?: (secret: string) => void;
}

export class HydraAdapter implements ProviderAdapter {
  readonly capabilities = PROVIDER_CAPABILITIES.hydra;
  private readonly admin: string;
  private readonly audience: readonly string[];

  constructor(private readonly options: HydraOptions) {
    this.admin = options.host.adminUrl ?? options.host.issuer;
    // The host's API audience (§A.2 `audience`, an allow-list): the same for every client of the host.
    this.audience = words(options.host.settings?.audience);
  }

  async prepareCreate(): Promise<void> {}

  async create(spec: ClientSpec): Promise<CreatedClient> {
    const clientId = deterministicClientId(spec.host.name, spec.key);
    // §A.3: an omitted secret is generated and returned in this answer only. skip_consent and the
    // other admin-only fields are not sent: Hydra's defaults apply until an operator sets them.
    const response = await this.request(spec, 'create', 'POST', '/admin/clients', { client_id: clientId, ...managedFields(spec, this.audience) });
    if (response.status === 409) {
      throw new ProviderError(spec.key, 'create', 409, 'conflict', `client ${clientId} already exists at the provider and no record of this key knows it: bring it under management with 'oauth-clients adopt <stack>/<client> --client-id ${clientId}'`);
    }
    if (response.status !== 201) throw this.failure(spec, 'create', response);
    const body = response.json as Record<string, unknown>;
    const secret = typeof body.client_secret === 'string' && body.client_secret !== '' ? body.client_secret : undefined;
    return { clientId, ...(secret === undefined ? {} : { clientSecret: secret }), handle: {} };
  }

  async read(spec: ClientSpec, clientId: string): Promise<'present' | 'gone'> {
    return (await this.get(spec, clientId)) === 'gone' ? 'gone' : 'present';
  }

  async observe(spec: ClientSpec, clientId: string): Promise<ObservedClient | 'gone'> {
    const body = await this.get(spec, clientId);
    return body === 'gone' ? 'gone' : observedHydraClient(body);
  }

  async update(spec: ClientSpec, clientId: string): Promise<void> {
    // Every operation is a `replace` with an absolute value: repeating the patch changes nothing more.
    const response = await this.request(spec, 'update', 'PATCH', `/admin/clients/${encodeURIComponent(clientId)}`, updatePatch(spec, this.audience), true);
    if (response.status !== 200) throw this.failure(spec, 'update', response);
  }

  async delete(spec: ClientSpec, clientId: string): Promise<'deleted' | 'gone'> {
    const response = await this.request(spec, 'delete', 'DELETE', `/admin/clients/${encodeURIComponent(clientId)}`);
    if (response.status === 204) return 'deleted';
    if (response.status === 404) return 'gone';
    throw this.failure(spec, 'delete', response);
  }

  async confirmGone(spec: ClientSpec, clientId: string): Promise<'gone' | 'present' | 'unknown'> {
    // The admin API answers 404 only for an id it does not have: unambiguous, unlike RFC 7592's 401.
    return (await this.read(spec, clientId)) === 'gone' ? 'gone' : 'present';
  }

  async find(spec: ClientSpec): Promise<FoundClient | undefined> {
    const found = await this.locate(spec, deterministicClientId(spec.host.name, spec.key));
    return found === 'gone' ? undefined : found;
  }

  async locate(spec: ClientSpec, clientId: string): Promise<FoundClient | 'gone'> {
    // §A.1: GET never returns the secret; a found client gets a new one through rotateSecret.
    return (await this.get(spec, clientId)) === 'gone' ? 'gone' : { clientId, handle: {} };
  }

  async rotateSecret(spec: ClientSpec, clientId: string, handle: ManagementHandle): Promise<{ clientSecret: string; handle: ManagementHandle }> {
    // A patch of /client_secret re-hashes it and drops rotated ones (§A.3); the rotate endpoint is
    // newer than v26.2.0, the patch works on every v2. 32 random bytes as 43 base64url characters (under bcrypt's 72-byte cap).
    const secret = randomBytes(32).toString('base64url');
    this.options.register?.(secret);
    const response = await this.request(spec, 'rotate secret', 'PATCH', `/admin/clients/${encodeURIComponent(clientId)}`, [{ op: 'replace', path: '/client_secret', value: secret }], true);
    if (response.status !== 200) throw this.failure(spec, 'rotate secret', response);
    return { clientSecret: secret, handle };
  }

  async *list(spec: ClientSpec): AsyncIterable<ListedClient> {
    // §A.4: keyset pages; the next page is only in the Link header (rel="next"), absent on the last.
    let url: string | undefined = joinUrl(this.admin, `/admin/clients?page_size=${this.options.pageSize ?? 100}`);
    while (url !== undefined) {
      const response = await this.options.http.request({ method: 'GET', url });
      if (response.status !== 200 || !Array.isArray(response.json)) throw this.failure(spec, 'list', response);
      for (const item of response.json as Array<Record<string, unknown>>) {
        yield { clientId: String(item.client_id), ...(typeof item.client_name === 'string' ? { clientName: item.client_name } : {}) };
      }
      const next = nextLink(response, url);
      // A page link is an endpoint the provider names: held to the rules of declared ones (endpoint-policy.ts).
      url = next === undefined ? undefined : checkLearnedEndpoint(next, 'Link rel="next"', this.options.host);
    }
  }

  async tokenEndpoint(): Promise<string> {
    // Hydra's public port serves /oauth2/token under the issuer.
    return joinUrl(this.options.host.issuer, '/oauth2/token');
  }

  private async get(spec: ClientSpec, clientId: string): Promise<Record<string, unknown> | 'gone'> {
    const response = await this.request(spec, 'read', 'GET', `/admin/clients/${encodeURIComponent(clientId)}`);
    if (response.status === 404) return 'gone';
    if (response.status !== 200) throw this.failure(spec, 'read', response);
    return response.json as Record<string, unknown>;
  }

  private request(spec: ClientSpec, _operation: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, json?: unknown, idempotent?: boolean): Promise<HttpResponse> {
    return this.options.http.request({ method, url: joinUrl(this.admin, path), ...(json === undefined ? {} : { json }), ...(idempotent === undefined ? {} : { idempotent }) });
  }

  private failure(spec: ClientSpec, operation: string, response: HttpResponse): ProviderError {
    // §A.5: always {error, error_description}; the field is named in the description.
    const oauth = oauthErrorOf(response);
    const detail = oauth?.error_description || oauth?.error || 'unexpected response';
    return new ProviderError(spec.key, operation, response.status, oauth?.error, detail, fieldNamedIn(oauth?.error, oauth?.error_description));
  }
}
