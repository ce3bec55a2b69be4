// UpgradeResourceState: Terraform hands us each resource's stored JSON every time it loads state,
// and we answer with the object in the current schema (CLIENT_SCHEMA_VERSION). Version 1 is the
// first; a later schema adds its mapping here. State written by a newer provider is refused.
import { Dynamic } from './private/cty-msgpack';
import { error } from './private/diagnostics';
import { CLIENT_SCHEMA_VERSION } from './resource-schema';
import { encodeClientObject } from './resource-state';

interface UpgradeRequest {
  readonly version?: number;
  readonly raw_state?: { json?: Buffer };
}

export function upgradeResourceState(request: UpgradeRequest): object {
  const version = Number(request.version ?? 0);
  if (version > CLIENT_SCHEMA_VERSION) {
    return { diagnostics: [error(`oauthclients_client: the state was written with schema version ${version}, newer than this provider's ${CLIENT_SCHEMA_VERSION}`, 'deploy with the oauth-clients version that wrote it, or newer')] };
  }
  const json = request.raw_state?.json;
  if (!json?.length) return { diagnostics: [error('oauthclients_client: the state holds no JSON for this resource (flatmap state is not supported)')] };
  const raw = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
  // State JSON keeps a dynamic attribute as {"value": ..., "type": ...} (go-cty ctyjson).
  const spec = raw.spec as { value?: unknown; type?: unknown } | null | undefined;
  const dynamic = spec && typeof spec === 'object' && 'type' in spec ? new Dynamic(JSON.stringify(spec.type), spec.value ?? null) : null;
  return {
    upgraded_state: encodeClientObject({
      spec: dynamic,
      client_id: typeof raw.client_id === 'string' ? raw.client_id : null,
      id: typeof raw.id === 'string' ? raw.id : null,
    }),
    diagnostics: [],
  };
}
