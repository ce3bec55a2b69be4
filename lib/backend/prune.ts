// `handle prune`: Terraform skips the destroy provisioner of a resource removed from the code
// (docs/design.md §3), so the stack's reconciler runs this: every ledger record owned by the stack whose
// client is no longer declared is removed with its own last spec's removal policy.
import type { HostSpec, PruneSpec, StoreSpec } from '../model';
import type { SecretStore } from '../secrets';
import type { HandlerContext } from './handler-context';
import { listLedger } from './ledger-io';
import { removeClient, type RemoveOutcome } from './remove-client';

export interface PruneResult {
  readonly key: string;
  readonly clientId: string;
  readonly action: RemoveOutcome;
}

export interface PruneDependencies {
  openStore(spec: StoreSpec): Promise<SecretStore>;
  contextFor(host: HostSpec, store: SecretStore): Promise<HandlerContext>;
}

export async function pruneStack(deps: PruneDependencies, prune: PruneSpec): Promise<PruneResult[]> {
  const declared = new Set(prune.clients);
  const results: PruneResult[] = [];
  for (const storeSpec of prune.stores) {
    const store = await deps.openStore(storeSpec);
    for (const ledger of await listLedger(store)) {
      if (ledger.stack !== prune.stack || declared.has(`${ledger.host}/${ledger.key}`)) continue;
      const ctx = await deps.contextFor(ledger.spec.host, store);
      results.push({ key: `${ledger.host}/${ledger.key}`, clientId: ledger.clientId, action: await removeClient(ctx, ledger, ledger.spec.removalPolicy) });
    }
  }
  return results;
}
