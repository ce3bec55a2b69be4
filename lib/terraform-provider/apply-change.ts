// ApplyResourceChange: create, update and delete through lib/backend, exactly what the
// provisioners' `handle apply|destroy` run, so crash safety is unchanged (intent, journal, export
// once, ledger). Terraform writes state only after this returns: a killed run leaves the client out
// of state and the next run's create resumes from the journal or finds the ledger record.
import { applyClient, destroyClient } from '../backend';
import { error, failureDiagnostics, warning, type Diagnostic } from './private/diagnostics';
import { specOf } from './private/spec-of';
import { resourceIdOf } from './private/spec-of';
import type { ProviderRuntime } from './provider-runtime';
import { decodeClientObject, encodeClientObject, plainSpec, type ClientObject } from './resource-state';

interface ApplyRequest {
  readonly prior_state?: { msgpack?: Buffer };
  readonly planned_state?: { msgpack?: Buffer };
}

export async function applyResourceChange(runtime: ProviderRuntime, request: ApplyRequest): Promise<object> {
  const prior = decodeClientObject(request.prior_state);
  const planned = decodeClientObject(request.planned_state);
  const unchanged = { new_state: encodeClientObject(prior) };
  if (runtime.stopping) {
    return { ...unchanged, diagnostics: [error('oauth-clients: stopping', 'Terraform asked the provider to stop; this change was not started')] };
  }
  return runtime.track(async () => (planned ? applySpec(runtime, prior, planned) : destroy(runtime, prior)));
}

async function applySpec(runtime: ProviderRuntime, prior: ClientObject | null, planned: ClientObject): Promise<object> {
  const failed = (diagnostics: Diagnostic[]) => ({ new_state: encodeClientObject(prior), diagnostics });
  const decoded = specOf(plainSpec(planned));
  if (!decoded.ok) return failed(decoded.diagnostics);
  const { spec, subject } = decoded;
  try {
    const ctx = await runtime.contextFor(spec.host);
    const knownClientId = typeof prior?.client_id === 'string' ? prior.client_id : undefined;
    const outcome = await applyClient(ctx, spec, resourceIdOf(spec), knownClientId === undefined ? {} : { knownClientId });
    runtime.log(`oauth-clients apply ${subject}: ${outcome.action} client_id=${outcome.clientId}`);
    return {
      new_state: encodeClientObject({ spec: planned.spec, client_id: outcome.clientId, id: resourceIdOf(spec) }),
      diagnostics: outcome.warnings.map((text) => warning(`${subject}: ${text}`)),
    };
  } catch (failure) {
    return failed(failureDiagnostics(failure, subject, runtime.redactor));
  }
}

async function destroy(runtime: ProviderRuntime, prior: ClientObject | null): Promise<object> {
  if (!prior) return { new_state: encodeClientObject(null) };
  const decoded = specOf(plainSpec(prior));
  // Nothing we can manage (state from an import that never reached the declaration): forget it.
  if (!decoded.ok) return { new_state: encodeClientObject(null), diagnostics: [warning('oauth-clients: the state holds no valid spec; nothing was deleted at the provider')] };
  const { spec, subject } = decoded;
  try {
    const ctx = await runtime.contextFor(spec.host);
    // The state's client_id says the client exists: without a ledger record, destroy must not just forget it.
    const knownClientId = typeof prior.client_id === 'string' ? prior.client_id : undefined;
    const outcome = await destroyClient(ctx, spec, resourceIdOf(spec), knownClientId === undefined ? {} : { knownClientId });
    runtime.log(`oauth-clients destroy ${subject}: ${outcome.action}${outcome.clientId ? ` client_id=${outcome.clientId}` : ''}`);
    const diagnostics = outcome.action === 'not-owner' ? [warning(`${subject}: not deleted`, `the ledger says client ${outcome.clientId} is managed by another resource or stack; it was left alone`)] : [];
    return { new_state: encodeClientObject(null), diagnostics };
  } catch (failure) {
    return { new_state: encodeClientObject(prior), diagnostics: failureDiagnostics(failure, subject, runtime.redactor) };
  }
}
