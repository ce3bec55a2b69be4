// The tfplugin6 Provider service: one handler per RPC Terraform calls, each turning a thrown error
// into a diagnostic (Terraform shows it; the provider keeps serving the other resources).
import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { applyResourceChange } from './apply-change';
import { importResourceState } from './import-resource';
import { planResourceChange } from './plan-change';
import { error } from './private/diagnostics';
import type { ProviderRuntime } from './provider-runtime';
import { readResource } from './read-resource';
import { CLIENT_ATTRIBUTES, CLIENT_RESOURCE_TYPE, CLIENT_SCHEMA_VERSION, PROVIDER_ATTRIBUTES, schemaMessage } from './resource-schema';
import { decodeMsgpack } from './private/cty-msgpack';
import { upgradeResourceState } from './upgrade-state';
import { validateResourceConfig } from './validate-config';

type Handler = (request: any) => object | Promise<object>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function providerService(runtime: ProviderRuntime): UntypedServiceImplementation {
  const handlers: Record<string, Handler> = {
    GetMetadata: () => ({ server_capabilities: {}, resources: [{ type_name: CLIENT_RESOURCE_TYPE }] }),
    GetProviderSchema: () => ({
      provider: schemaMessage(0, PROVIDER_ATTRIBUTES, 'OAuth clients as code: the clients an OAuthClient construct declares.'),
      resource_schemas: { [CLIENT_RESOURCE_TYPE]: schemaMessage(CLIENT_SCHEMA_VERSION, CLIENT_ATTRIBUTES, 'One OAuth client at an authorization server, managed through oauth-clients-as-code.') },
      data_source_schemas: {},
      server_capabilities: {},
      diagnostics: [],
    }),
    ValidateProviderConfig: () => ({ diagnostics: [] }),
    ConfigureProvider: (request: { config?: { msgpack?: Buffer } }) => {
      const config = (decodeMsgpack(request.config?.msgpack) ?? {}) as { project_root?: unknown };
      runtime.configure(typeof config.project_root === 'string' ? config.project_root : undefined);
      return { diagnostics: [] };
    },
    ValidateResourceConfig: validateResourceConfig,
    UpgradeResourceState: upgradeResourceState,
    PlanResourceChange: planResourceChange,
    ApplyResourceChange: (request) => applyResourceChange(runtime, request),
    ReadResource: (request) => readResource(runtime, request),
    ImportResourceState: (request) => importResourceState(runtime, request),
    StopProvider: async () => {
      await runtime.stop();
      return {};
    },
  };
  return Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, unary(name, handler)]));
}

function unary(name: string, handler: Handler) {
  return (call: ServerUnaryCall<unknown, object>, callback: sendUnaryData<object>) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (failure: unknown) => callback(null, { diagnostics: [error(`oauth-clients provider: ${name} failed`, failure instanceof Error ? failure.message : String(failure))] }),
      );
  };
}
