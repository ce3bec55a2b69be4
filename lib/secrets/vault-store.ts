// HashiCorp Vault's KV version 2 secrets engine as a store, over lib/http (its timeouts, retries and
// redaction). Each entry is one secret whose data is the stored JSON object, so applications read
// their client's credentials with `vault kv get`. Every call below follows the published API:
// https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2 (website/content/api-docs/secret/kv/kv-v2.mdx).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HttpClient, Redactor, type HttpResponse } from '../http';
import type { VaultStoreSpec } from '../model';
import { checkEntryKey, checkEntryPrefix } from './entry-key';
import type { OpenStoreOptions } from './open-store';
import type { SecretStoreBackend, StoredValue } from './secret-store';
import { quoteName, StoreError } from './store-error';

/**
 * KV v2 answers a `cas` write that does not match with 400 and this error (vault-plugin-secrets-kv,
 * path_data.go); `cas: 0` means "only if the key does not exist" (kv-v2.mdx, Create/Update Secret).
 */
export const VAULT_CAS_MISMATCH = 'check-and-set parameter did not match the current version';

export function openVaultStore(config: VaultStoreSpec, options: OpenStoreOptions & { readonly redactor?: Redactor }): VaultSecretStore {
  const description = `vault store ${config.address} ${config.mount}/${config.pathPrefix}`.trimEnd();
  const token = options.env[config.tokenEnv];
  if (!token) {
    throw new StoreError('OAC_STORE_CONFIG', `${description}: environment variable ${config.tokenEnv} must hold a Vault token, and it is not set`, { store: description });
  }
  options.redactor?.add(token);
  let http = options.http;
  let owned = false;
  if (config.caFile !== undefined || http === undefined) {
    const redactor = options.redactor ?? new Redactor();
    redactor.add(token);
    let ca: string | undefined;
    if (config.caFile !== undefined) {
      const file = resolve(options.projectRoot, config.caFile);
      try {
        ca = readFileSync(file, 'utf8');
      } catch (error) {
        throw new StoreError('OAC_STORE_CONFIG', `${description}: cannot read caFile ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { store: description });
      }
    }
    http = new HttpClient({ redactor, ...(ca === undefined ? {} : { ca }) });
    owned = true;
  }
  return new VaultSecretStore(config, description, token, http, owned);
}

export class VaultSecretStore implements SecretStoreBackend {
  readonly #token: string;

  constructor(
    private readonly config: VaultStoreSpec,
    readonly description: string,
    token: string,
    private readonly http: HttpClient,
    private readonly ownsHttp: boolean,
  ) {
    this.#token = token;
  }

  /** Read Secret Version: `GET /:mount/data/:path` → `{ data: { data, metadata } }`; 404 when absent or deleted. */
  async get(key: string): Promise<StoredValue | undefined> {
    const response = await this.call('read', key, 'GET', this.url('data', key));
    if (response.status === 404) return undefined;
    this.expect(response, [200], 'read', key);
    const data = (response.json as { data?: { data?: unknown } } | undefined)?.data?.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new StoreError('OAC_STORE_VALUE', `${quoteName(key)} in ${this.description} does not hold a JSON object`, { key, store: this.description });
    }
    return data as StoredValue;
  }

  /** Create/Update Secret with `options.cas = 0`: written only if the key does not exist. */
  async putIfAbsent(key: string, value: StoredValue): Promise<'created' | 'exists'> {
    // Safe to repeat: a retry of a write that landed meets the cas check and reads as 'exists',
    // and the backend then finds its own client id there.
    const response = await this.call('create', key, 'POST', this.url('data', key), { options: { cas: 0 }, data: value }, true);
    if (response.status === 400 && vaultErrors(response).some((e) => e.includes(VAULT_CAS_MISMATCH))) return 'exists';
    this.expect(response, [200, 204], 'create', key);
    return 'created';
  }

  /** Create/Update Secret without `cas`: a new version (the ledger's records). */
  async put(key: string, value: StoredValue): Promise<void> {
    const response = await this.call('write', key, 'POST', this.url('data', key), { data: value }, true);
    this.expect(response, [200, 204], 'write', key);
  }

  /** Delete Metadata and All Versions: `DELETE /:mount/metadata/:path`; read metadata first to say whether anything was there. */
  async delete(key: string): Promise<boolean> {
    const metadata = await this.call('delete', key, 'GET', this.url('metadata', key));
    if (metadata.status === 404) return false;
    this.expect(metadata, [200], 'delete', key);
    const response = await this.call('delete', key, 'DELETE', this.url('metadata', key));
    this.expect(response, [200, 204], 'delete', key);
    return true;
  }

  /** List Secrets (`LIST /:mount/metadata/:path`, sent as `GET ?list=true`): folders end in '/', walked recursively. */
  async list(prefix: string): Promise<string[]> {
    checkEntryPrefix(prefix, this.description);
    const directory = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
    const keys: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      const response = await this.call('list', prefix, 'GET', `${this.base('metadata')}${folder}?list=true`);
      if (response.status === 404) return;
      this.expect(response, [200], 'list', prefix);
      const names = (response.json as { data?: { keys?: unknown } } | undefined)?.data?.keys;
      for (const name of Array.isArray(names) ? names : []) {
        if (typeof name !== 'string') continue;
        const path = `${folder}${name}`;
        if (name.endsWith('/')) {
          if (path.startsWith(prefix) || prefix.startsWith(path)) await walk(path);
        } else if (path.startsWith(prefix)) {
          keys.push(path);
        }
      }
    };
    await walk(directory);
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async close(): Promise<void> {
    if (this.ownsHttp) await this.http.close();
  }

  private base(kind: 'data' | 'metadata'): string {
    const prefix = this.config.pathPrefix === '' ? '' : `${this.config.pathPrefix}/`;
    return `${this.config.address.replace(/\/+$/, '')}/v1/${this.config.mount}/${kind}/${prefix}`;
  }

  private url(kind: 'data' | 'metadata', key: string): string {
    return `${this.base(kind)}${checkEntryKey(key, this.description)}`;
  }

  private async call(action: string, key: string, method: 'GET' | 'POST' | 'DELETE', url: string, json?: unknown, idempotent?: boolean): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'x-vault-token': this.#token };
    // Vault Enterprise namespaces: the X-Vault-Namespace header (api-docs/index.mdx, Namespaces).
    if (this.config.namespace !== undefined) headers['x-vault-namespace'] = this.config.namespace;
    try {
      return await this.http.request({ method, url, headers, ...(json === undefined ? {} : { json }), ...(idempotent === undefined ? {} : { idempotent }) });
    } catch (error) {
      throw new StoreError('OAC_STORE_UNAVAILABLE', `cannot ${action} ${quoteName(key)} in ${this.description}: ${(error as Error).message}`, {
        key,
        store: this.description,
        cause: error,
      });
    }
  }

  private expect(response: HttpResponse, statuses: number[], action: string, key: string): void {
    if (statuses.includes(response.status)) return;
    // Vault's error bodies are `{ "errors": [...] }` (api-docs/index.mdx, Error Response); they never echo written data.
    const errors = vaultErrors(response);
    const hint = response.status === 403 ? ` (the token in ${this.config.tokenEnv} is missing a policy for this path, or has expired)` : '';
    throw new StoreError(
      'OAC_STORE_UNAVAILABLE',
      `cannot ${action} ${quoteName(key)} in ${this.description}: HTTP ${response.status}${errors.length ? ` ${errors.join('; ')}` : ''}${hint}`,
      { key, store: this.description },
    );
  }
}

function vaultErrors(response: HttpResponse): string[] {
  const errors = (response.json as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string').map((e) => e.slice(0, 300)) : [];
}
