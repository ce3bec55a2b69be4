// `handle apply`: bring the provider's client to the declared spec. A client the ledger knows is
// updated in place (same client_id, secret untouched); an unknown or vanished one gets a first apply.
import type { ClientSpec } from '../model';
import { BackendError } from './backend-error';
import { exportedClientId } from './export-value';
import { firstApply } from './first-apply';
import { ledgerMissing } from './ledger-guard';
import { storeKnowsWitness, witnessEvidence, type StackWitness } from './stack-witness';
import type { HandlerContext } from './handler-context';
import { dropAttemptRecords, readAnyJournal, readLedger, writeLedger } from './ledger-io';
import type { LedgerRecord } from './records';
import { specHash } from './spec-hash';

export interface ApplyOutcome {
  readonly action: 'created' | 'resumed' | 'recreated' | 'updated' | 'unchanged';
  readonly clientId: string;
  readonly warnings: readonly string[];
}

export interface ApplyOptions {
  /**
   * The client_id Terraform's state holds for this resource (contract C3): the client exists. With
   * no ledger record for the key, apply stops (LEDGER_MISSING) instead of registering a second one.
   * @default - Terraform knows no client for this resource
   */
  readonly knownClientId?: string;
  /**
   * The stack's witness from Terraform's state: with no ledger record for the key, the ledger
   * store must know it, or it is not the store the stack was deployed with (LEDGER_MISSING).
   * @default - no witness (a stack synthesized before witnesses, or a direct call)
   */
  readonly witness?: StackWitness;
}

export async function applyClient(ctx: HandlerContext, spec: ClientSpec, instance: string, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const ids = { host: spec.host.name, key: spec.key };
  const ledger = await readLedger(ctx.ledgerStore, ids);
  if (!ledger) {
    if (options.knownClientId !== undefined) throw ledgerMissing(ctx, spec, `Terraform's state says client ${options.knownClientId} exists for this resource`);
    if (options.witness && !(await storeKnowsWitness(ctx.ledgerStore, options.witness))) throw ledgerMissing(ctx, spec, witnessEvidence(options.witness));
    const result = await firstApply(ctx, spec, instance);
    return { action: result.resumed ? 'resumed' : 'created', clientId: result.clientId, warnings: result.warnings };
  }
  if (ledger.stack !== spec.stack) {
    throw new BackendError('OWNED_BY_OTHER_STACK', spec.key, `host ${ids.host} already has this key, managed by stack '${ledger.stack}', not '${spec.stack}'; declare another key or remove it there first`);
  }
  const journal = await readAnyJournal(ctx.ledgerStore, ctx.localJournal, ids);
  if (journal?.replacesClientId === ledger.clientId) {
    // A recreation crashed half-way: finish it.
    const result = await firstApply(ctx, spec, instance, ledger);
    return { action: 'recreated', clientId: result.clientId, warnings: result.warnings };
  }
  if (journal?.clientId === ledger.clientId) await dropAttemptRecords(ctx.ledgerStore, ctx.localJournal, ids);

  if ((await ctx.adapter.read(spec, ledger.clientId, ledger.handle)) === 'gone') {
    await confirmVanished(ctx, spec, ledger);
    const result = await firstApply(ctx, spec, instance, ledger);
    return { action: 'recreated', clientId: result.clientId, warnings: [`client ${ledger.clientId} had vanished at the provider; created ${result.clientId} and exported its credentials`, ...result.warnings] };
  }

  const hash = specHash(spec);
  let current: LedgerRecord = ledger;
  if (ledger.specHash !== hash) {
    await ctx.adapter.update(spec, ledger.clientId, ledger.handle, async (handle) => {
      // The provider invalidated the old management token already: persist before anything else.
      current = { ...current, handle, updatedAt: ctx.now().toISOString() };
      await writeLedger(ctx.ledgerStore, current);
    });
  }
  if (current.specHash !== hash || current.ownerInstance !== instance) {
    await writeLedger(ctx.ledgerStore, { ...current, spec, specHash: hash, ownerInstance: instance, exportPath: ledger.exportPath, updatedAt: ctx.now().toISOString() });
  }
  return { action: ledger.specHash === hash ? 'unchanged' : 'updated', clientId: ledger.clientId, warnings: exportPathWarning(ledger, spec) };
}

/**
 * Recreating a client that still exists would leave a duplicate and replace the application's
 * working secret, so "gone" from the management API is confirmed at the token endpoint first.
 */
async function confirmVanished(ctx: HandlerContext, spec: ClientSpec, ledger: LedgerRecord): Promise<void> {
  const exported = await ctx.store.get(ledger.exportPath);
  const secret = exportedClientId(exported) === ledger.clientId && typeof exported?.client_secret === 'string' ? exported.client_secret : undefined;
  const state = await ctx.adapter.confirmGone(spec, ledger.clientId, secret);
  if (state === 'gone') return;
  throw new BackendError(
    'MANAGEMENT_TOKEN_REJECTED',
    spec.key,
    `the provider rejects the management token of client ${ledger.clientId}, ` +
      (state === 'present' ? 'which still exists (an earlier update was probably applied and its answer, with the rotated token, lost)' : 'and whether the client still exists cannot be confirmed') +
      `: delete client ${ledger.clientId} at the provider, then apply again to create a new one whose credentials replace the export`,
  );
}

/** The export is written on the first apply only; a later path change does not move it. */
function exportPathWarning(ledger: LedgerRecord, spec: ClientSpec): string[] {
  return ledger.exportPath === spec.secretExport.path
    ? []
    : [`secretExport.path changed to '${spec.secretExport.path}', but credentials are exported on the first apply only: they stay at '${ledger.exportPath}'`];
}
