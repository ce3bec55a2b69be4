// Compares the clients of two revisions, per host: which were added, removed or changed, and
// what changed in each. Identity is host name + client key (ClientSpec.key), nothing else.
import { canonicalJson, type ClientSpec } from '../model';
import { identityOf, type ClientSet, type DeclaredClient } from './declared-clients';
import type { Change, ClientEntry, ClientSummary, HostEntry } from './report-schema';
import { specChanges } from './spec-changes';

/** One client that differs between the revisions; the flags are read from these. */
export interface ClientPair {
  readonly before?: DeclaredClient;
  readonly after?: DeclaredClient;
  /** For a removed client: the added one that probably replaces it (a renamed construct). */
  readonly renamedTo?: string;
}

export interface Comparison {
  readonly hosts: HostEntry[];
  readonly pairs: ClientPair[];
}

export function compareClients(base: ClientSet, head: ClientSet): Comparison {
  const renames = likelyRenames(base, head);
  const byHost = new Map<string, { before: DeclaredClient[]; after: DeclaredClient[] }>();
  const side = (name: string) => byHost.get(name) ?? byHost.set(name, { before: [], after: [] }).get(name)!;
  for (const client of base.values()) side(client.spec.host.name).before.push(client);
  for (const client of head.values()) side(client.spec.host.name).after.push(client);

  const hosts: HostEntry[] = [];
  const pairs: ClientPair[] = [];
  for (const name of [...byHost.keys()].sort()) {
    const { before, after } = byHost.get(name)!;
    const hostBefore = representativeHost(before);
    const hostAfter = representativeHost(after);
    const hostChanges = hostBefore && hostAfter ? specChanges(hostBefore, hostAfter) : [];
    const clients: ClientEntry[] = [];
    for (const key of sortedKeys(before, after)) {
      const was = before.find((c) => c.spec.key === key);
      const is = after.find((c) => c.spec.key === key);
      if (is && !was) {
        const renameOf = renames.byAdded.get(identityOf(is.spec));
        clients.push({ status: 'added', ...where(is), summary: summaryOf(is.spec), ...(renameOf ? { likelyRenameOf: renameOf } : {}) });
        pairs.push({ after: is });
      } else if (was && !is) {
        const renamedTo = renames.byRemoved.get(identityOf(was.spec));
        clients.push({ status: 'removed', ...where(was), summary: summaryOf(was.spec), ...(renamedTo ? { likelyRenamedTo: renamedTo } : {}) });
        pairs.push({ before: was, ...(renamedTo ? { renamedTo } : {}) });
      } else if (was && is) {
        const changes = ownChanges(specChanges(was.spec, is.spec), hostChanges);
        if (changes.length > 0) clients.push({ status: 'changed', ...where(is), changes });
        if (changes.length > 0 || hostChanges.length > 0) pairs.push({ before: was, after: is });
      }
    }
    if (hostChanges.length > 0 || clients.length > 0) {
      hosts.push({ name, environment: (hostAfter ?? hostBefore)!.environment, changes: hostChanges, clients });
    }
  }
  return { hosts, pairs };
}

/** A client's host changes are reported once for the host, unless this client's differ from the rest. */
function ownChanges(changes: Change[], hostChanges: Change[]): Change[] {
  const inHost = changes.filter((c) => c.path[0] === 'host');
  const own = changes.filter((c) => c.path[0] !== 'host');
  const sameAsHost = JSON.stringify(inHost.map((c) => ({ ...c, path: c.path.slice(1) }))) === JSON.stringify(hostChanges);
  return sameAsHost ? own : [...own, ...inHost];
}

/** Every client of one host carries the same HostSpec (one Host construct); take the first by key. */
function representativeHost(clients: DeclaredClient[]): ClientSpec['host'] | undefined {
  return [...clients].sort((a, b) => compare(a.spec.key, b.spec.key))[0]?.spec.host;
}

const where = (client: DeclaredClient) => ({ key: client.spec.key, stack: client.stack, resource: client.resource });

function sortedKeys(before: DeclaredClient[], after: DeclaredClient[]): string[] {
  return [...new Set([...before, ...after].map((c) => c.spec.key))].sort(compare);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function summaryOf(spec: ClientSpec): ClientSummary {
  return {
    clientName: spec.clientName,
    grantTypes: [...spec.grantTypes],
    scopes: [...spec.scopes],
    redirectUrls: [...spec.redirectUrls],
    postLogoutRedirectUrls: [...spec.postLogoutRedirectUrls],
    publicClient: spec.publicClient,
    tokenEndpointAuthMethod: spec.tokenEndpointAuthMethod,
    requirePkce: spec.requirePkce,
    removalPolicy: spec.removalPolicy,
    secretExportPath: spec.secretExport.path,
  };
}

/**
 * A renamed construct id changes the default key (the construct path), so the provider sees a
 * new client. Pair a removed and an added client of one host when nothing but their names differ,
 * so the report can say so; ambiguous matches are left unpaired.
 */
function likelyRenames(base: ClientSet, head: ClientSet): { byAdded: Map<string, string>; byRemoved: Map<string, string> } {
  const removed = [...base.entries()].filter(([id]) => !head.has(id));
  const added = [...head.entries()].filter(([id]) => !base.has(id));
  const byAdded = new Map<string, string>();
  const byRemoved = new Map<string, string>();
  for (const [addedId, addedClient] of added) {
    const shape = shapeOf(addedClient.spec);
    const matches = removed.filter(([, r]) => shapeOf(r.spec) === shape);
    if (matches.length !== 1) continue;
    const [removedId, removedClient] = matches[0];
    if (added.filter(([, a]) => shapeOf(a.spec) === shape).length !== 1) continue;
    byAdded.set(addedId, removedClient.spec.key);
    byRemoved.set(removedId, addedClient.spec.key);
  }
  return { byAdded, byRemoved };
}

/** What a client is, without the names a construct rename changes. */
function shapeOf(spec: ClientSpec): string {
  const { key: _key, clientName: _name, secretExport: _export, stack: _stack, ...rest } = spec;
  // The two sides come from different revisions of the code: key order must not matter.
  return canonicalJson(rest);
}
