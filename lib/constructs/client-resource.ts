// The custom resource of one client (DESIGN §3): the spec as structured `triggers_replace`,
// create_before_destroy, and create/destroy provisioners running `oauth-clients handle`.
import { Fn, TerraformSelf, TerraformStack, type LocalExecProvisioner, type TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import { encodeFlatSpec, PROTOCOL_ENV, type ClientSpec } from '../model';
import { handlerInvocation } from './private/handler-command';
import { TerraformData } from './private/terraform-data';
import { Reconciler } from './reconciler';

/** `terraform_data` is built into Terraform >= 1.4; `null_resource` needs the hashicorp/null provider. */
export type ResourceType = 'terraform_data' | 'null_resource';

export function emitClientResource(scope: Construct, spec: ClientSpec, type: ResourceType = 'terraform_data'): TerraformResource {
  const stack = TerraformStack.of(scope);
  const provisioners = provisionersOf(stack, type);
  const lifecycle = { createBeforeDestroy: true };
  if (type === 'terraform_data') {
    // The stack witness's id rides in `input`: a destroy-time provisioner may read only `self`.
    return new TerraformData(scope, 'Resource', { triggersReplace: spec, input: Reconciler.of(stack).witnessId, lifecycle, provisioners });
  }
  // null_resource `triggers` is a map of strings: each field is its own entry, so a plan still diffs field by field.
  const { Resource: NullResource } = require('@cdktf/provider-null/lib/resource') as typeof import('@cdktf/provider-null/lib/resource');
  ensureNullProvider(stack);
  return new NullResource(scope, 'Resource', { triggers: encodeFlatSpec(spec), lifecycle, provisioners });
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
