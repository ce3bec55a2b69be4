// Deleting a managed client, shared by destroy and prune: at the provider (gone counts as done),
// its export (only if it still holds this client's credentials), then the ledger record.
import type { RemovalPolicyValue } from '../model';
import { exportedClientId } from './export-value';
import type { HandlerContext } from './handler-context';
import { recordKeys, type LedgerRecord } from './records';

export type RemoveOutcome = 'deleted' | 'already-gone' | 'retained';

export async function removeClient(ctx: HandlerContext, ledger: LedgerRecord, policy: RemovalPolicyValue): Promise<RemoveOutcome> {
  if (policy === 'retain') {
    await ctx.ledgerStore.delete(recordKeys.ledger(ledger.host, ledger.key));
    return 'retained';
  }
  const result = await ctx.adapter.delete(ledger.spec, ledger.clientId, ledger.handle);
  if (exportedClientId(await ctx.store.get(ledger.exportPath)) === ledger.clientId) await ctx.store.delete(ledger.exportPath);
  await ctx.ledgerStore.delete(recordKeys.ledger(ledger.host, ledger.key));
  return result === 'deleted' ? 'deleted' : 'already-gone';
}
