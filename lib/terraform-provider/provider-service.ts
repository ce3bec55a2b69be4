// The tfplugin6 Provider service: one handler per RPC Terraform calls, each turning a thrown error
// into a diagnostic (Terraform shows it; the provider keeps serving the other resources). Terraform
// starts the provider ~4 times per apply and one start only asks for the schema: the handlers (the
// model's schemas, the backend, the stores) load on their first call, after the handshake.
import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { decodeMsgpack } from './private/cty-msgpack';
import type { ProviderRuntime } from './provider-runtime';
import { CLIENT_ATTRIBUTES, CLIENT_RESOURCE_TYPE, CLIENT_SCHEMA_VERSION, PROVIDER_ATTRIBUTES, schemaMessage } from './resource-schema';

const validate = () => require('./validate-config') as typeof import('./validate-config');
const plan = () => require('./plan-change') as typeof import('./plan-change');
const apply = () => require('./apply-change') as typeof import('./apply-change');
const read = () => require('./read-resource') as typeof import('./read-resource');
const importer = () => require('./import-resource') as typeof import('./import-resource');
const upgrade = () => require('./upgrade-state') as typeof import('./upgrade-state');

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
    ValidateResourceConfig: (request) => validate().validateResourceConfig(request),
    UpgradeResourceState: (request) => upgrade().upgradeResourceState(request),
    PlanResourceChange: (request) => plan().planResourceChange(request),
    ApplyResourceChange: (request) => apply().applyResourceChange(runtime, request),
    ReadResource: (request) => read().readResource(runtime, request),
    ImportResourceState: (request) => importer().importResourceState(runtime, request),
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
        (failure: unknown) =>
          callback(null, { diagnostics: [{ severity: 1, summary: `oauth-clients provider: ${name} failed`, detail: failure instanceof Error ? failure.message : String(failure) }] }),
      );
  };
}
