// An empty or already-taken construct id makes the constructs library throw from `super()`, which
// ends the synth with its own message and hides every other error. Our constructs take a
// stand-in id instead and report the id as a validation issue, with the others.
import type { Construct } from 'constructs';
import type { ValidationIssue } from '../../model';

const pending = new WeakMap<Construct, Map<string, ValidationIssue>>();

/** The id to give `super()`: `id` itself when usable, else a free stand-in whose issue `idIssue` returns. */
export function usableId(scope: Construct, id: string, kind: string): string {
  if (typeof id === 'string' && id !== '' && !scope.node.tryFindChild(id)) return id;
  const base = typeof id === 'string' && id !== '' ? `${id}.duplicate` : 'empty-id';
  let standIn = base;
  for (let n = 2; scope.node.tryFindChild(standIn); n++) standIn = `${base}-${n}`;
  const where = scope.node.path || 'the app';
  const issue: ValidationIssue =
    typeof id !== 'string' || id === ''
      ? { code: 'OAC_CONSTRUCT_ID', field: 'id', message: `construct ids must not be empty (${kind} in ${where})` }
      : { code: 'OAC_CONSTRUCT_ID', field: 'id', message: `'${id}' is already the id of ${scope.node.tryFindChild(id)!.node.path}: construct ids are unique within ${where}` };
  const byId = pending.get(scope) ?? new Map<string, ValidationIssue>();
  byId.set(standIn, issue);
  pending.set(scope, byId);
  return standIn;
}

/** The id issue of a construct created with a stand-in id, if any. */
export function idIssues(construct: Construct): ValidationIssue[] {
  const scope = construct.node.scope;
  const issue = scope ? pending.get(scope)?.get(construct.node.id) : undefined;
  return issue ? [issue] : [];
}
