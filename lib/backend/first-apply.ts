// A client's first apply (docs/design.md §4): intent, create, journal, export only if nothing is there,
// ledger, cleanup. Each step is idempotent and a re-run resumes from the journal, so a crash at
// any point loses no secret, exports none twice and creates no second client.
import { BackendError } from './backend-error';
import { exportedClientId, exportValue } from './export-value';
import type { HandlerContext } from './handler-context';
import { dropAttemptRecords, readAnyJournal, readIntent, writeLedger } from './ledger-io';
import { recordKeys, type JournalRecord, type LedgerRecord } from './records';
import { specHash } from './spec-hash';
import type { ClientSpec } from '../model';
import { neverReachedServer } from '../http';
import { ProviderError, type CreatedClient, type FoundClient } from '../providers';

export interface FirstApplyResult {
  readonly clientId: string;
  readonly resumed: boolean;
  readonly warnings: string[];
}

/** `replaces`: the ledger record of a client that vanished at the provider. */
export async function firstApply(ctx: HandlerContext, spec: ClientSpec, instance: string, replaces?: LedgerRecord): Promise<FirstApplyResult> {
  const ids = { host: spec.host.name, key: spec.key };
  const warnings: string[] = [];
  let journal = await readAnyJournal(ctx.ledgerStore, ctx.localJournal, ids);
  const resumed = journal !== undefined;
  if (!journal) {
    // Refuse before creating anything: a value we do not know at the export path is someone else's.
    const existing = await ctx.store.get(spec.secretExport.path);
    if (existing !== undefined && (replaces === undefined || exportedClientId(existing) !== replaces.clientId)) throw exportConflict(spec, exportedClientId(existing));
    const intent = await readIntent(ctx.ledgerStore, ids);
    if (intent && ctx.adapter.find) {
      // The API can find what that attempt made (deterministic id or marker): adopt it, no second client.
      const found = await ctx.adapter.find(spec, new Date(intent.at));
      if (found) {
        journal = await journalCreated(ctx, spec, await withSecret(ctx, spec, found), intent.attemptId, replaces);
        warnings.push(`a previous apply (attempt ${intent.attemptId}, ${intent.at}) created client ${found.clientId} and recorded no answer: found it at the provider and took it over`);
      }
    } else if (intent) {
      warnings.push(
        `a previous apply (attempt ${intent.attemptId}, ${intent.at}) started registering '${intent.clientName}' and recorded no answer: ` +
          `the provider may hold an unmanaged client of that name created then; delete it there if so`,
      );
    }
    journal ??= await createAndJournal(ctx, spec, replaces);
  }
  await exportOnce(ctx, spec, journal);
  ctx.checkpoint('after-export');
  const now = ctx.now().toISOString();
  const ledger: LedgerRecord = {
    recordVersion: 1,
    host: ids.host,
    key: ids.key,
    stack: spec.stack,
    clientId: journal.clientId,
    handle: journal.handle,
    ownerInstance: instance,
    specHash: specHash(spec),
    spec,
    exportPath: spec.secretExport.path,
    createdAt: replaces?.createdAt ?? now,
    updatedAt: now,
  };
  await writeLedger(ctx.ledgerStore, ledger);
  ctx.checkpoint('after-ledger');
  await dropAttemptRecords(ctx.ledgerStore, ctx.localJournal, ids);
  return { clientId: journal.clientId, resumed, warnings };
}

async function createAndJournal(ctx: HandlerContext, spec: ClientSpec, replaces: LedgerRecord | undefined): Promise<JournalRecord> {
  const ids = { host: spec.host.name, key: spec.key };
  // An apply that cannot reach the provider or lacks its credential leaves no intent to warn about.
  await ctx.adapter.prepareCreate();
  const attemptId = ctx.newAttemptId();
  const started = ctx.now();
  await ctx.ledgerStore.put(recordKeys.intent(ids.host, ids.key), { attemptId, at: started.toISOString(), stack: spec.stack, clientName: spec.clientName });
  ctx.checkpoint('after-intent');
  let created: CreatedClient;
  try {
    created = await ctx.adapter.create(spec);
  } catch (error) {
    // A 4xx is a refusal and a request that never reached the server had no effect: nothing
    // was created, so there is no possible orphan to report later.
    const refused = error instanceof ProviderError && error.status !== undefined && error.status >= 400 && error.status < 500;
    if (refused || neverReachedServer(error)) {
      await ctx.ledgerStore.delete(recordKeys.intent(ids.host, ids.key));
      throw error;
    }
    // The answer was lost (reset, timeout, 5xx): where the API can find what the create made, look now.
    const found = ctx.adapter.find ? await ctx.adapter.find(spec, started) : undefined;
    if (!found) throw error;
    ctx.log(`${spec.key}: the create's answer was lost (${error instanceof Error ? error.message : String(error)}); found client ${found.clientId} it made`);
    created = await withSecret(ctx, spec, found);
  }
  ctx.checkpoint('after-create');
  return journalCreated(ctx, spec, created, attemptId, replaces);
}

/**
 * A found client's credentials: its secret where the API returns it, else a regenerated one (the
 * lost answer held the only copy); a public client has none.
 */
async function withSecret(ctx: HandlerContext, spec: ClientSpec, found: FoundClient): Promise<CreatedClient> {
  // The lost create may have stopped half-way (Keycloak attaches scopes after the client exists):
  // bring the client to the declared spec before the ledger records it as applied.
  let handle = found.handle;
  await ctx.adapter.update(spec, found.clientId, handle, async (next) => {
    handle = next;
  });
  found = { ...found, handle };
  if (found.clientSecret !== undefined || spec.publicClient) return found;
  if (!ctx.adapter.rotateSecret || !ctx.adapter.capabilities.secretRegenerable) {
    throw new BackendError('SPEC_INVALID', spec.key, `client ${found.clientId} exists at the provider but its secret cannot be read nor regenerated through the ${spec.host.flavour} API: delete it there and apply again`);
  }
  const rotated = await ctx.adapter.rotateSecret(spec, found.clientId, found.handle);
  return { clientId: found.clientId, clientSecret: rotated.clientSecret, handle: rotated.handle };
}

async function journalCreated(ctx: HandlerContext, spec: ClientSpec, created: CreatedClient, attemptId: string, replaces: LedgerRecord | undefined): Promise<JournalRecord> {
  const ids = { host: spec.host.name, key: spec.key };
  const journal: JournalRecord = {
    attemptId,
    at: ctx.now().toISOString(),
    clientId: created.clientId,
    ...(created.clientSecret === undefined ? {} : { clientSecret: created.clientSecret }),
    handle: created.handle,
    ...(replaces ? { replacesClientId: replaces.clientId } : {}),
  };
  // Local first: it is the copy that survives when the durable store is what is failing.
  await ctx.localJournal.put(recordKeys.journal(ids.host, ids.key), journal);
  try {
    await ctx.ledgerStore.put(recordKeys.journal(ids.host, ids.key), journal);
  } catch (error) {
    throw new BackendError(
      'STORE_FAILED',
      spec.key,
      `client ${created.clientId} was created but ${ctx.ledgerStore.description} failed (${error instanceof Error ? error.message : String(error)}); ` +
        `its credentials are kept in the local journal: run apply again once the store works`,
    );
  }
  ctx.checkpoint('after-journal');
  return journal;
}

async function exportOnce(ctx: HandlerContext, spec: ClientSpec, journal: JournalRecord): Promise<void> {
  const value = exportValue(journal.clientId, journal.clientSecret, ctx.issuer, await ctx.adapter.tokenEndpoint());
  if ((await ctx.store.putIfAbsent(spec.secretExport.path, value)) === 'created') return;
  const existingId = exportedClientId(await ctx.store.get(spec.secretExport.path));
  if (existingId === journal.clientId) return; // exported by the attempt that crashed
  if (journal.replacesClientId !== undefined && existingId === journal.replacesClientId) {
    await ctx.store.put(spec.secretExport.path, value); // our own export of the client that vanished
    return;
  }
  throw exportConflict(spec, existingId);
}

function exportConflict(spec: ClientSpec, existingId: string | undefined): BackendError {
  return new BackendError(
    'EXPORT_CONFLICT',
    spec.key,
    `the export path '${spec.secretExport.path}' already holds credentials${existingId ? ` of client_id ${existingId}` : ''} that the ledger does not know; ` +
      `refusing to overwrite: move them away or set secretExport.path`,
  );
}
