// RFC 7592 §2.1 answers 401 both for a deleted client and for a management token rotated by an
// update whose answer was lost. Before anything is recreated or forgotten, "gone" is confirmed at
// the token endpoint; a client that still answers gets a new token where the provider can issue
// one (the development server), else a stop with exactly what to do.
import { BackendError } from './backend-error';
import { exportedClientId } from './export-value';
import type { HandlerContext } from './handler-context';
import { writeLedger } from './ledger-io';
import type { LedgerRecord } from './records';
import type { ManagementHandle } from '../providers';

export type ConfirmedState = 'gone' | 'present' | 'unknown';

/** Asks the token endpoint with the exported secret (when the export still holds this client's). */
export async function confirmGone(ctx: HandlerContext, ledger: LedgerRecord): Promise<ConfirmedState> {
  const exported = await ctx.store.get(ledger.exportPath);
  const secret = exportedClientId(exported) === ledger.clientId && typeof exported?.client_secret === 'string' ? exported.client_secret : undefined;
  return ctx.adapter.confirmGone(ledger.spec, ledger.clientId, secret);
}

/** A new management handle from the provider's admin way out, or undefined where there is none. */
export async function reissuedHandle(ctx: HandlerContext, ledger: LedgerRecord): Promise<ManagementHandle | undefined> {
  return ctx.adapter.reissueHandle?.(ledger.spec, ledger.clientId);
}

/**
 * The ledger record with a new management handle, persisted, where the provider can issue one
 * (the development server's admin way out); undefined where it cannot.
 */
export async function renewedLedger(ctx: HandlerContext, ledger: LedgerRecord): Promise<LedgerRecord | undefined> {
  const handle = await reissuedHandle(ctx, ledger);
  if (!handle) return undefined;
  const renewed: LedgerRecord = { ...ledger, handle, updatedAt: ctx.now().toISOString() };
  await writeLedger(ctx.ledgerStore, renewed);
  return renewed;
}

/** `then`: what re-running does once the client is deleted at the provider. */
export function managementTokenRejected(ledger: LedgerRecord, state: 'present' | 'unknown', then: string): BackendError {
  const why =
    state === 'present'
      ? 'which still exists (an earlier update was probably applied and its answer, with the rotated token, lost)'
      : 'and whether the client still exists cannot be confirmed (no exported secret to ask the token endpoint with, or it failed)';
  return new BackendError(
    'MANAGEMENT_TOKEN_REJECTED',
    ledger.key,
    `the provider ${ledger.spec.host.issuer} rejects the management token of client ${ledger.clientId}, ${why}. ` +
      `RFC 7592 has no way to get a new token, and ${ledger.spec.host.issuer} offers none: delete client ${ledger.clientId} at the provider ` +
      `(its admin console or admin API), then ${then}`,
  );
}
