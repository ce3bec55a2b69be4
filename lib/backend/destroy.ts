// `handle destroy`: run by the destroy-time provisioner. Idempotent (nothing to delete is
// success) and guarded: only the ledger's current owner instance deletes.
import type { ClientSpec } from '../model';
import type { HandlerContext } from './handler-context';
import { readLedger } from './ledger-io';
import { isCurrentOwner } from './owner-guard';
import { removeClient, type RemoveOutcome } from './remove-client';

export type DestroyOutcome = { readonly action: RemoveOutcome | 'not-managed' | 'not-owner'; readonly clientId?: string };

export async function destroyClient(ctx: HandlerContext, spec: ClientSpec, instance: string): Promise<DestroyOutcome> {
  const ledger = await readLedger(ctx.ledgerStore, { host: spec.host.name, key: spec.key });
  // No ledger record: nothing was recorded, or it is gone already. A journal left by a failed
  // first apply is kept for the next apply to finish (or prune to clean), not deleted here.
  if (!ledger) return { action: 'not-managed' };
  if (!isCurrentOwner(ledger, instance) || ledger.stack !== spec.stack) return { action: 'not-owner', clientId: ledger.clientId };
  return { action: await removeClient(ctx, ledger, spec.removalPolicy), clientId: ledger.clientId };
}
