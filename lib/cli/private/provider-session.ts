// What the adopt and rotate verbs share: a declared client's host store and its provider adapter
// over one HTTP client, every secret on its way through registered with the verb's redactor.
import { HttpClient, type Redactor } from '../../http';
import { openAdapter, type ProviderAdapter } from '../../providers';
import { openSecretStore, type SecretStoreBackend as SecretStore } from '../../secrets';
import type { ResolvedClient } from './declared-client';

export interface ProviderSession {
  readonly store: SecretStore;
  readonly adapter: ProviderAdapter;
  close(): Promise<void>;
}

export async function openProviderSession(client: ResolvedClient, env: NodeJS.ProcessEnv, redactor: Redactor): Promise<ProviderSession> {
  const store = await openSecretStore(client.host.store, { projectRoot: client.projectRoot, env });
  const http = new HttpClient({ redactor });
  return { store, adapter: openAdapter(client.host, http, env, (secret) => redactor.add(secret)), close: () => http.close() };
}
