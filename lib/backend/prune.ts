// `handle prune`: Terraform skips the destroy provisioner of a resource removed from the code
// (docs/design.md §3), so the stack's reconciler runs this: every ledger record owned by the stack whose
// client is no longer declared is removed with its own last spec's removal policy.
import type { HostSpec, PruneSpec, StoreSpec } from '../model';
import type { SecretStoreBackend } from '../secrets';
import type { HandlerContext } from './handler-context';
import { BackendError } from './backend-error';
import { restoreHint } from './ledger-guard';
import { listLedger } from './ledger-io';
import { storeKnowsWitness, witnessEvidence, type StackWitness } from './stack-witness';
import { removeClient, type RemoveOutcome } from './remove-client';

export interface PruneResult {
  readonly key: string;
  readonly clientId: string;
  readonly action: RemoveOutcome;
}

export interface PruneDependencies {
  openStore(spec: StoreSpec): Promise<SecretStoreBackend>;
  contextFor(host: HostSpec, store: SecretStoreBackend): Promise<HandlerContext>;
}

export async function pruneStack(deps: PruneDependencies, prune: PruneSpec, witness?: StackWitness): Promise<PruneResult[]> {
  const declared = new Set(prune.clients);
  const results: PruneResult[] = [];
  for (const storeSpec of prune.stores) {
    const store = await deps.openStore(storeSpec);
    // A store that does not know the stack lists none of its clients: pruning nothing would leave
    // every removed client live and unmanaged, so stop and say which store is missing (issue 10).
    if (witness && !(await storeKnowsWitness(store, witness))) {
      throw new BackendError('LEDGER_MISSING', `stack ${prune.stack}`, `${witnessEvidence(witness).replace(' and this client may exist', '')}, but ${store.description} holds no record of it: the ledger store is missing or is not the one this stack was deployed with. Refusing to prune. To fix: ${restoreHint(storeSpec)}; then deploy again`);
    }
    for (const ledger of await listLedger(store)) {
      if (ledger.stack !== prune.stack || declared.has(`${ledger.host}/${ledger.key}`)) continue;
      const ctx = await deps.contextFor(ledger.spec.host, store);
      results.push({ key: `${ledger.host}/${ledger.key}`, clientId: ledger.clientId, action: await removeClient(ctx, ledger, ledger.spec.removalPolicy) });
    }
  }
  return results;
}
