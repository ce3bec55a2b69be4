// `handle destroy`: run by the destroy-time provisioner. Idempotent (nothing to delete is
// success) and guarded: only the ledger's current owner instance deletes.
import type { ClientSpec } from '../model';
import type { HandlerContext } from './handler-context';
import { readLedger } from './ledger-io';
import { ledgerMissing } from './ledger-guard';
import { isCurrentOwner } from './owner-guard';
import { storeKnowsWitness, witnessEvidence, type StackWitness } from './stack-witness';
import { removeClient, type RemoveOutcome } from './remove-client';

export type DestroyOutcome = { readonly action: RemoveOutcome | 'not-managed' | 'not-owner'; readonly clientId?: string };

export interface DestroyOptions {
  /** The client_id Terraform's state holds (provider mode): with no ledger record the client would be orphaned. @default - none */
  readonly knownClientId?: string;
  /** The stack's witness from Terraform's state (provisioner mode, see apply). @default - none */
  readonly witness?: StackWitness;
}

export async function destroyClient(ctx: HandlerContext, spec: ClientSpec, instance: string, options: DestroyOptions = {}): Promise<DestroyOutcome> {
  const { witness, knownClientId } = options;
  const ledger = await readLedger(ctx.ledgerStore, { host: spec.host.name, key: spec.key });
  if (!ledger) {
    // A ledger store that does not know the stack is the wrong one (a fresh runner): the client
    // may exist, and saying "nothing to delete" would orphan it. Stop instead (issue 10).
    if (knownClientId !== undefined) throw ledgerMissing(ctx, spec, `Terraform's state says client ${knownClientId} exists for this resource`, 'delete');
    if (witness && !(await storeKnowsWitness(ctx.ledgerStore, witness))) throw ledgerMissing(ctx, spec, witnessEvidence(witness), 'delete');
    // Nothing was recorded (a first apply that failed before its ledger record), or it is gone
    // already. A journal left by a failed first apply is kept for the next apply to finish.
    return { action: 'not-managed' };
  }
  if (!isCurrentOwner(ledger, instance) || ledger.stack !== spec.stack) return { action: 'not-owner', clientId: ledger.clientId };
  return { action: await removeClient(ctx, ledger, spec.removalPolicy), clientId: ledger.clientId };
}
