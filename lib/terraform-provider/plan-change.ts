// PlanResourceChange: the declared spec as planned, `client_id` unknown until a create has run, and
// a replacement only when the client's identity (host name or key) changes: every other change is
// an update in place, as the backend applies it (same client_id, secret untouched).
import { containsUnknown, Dynamic, Unknown } from './private/cty-msgpack';
import { resourceIdOf } from './private/spec-of';
import { decodeClientObject, encodeClientObject, plainSpec, type ClientObject } from './resource-state';

interface PlanRequest {
  readonly prior_state?: { msgpack?: Buffer };
  readonly proposed_new_state?: { msgpack?: Buffer };
}

/** The attributes whose change makes a different client: `spec.host.name` and `spec.key`. */
const IDENTITY_PATHS = [
  { field: ['host', 'name'], steps: [{ attribute_name: 'spec' }, { attribute_name: 'host' }, { attribute_name: 'name' }] },
  { field: ['key'], steps: [{ attribute_name: 'spec' }, { attribute_name: 'key' }] },
];

export function planResourceChange(request: PlanRequest): object {
  const proposed = decodeClientObject(request.proposed_new_state);
  if (!proposed) return { planned_state: encodeClientObject(null) }; // destroy
  const prior = decodeClientObject(request.prior_state);
  const next = plainSpec(proposed);
  const known = proposed.spec instanceof Dynamic && !containsUnknown(proposed.spec) && next !== undefined;
  const id = known ? resourceIdOf(next as { host: { name: string }; key: string }) : new Unknown();
  const previous = plainSpec(prior);
  const replace = prior && previous && next ? IDENTITY_PATHS.filter((p) => JSON.stringify(at(previous, p.field)) !== JSON.stringify(at(next, p.field))) : [];

  let planned: ClientObject;
  if (!prior || replace.length > 0) {
    planned = { spec: proposed.spec, client_id: new Unknown(), id };
  } else {
    // An update keeps the client: its client_id is known now. (A client that vanished was already
    // dropped from state by the refresh before this plan, so it plans as a create.)
    planned = { spec: proposed.spec, client_id: prior.client_id ?? new Unknown(), id: prior.id ?? id };
  }
  return { planned_state: encodeClientObject(planned), requires_replace: replace.map((p) => ({ steps: p.steps })) };
}

function at(value: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = value;
  for (const part of path) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  return current;
}
