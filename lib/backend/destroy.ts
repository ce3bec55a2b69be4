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

export async function destroyClient(ctx: HandlerContext, spec: ClientSpec, instance: string, witness?: StackWitness): Promise<DestroyOutcome> {
  const ledger = await readLedger(ctx.ledgerStore, { host: spec.host.name, key: spec.key });
  if (!ledger) {
    // A ledger store that does not know the stack is the wrong one (a fresh runner): the client
    // may exist, and saying "nothing to delete" would orphan it. Stop instead (issue 10).
    if (witness && !(await storeKnowsWitness(ctx.ledgerStore, witness))) throw ledgerMissing(ctx, spec, witnessEvidence(witness));
    // Nothing was recorded (a first apply that failed before its ledger record), or it is gone
    // already. A journal left by a failed first apply is kept for the next apply to finish.
    return { action: 'not-managed' };
  }
  if (!isCurrentOwner(ledger, instance) || ledger.stack !== spec.stack) return { action: 'not-owner', clientId: ledger.clientId };
  return { action: await removeClient(ctx, ledger, spec.removalPolicy), clientId: ledger.clientId };
}
