// ReadResource (refresh): the client as the provider has it, through ProviderAdapter.observe
// (contract C2), mapped onto the declared spec so an unchanged client gives back the prior state
// byte for byte (an empty plan) and a field edited by hand shows as drift. A client deleted at the
// provider leaves state, so the next plan creates it. One GET per client: node-oidc-provider does
// not rotate the registration token on a read, has no rate limit, and Terraform refreshes at most
// 10 resources at a time (-parallelism), so a refresh of 1,000 clients is 1,000 reads, 10 in flight.
import { exportedClientId, managementTokenRejected, readLedger, renewedLedger, writeLedger } from '../backend';
import { canonicalJson } from '../model';
import type { ObservedClient } from '../providers';
import { dynamicOf, type Dynamic } from './private/cty-msgpack';
import { failureDiagnostics, warning, type Diagnostic } from './private/diagnostics';
import { specOf } from './private/spec-of';
import type { ProviderRuntime } from './provider-runtime';
import { decodeClientObject, encodeClientObject, plainSpec, type ClientObject } from './resource-state';

export async function readResource(runtime: ProviderRuntime, request: { current_state?: { msgpack?: Buffer } }): Promise<object> {
  const current = decodeClientObject(request.current_state);
  const keep = (diagnostics: Diagnostic[] = []) => ({ new_state: encodeClientObject(current), diagnostics });
  if (!current || typeof current.client_id !== 'string') return keep();
  const decoded = specOf(plainSpec(current));
  if (!decoded.ok) return keep();
  const { spec, subject } = decoded;
  try {
    const ctx = await runtime.contextFor(spec.host);
    const ids = { host: spec.host.name, key: spec.key };
    const ledger = await readLedger(ctx.ledgerStore, ids);
    if (!ledger) return keep([warning(`${subject}: not refreshed`, `${ctx.ledgerStore.description} has no ledger record for this client, so it cannot be read at the provider; the next apply says what to do`)]);
    if (!ctx.adapter.observe) return keep();
    const observed = await ctx.adapter.observe(ledger.spec, ledger.clientId, ledger.handle, async (handle) => {
      await writeLedger(ctx.ledgerStore, { ...ledger, handle, updatedAt: ctx.now().toISOString() });
    });
    if (observed === 'gone') {
      // RFC 7592 answers 401 for a deleted client and for a token lost to an update: confirm at the token endpoint.
      const exported = await ctx.store.get(ledger.exportPath);
      const secret = exportedClientId(exported) === ledger.clientId && typeof exported?.client_secret === 'string' ? exported.client_secret : undefined;
      const confirmed = await ctx.adapter.confirmGone(spec, ledger.clientId, secret);
      if (confirmed === 'gone') {
        runtime.log(`oauth-clients refresh ${subject}: client ${ledger.clientId} is gone at the provider`);
        return { new_state: encodeClientObject(null), diagnostics: [] };
      }
      // A token lost to an update: the development server issues a new one (an unchanged client
      // would otherwise never reach apply); elsewhere the warning says what to do there.
      const renewed = confirmed === 'present' ? await renewedLedger(ctx, ledger) : undefined;
      const again = renewed ? await ctx.adapter.observe(renewed.spec, renewed.clientId, renewed.handle, async (handle) => writeLedger(ctx.ledgerStore, { ...renewed, handle, updatedAt: ctx.now().toISOString() })) : 'gone';
      if (again !== 'gone') {
        runtime.log(`oauth-clients refresh ${subject}: warning: the provider refused the management token of client ${ledger.clientId}, which still exists; it issued a new one`);
        return { new_state: encodeClientObject(refreshed(current, again)), diagnostics: [] };
      }
      return keep([warning(`${subject}: not refreshed`, managementTokenRejected(ledger, confirmed, 'run the deploy again: the refresh then finds it gone and the apply creates a new client whose credentials replace the export').message)]);
    }
    return { new_state: encodeClientObject(refreshed(current, observed)), diagnostics: [] };
  } catch (failure) {
    return keep(failureDiagnostics(failure, subject, runtime.redactor));
  }
}

/** The prior object when the provider agrees with it; else its spec with the observed fields laid over. */
function refreshed(current: ClientObject, observed: ObservedClient): ClientObject {
  const prior = plainSpec(current) as Record<string, unknown>;
  const next: Record<string, unknown> = { ...prior };
  for (const [field, value] of Object.entries(observed.fields)) {
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  const clientId = observed.clientId;
  if (canonicalJson(next) === canonicalJson(prior) && clientId === current.client_id) return current;
  return { ...current, spec: dynamicOf(next) as Dynamic, client_id: clientId };
}
