// Deleting a managed client, shared by destroy and prune: at the provider (gone counts as done),
// its export (only if it still holds this client's credentials), then the ledger record.
import type { RemovalPolicyValue } from '../model';
import { exportedClientId } from './export-value';
import type { HandlerContext } from './handler-context';
import { confirmGone, managementTokenRejected, renewedLedger } from './management-token';
import { recordKeys, type LedgerRecord } from './records';

export type RemoveOutcome = 'deleted' | 'already-gone' | 'retained';

export async function removeClient(ctx: HandlerContext, ledger: LedgerRecord, policy: RemovalPolicyValue): Promise<RemoveOutcome> {
  if (policy === 'retain') {
    await ctx.ledgerStore.delete(recordKeys.ledger(ledger.host, ledger.key));
    return 'retained';
  }
  let result = await ctx.adapter.delete(ledger.spec, ledger.clientId, ledger.handle);
  if (result === 'gone') {
    // A 401 is also what a client that still exists answers when its management token was rotated
    // by an update whose answer was lost: confirm before forgetting its export and ledger record.
    const state = await confirmGone(ctx, ledger);
    if (state !== 'gone') {
      const renewed = state === 'present' ? await renewedLedger(ctx, ledger) : undefined;
      if (!renewed) throw managementTokenRejected(ledger, state, `run the destroy again: it then finds the client gone and removes its export and ledger record`);
      ctx.log(`${ledger.host}/${ledger.key}: warning: the provider rejected the management token of client ${ledger.clientId}, which still exists; it issued a new one`);
      result = await ctx.adapter.delete(ledger.spec, ledger.clientId, renewed.handle);
      if (result === 'gone') throw managementTokenRejected(ledger, 'present', 'run the destroy again');
    }
  }
  if (exportedClientId(await ctx.store.get(ledger.exportPath)) === ledger.clientId) await ctx.store.delete(ledger.exportPath);
  await ctx.ledgerStore.delete(recordKeys.ledger(ledger.host, ledger.key));
  return result === 'deleted' ? 'deleted' : 'already-gone';
}
