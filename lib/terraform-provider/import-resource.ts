// ImportResourceState: placeholder until import lands.
import { error } from './private/diagnostics';
import type { ProviderRuntime } from './provider-runtime';

export async function importResourceState(_runtime: ProviderRuntime, _request: { id?: string }): Promise<object> {
  return { imported_resources: [], diagnostics: [error('oauthclients_client: import is not available yet')] };
}
