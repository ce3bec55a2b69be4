// Every difference between two specs, field by field. The walk is generic on purpose: a field
// added to the ClientSpec later shows up in the audit without anyone remembering to add it here.
import type { Change } from './report-schema';

/** Lists the canonical spec sorts and de-duplicates: their order carries no meaning. */
const SET_FIELDS = new Set(['grantTypes', 'scopes', 'redirectUrls', 'postLogoutRedirectUrls', 'contacts']);

/** Top-level fields in the order a reviewer wants them: what the client may do, then where it points, then the rest. */
const REVIEW_ORDER = [
  'scopes',
  'grantTypes',
  'requirePkce',
  'publicClient',
  'tokenEndpointAuthMethod',
  'redirectUrls',
  'postLogoutRedirectUrls',
  'accessTokenLifetimeSeconds',
  'customClaims',
  'secretExport',
  'removalPolicy',
  'stack',
  'clientName',
  'description',
  'applicationType',
  'policyUrl',
  'termsOfServiceUrl',
  'logoUrl',
  'contacts',
];

type Leaf = Extract<Change, { kind: 'value' }>['before'];

/** The changes from `before` to `after` (two specs, or two parts of specs at `path`), in field order. */
export function specChanges(before: unknown, after: unknown, path: readonly string[] = []): Change[] {
  const changes: Change[] = [];
  walk(before, after, [...path], changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string[], out: Change[]): void {
  if ((isRecord(before) || before === undefined) && (isRecord(after) || after === undefined) && (isRecord(before) || isRecord(after))) {
    const a = (before ?? {}) as Record<string, unknown>;
    const b = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(path.length === 0 ? byReviewOrder : byName);
    for (const key of keys) walk(a[key], b[key], [...path, key], out);
    return;
  }
  if (SET_FIELDS.has(path[path.length - 1]) && isStringList(before ?? []) && isStringList(after ?? [])) {
    const was = new Set((before ?? []) as string[]);
    const is = new Set((after ?? []) as string[]);
    const added = [...is].filter((v) => !was.has(v));
    const removed = [...was].filter((v) => !is.has(v));
    if (added.length > 0 || removed.length > 0) out.push({ kind: 'set', path, added, removed });
    return;
  }
  const was = toLeaf(before);
  const is = toLeaf(after);
  if (JSON.stringify(was) !== JSON.stringify(is)) out.push({ kind: 'value', path, before: was, after: is });
}

const rank = (field: string) => (REVIEW_ORDER.includes(field) ? REVIEW_ORDER.indexOf(field) : REVIEW_ORDER.length);
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Known fields first, in review order; any other (a field added to the spec later) after them, by name. */
const byReviewOrder = (a: string, b: string) => rank(a) - rank(b) || byName(a, b);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Absent is null; anything the report's leaf type cannot hold is shown as its JSON text. */
function toLeaf(value: unknown): Leaf {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isStringList(value)) return [...value];
  return JSON.stringify(value);
}
