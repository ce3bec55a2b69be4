// `handle apply`: bring the provider's client to the declared spec. A client the ledger knows is
// updated in place (same client_id, secret untouched); an unknown or vanished one gets a first apply.
import type { ClientSpec } from '../model';
import type { ManagementHandle, ObservedClient, PersistHandle } from '../providers';
import { BackendError } from './backend-error';
import { firstApply } from './first-apply';
import { ledgerMissing } from './ledger-guard';
import { storeKnowsWitness, witnessEvidence, type StackWitness } from './stack-witness';
import type { HandlerContext } from './handler-context';
import { dropAttemptRecords, readAnyJournal, readLedger, writeLedger } from './ledger-io';
import { confirmGone, managementTokenRejected, renewedLedger } from './management-token';
import { observedDifferences, providerChanges } from './provider-fields';
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

  const hash = specHash(spec);
  let current: LedgerRecord = ledger;
  const persist = async (handle: ManagementHandle) => {
    // The provider invalidated the old management token already: persist before anything else.
    current = { ...current, handle, updatedAt: ctx.now().toISOString() };
    await writeLedger(ctx.ledgerStore, current);
  };
  const warnings: string[] = [];
  let seen = await look(ctx, spec, current, persist);
  if (seen === 'gone') {
    // Recreating a client that still exists would leave a duplicate and replace the application's
    // working secret, so "gone" from the management API is confirmed at the token endpoint first.
    const state = await confirmGone(ctx, ledger);
    if (state === 'gone') {
      const result = await firstApply(ctx, spec, instance, ledger);
      return { action: 'recreated', clientId: result.clientId, warnings: [`client ${ledger.clientId} had vanished at the provider; created ${result.clientId} and exported its credentials`, ...result.warnings] };
    }
    const renewed = state === 'present' ? await renewedLedger(ctx, ledger) : undefined;
    if (!renewed) throw managementTokenRejected(ledger, state, `run the deploy again: a new client is created and its credentials replace the export at '${ledger.exportPath}'`);
    current = renewed;
    warnings.push(`the provider rejected the management token of client ${ledger.clientId}, which still exists; the provider issued a new one`);
    seen = await look(ctx, spec, current, persist);
    if (seen === 'gone') throw managementTokenRejected(ledger, 'present', `run the deploy again`);
  }

  // Only what the provider holds is sent: a change to removalPolicy or secretExport is the
  // ledger's business, and a PUT would rotate the management token for nothing.
  const send = providerChanges(ledger.spec, spec, ctx.adapter.capabilities).length > 0 || (seen !== 'present' && observedDifferences(spec, seen).length > 0);
  if (send) await ctx.adapter.update(spec, ledger.clientId, current.handle, persist);
  if (current.specHash !== hash || current.ownerInstance !== instance) {
    await writeLedger(ctx.ledgerStore, { ...current, spec, specHash: hash, ownerInstance: instance, exportPath: ledger.exportPath, updatedAt: ctx.now().toISOString() });
  }
  return { action: send || ledger.specHash !== hash ? 'updated' : 'unchanged', clientId: ledger.clientId, warnings: [...warnings, ...exportPathWarning(ledger, spec)] };
}

/**
 * The client as the provider has it where the adapter can say (so a field changed by hand is
 * brought back), else only whether it exists.
 */
async function look(ctx: HandlerContext, spec: ClientSpec, ledger: LedgerRecord, persist: PersistHandle): Promise<ObservedClient | 'present' | 'gone'> {
  if (ctx.adapter.observe) return ctx.adapter.observe(spec, ledger.clientId, ledger.handle, persist);
  return ctx.adapter.read(spec, ledger.clientId, ledger.handle);
}

/** The export is written on the first apply only; a later path change does not move it. */
function exportPathWarning(ledger: LedgerRecord, spec: ClientSpec): string[] {
  return ledger.exportPath === spec.secretExport.path
    ? []
    : [`secretExport.path changed to '${spec.secretExport.path}', but credentials are exported on the first apply only: they stay at '${ledger.exportPath}'`];
}
