// One per stack (DESIGN §3): Terraform skips destroy provisioners of resources removed from the
// configuration, so this resource, whose triggers are the stack's declared client keys, runs
// `oauth-clients handle prune` after every client of the stack was applied. A stack gets it with
// its first Host or OAuthClient; it must outlive the last client, or deleting that client from the
// code would delete nothing (a stack whose hosts live elsewhere can declare it: `Reconciler.of(stack)`).
import { Fn, Lazy, TerraformSelf, type TerraformResource, type TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PROTOCOL_ENV, type PruneSpec, type StoreSpec } from '../model';
import type { OAuthClient } from './oauth-client';
import { handlerInvocation } from './private/handler-command';
import { TerraformData } from './private/terraform-data';

const ID = 'OAuthClientsReconciler';

const declaredClients = new WeakMap<TerraformStack, OAuthClient[]>();

export class Reconciler extends Construct {
  /** The stack's reconciler, created with its first client. */
  static of(stack: TerraformStack): Reconciler {
    return (stack.node.tryFindChild(ID) as Reconciler | undefined) ?? new Reconciler(stack, ID);
  }

  /** Every client declared in the stack, whatever its mode: prune never deletes a declared one. */
  static declare(stack: TerraformStack, client: OAuthClient): void {
    const clients = declaredClients.get(stack) ?? [];
    clients.push(client);
    declaredClients.set(stack, clients);
  }

  private readonly stores = new Map<string, StoreSpec>();
  private readonly resource: TerraformData;

  private constructor(stack: TerraformStack, id: string) {
    super(stack, id);
    const { command, projectRoot } = handlerInvocation(stack);
    this.resource = new TerraformData(this, 'Resource', {
      triggersReplace: Lazy.anyValue({ produce: () => this.declaration(stack) }),
      provisioners: [
        {
          type: 'local-exec',
          command: `${command} handle prune`,
          environment: { [PROTOCOL_ENV.prune]: Fn.jsonencode(TerraformSelf.getAny('triggers_replace')), [PROTOCOL_ENV.projectRoot]: projectRoot },
        },
      ],
    });
  }

  /** The stack's ledger may live in this store: prune looks there even when no client is left. */
  watchStore(store: StoreSpec): void {
    this.stores.set(`${store.kind}:${store.directory}`, store);
  }

  /** Called by each client of the stack: its key is declared, and pruning waits for its resource. */
  track(client: OAuthClient, resource: TerraformResource): void {
    this.watchStore(client.host.spec.store);
    // depends_on takes bare addresses (`terraform_data.x`), not interpolations.
    this.resource.dependsOn = [...(this.resource.dependsOn ?? []), `${resource.terraformResourceType}.${resource.friendlyUniqueId}`];
  }

  /** What prune reads: the stack, every declared `host/key`, and the stores holding its ledger. */
  private declaration(stack: TerraformStack): PruneSpec {
    return {
      stack: stack.node.id,
      clients: (declaredClients.get(stack) ?? []).map((c) => `${c.host.name}/${c.key}`).sort(),
      stores: [...this.stores.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, store]) => store),
    };
  }
}
