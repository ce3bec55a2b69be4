// The Terraform resource of one client. By default our provider's `oauthclients_client`
// (docs/design.md §8): Terraform calls the backend inside the provider's apply and records state after
// it returns. The provisioner modes (docs/design.md §3): the spec as structured `triggers_replace`,
// create_before_destroy, and create/destroy provisioners running `oauth-clients handle`.
import { Fn, Lazy, TerraformSelf, TerraformStack, type LocalExecProvisioner, type TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import { encodeFlatSpec, escapeTemplate, mapStrings, PROTOCOL_ENV, type ClientSpec } from '../model';
import { handlerInvocation } from './private/handler-command';
import { OAuthClientsClient } from './private/oauth-clients-client';
import { OAuthClientsProvider } from './private/oauth-clients-provider';
import { TerraformData } from './private/terraform-data';
import { Reconciler } from './reconciler';

/**
 * `oauthclients_client`: our provider, shipped with the stack (updates in place, refresh, import,
 * a `client_id` attribute, a killed deploy re-runs to the declared state). The provisioner modes:
 * `terraform_data` is built into Terraform >= 1.4; `null_resource` needs the hashicorp/null provider.
 */
export type ResourceType = 'oauthclients_client' | 'terraform_data' | 'null_resource';

export const DEFAULT_RESOURCE_TYPE: ResourceType = 'oauthclients_client';

/** The app context key that sets the default for every client of the app. */
export const RESOURCE_TYPE_CONTEXT = 'oauth-clients:resourceType';

const RESOURCE_TYPES: readonly ResourceType[] = ['oauthclients_client', 'terraform_data', 'null_resource'];

/** The declared type, else the app context's, else our provider's resource. */
export function resourceTypeOf(scope: Construct, declared?: ResourceType): ResourceType {
  const type = declared ?? scope.node.tryGetContext(RESOURCE_TYPE_CONTEXT) ?? DEFAULT_RESOURCE_TYPE;
  if (!RESOURCE_TYPES.includes(type)) {
    throw new Error(`${scope.node.path}: resourceType must be one of ${RESOURCE_TYPES.join(', ')}, got '${String(type)}' (from ${declared ? 'the resourceType prop' : `the app context '${RESOURCE_TYPE_CONTEXT}'`})`);
  }
  return type;
}

/** The provisioner modes run `handle` per client and need the stack's reconciler to prune. */
export const usesProvisioners = (type: ResourceType): boolean => type !== 'oauthclients_client';

/**
 * The spec as Terraform must read it: JSON values only, every string escaped so Terraform's
 * template evaluation gives back exactly the declared text (terraform-template.ts). Whatever
 * carries the spec (triggers_replace, null_resource triggers, the provider's `spec`) uses this.
 */
export function terraformLiteral(value: unknown): unknown {
  // mapStrings also drops what JSON has no value for (a function from untyped code, reported by validation).
  return mapStrings(value, escapeTemplate);
}

/** `spec` is read at synth, when the host's scope list is complete. */
export function emitClientResource(scope: Construct, spec: () => ClientSpec, type: ResourceType = DEFAULT_RESOURCE_TYPE): TerraformResource {
  const stack = TerraformStack.of(scope);
  if (type === 'oauthclients_client') return new OAuthClientsClient(scope, 'Resource', Lazy.anyValue({ produce: () => terraformLiteral(spec()) }), OAuthClientsProvider.of(stack));
  const provisioners = provisionersOf(stack, type);
  const lifecycle = { createBeforeDestroy: true };
  if (type === 'terraform_data') {
    // The stack witness's id rides in `input`: a destroy-time provisioner may read only `self`.
    return new TerraformData(scope, 'Resource', { triggersReplace: Lazy.anyValue({ produce: () => terraformLiteral(spec()) }), input: Reconciler.of(stack).witnessId, lifecycle, provisioners });
  }
  // null_resource `triggers` is a map of strings: each field is its own entry, so a plan still diffs field by field.
  const { Resource: NullResource } = require('@cdktf/provider-null/lib/resource') as typeof import('@cdktf/provider-null/lib/resource');
  ensureNullProvider(stack);
  const triggers = Lazy.anyValue({ produce: () => terraformLiteral(encodeFlatSpec(spec())) }) as unknown as Record<string, string>;
  return new NullResource(scope, 'Resource', { triggers, lifecycle, provisioners });
}

/**
 * The provisioners refer to `self` only, so every client of a stack shares one set: creating
 * cdktf tokens per client was most of the cost of synthesizing a 1000-client stack.
 */
const provisionerCache = new WeakMap<TerraformStack, Map<ResourceType, LocalExecProvisioner[]>>();

function provisionersOf(stack: TerraformStack, type: ResourceType): LocalExecProvisioner[] {
  const byType = provisionerCache.get(stack) ?? new Map<ResourceType, LocalExecProvisioner[]>();
  provisionerCache.set(stack, byType);
  const cached = byType.get(type);
  if (cached) return cached;
  const { command, projectRoot } = handlerInvocation(stack);
  const triggersAttribute = type === 'terraform_data' ? 'triggers_replace' : 'triggers';
  const environment = {
    [PROTOCOL_ENV.spec]: Fn.jsonencode(TerraformSelf.getAny(triggersAttribute)),
    [PROTOCOL_ENV.instance]: TerraformSelf.getString('id'),
    [PROTOCOL_ENV.projectRoot]: projectRoot,
    ...(type === 'null_resource' ? { [PROTOCOL_ENV.specEncoding]: 'flat' } : {}),
  };
  // The stack witness (lib/backend/stack-witness.ts): terraform_data carries it in `input`; a
  // null_resource has no such attribute, so only its create-time provisioner can name it (a
  // destroy-time one may reference nothing but `self`).
  const witness = type === 'terraform_data' ? TerraformSelf.getString('input') : Reconciler.of(stack).witnessId;
  const provisioners: LocalExecProvisioner[] = [
    { type: 'local-exec', command: `${command} handle apply`, environment: { ...environment, [PROTOCOL_ENV.witness]: witness } },
    {
      type: 'local-exec',
      when: 'destroy',
      command: `${command} handle destroy`,
      environment: type === 'terraform_data' ? { ...environment, [PROTOCOL_ENV.witness]: witness } : environment,
    },
  ];
  byType.set(type, provisioners);
  return provisioners;
}

function ensureNullProvider(stack: TerraformStack): void {
  if (stack.node.tryFindChild('OAuthClientsNullProvider')) return;
  const { NullProvider } = require('@cdktf/provider-null/lib/provider') as typeof import('@cdktf/provider-null/lib/provider');
  new NullProvider(stack, 'OAuthClientsNullProvider');
}
