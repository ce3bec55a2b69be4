// One per stack (docs/design.md §3): Terraform skips destroy provisioners of resources removed from the
// configuration, so this resource, whose triggers are the stack's declared client keys, runs
// `oauth-clients handle prune` after every client of the stack was applied. A stack gets it with
// its first Host or OAuthClient; it must outlive the last client, or deleting that client from the
// code would delete nothing (a stack whose hosts live elsewhere can declare it: `Reconciler.of(stack)`).
import { Fn, Lazy, TerraformSelf, type TerraformResource, type TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ledgerStoreOf, PROTOCOL_ENV, storeIdentity, type PruneSpec, type StoreSpec, type WitnessSpec } from '../model';
import type { OAuthClient } from './oauth-client';
import { keepDefaultStateRelative } from './local-state';
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
  private readonly witness: TerraformData;

  private constructor(stack: TerraformStack, id: string) {
    super(stack, id);
    const { command, projectRoot } = handlerInvocation(stack);
    // The stack's witness (lib/backend/stack-witness.ts): made once, on the stack's first deploy,
    // its id kept in Terraform's state; its provisioner writes that id to every ledger store. A
    // change of ledger stores makes a new one, written to the new stores.
    const witnessEnvironment = {
      [PROTOCOL_ENV.witnessSpec]: Fn.jsonencode(TerraformSelf.getAny('triggers_replace')),
      [PROTOCOL_ENV.witness]: TerraformSelf.getString('id'),
      [PROTOCOL_ENV.projectRoot]: projectRoot,
    };
    this.witness = new TerraformData(this, 'Witness', {
      triggersReplace: Lazy.anyValue({ produce: (): WitnessSpec => ({ stack: stack.node.id, stores: this.declaration(stack).stores }) }),
      provisioners: [
        { type: 'local-exec', command: `${command} handle witness`, environment: witnessEnvironment },
        // Destroyed after every client (they reference it): a destroyed stack leaves no record behind.
        { type: 'local-exec', when: 'destroy', command: `${command} handle unwitness`, environment: witnessEnvironment },
      ],
    });
    this.resource = new TerraformData(this, 'Resource', {
      triggersReplace: Lazy.anyValue({ produce: () => this.declaration(stack) }),
      provisioners: [
        {
          type: 'local-exec',
          command: `${command} handle prune`,
          environment: {
            [PROTOCOL_ENV.prune]: Fn.jsonencode(TerraformSelf.getAny('triggers_replace')),
            [PROTOCOL_ENV.witness]: this.witnessId,
            [PROTOCOL_ENV.projectRoot]: projectRoot,
          },
        },
      ],
    });
    keepDefaultStateRelative(this, stack);
  }

  /** The witness's id, for the environment of every provisioner of the stack (a reference: they wait for it). */
  get witnessId(): string {
    return this.witness.getStringAttribute('id');
  }

  /** The stack's ledger may live in this store: prune looks there even when no client is left. */
  watchStore(store: StoreSpec): void {
    this.stores.set(storeIdentity(store), store);
  }

  /** Called by each client of the stack: its key is declared, and pruning waits for its resource. */
  track(client: OAuthClient, resource: TerraformResource): void {
    this.watchStore(ledgerStoreOf(client.host.spec));
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
