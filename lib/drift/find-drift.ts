// Every declared client against its ledger record and the provider, and every ledger record
// against the declarations: what differs, and the command that fixes it. Reads only, except that a
// management token the provider rotates on a read is kept in the ledger (it would be lost otherwise).
import type { DeclaredClient } from '../audit/declared-clients';
import { confirmGone, listLedger, observedDifferences, readIntent, writeLedger, type HandlerContext, type LedgerRecord } from '../backend';
import { canonicalJson, ledgerStoreOf, type ClientSpec, type HostSpec, type StoreSpec } from '../model';
import { ListingUnavailable, type ListedClient, type ManagementHandle, type ObservedClient } from '../providers';
import type { SecretStoreBackend as SecretStore } from '../secrets';
import type { Finding, FieldDrift } from './drift-report';
import type { FixCommands, StackShape } from './fix-commands';

export interface DriftDependencies {
  openStore(spec: StoreSpec): Promise<SecretStore>;
  contextFor(host: HostSpec, store: SecretStore): Promise<HandlerContext>;
}

export interface DriftInput {
  readonly declared: readonly DeclaredClient[];
  readonly stacks: ReadonlyMap<string, StackShape>;
  /** Only ledger records of this stack count as undeclared. @default - every stack */
  readonly stack?: string;
  readonly fixes: FixCommands;
}

export interface DriftResult {
  readonly findings: Finding[];
  readonly notChecked: string[];
}

const identity = (host: string, key: string) => `${host}\u0000${key}`;

export async function findDrift(deps: DriftDependencies, input: DriftInput): Promise<DriftResult> {
  const findings: Finding[] = [];
  const notChecked: string[] = [];
  // One pass per store: the declared clients whose host keeps its ledger there.
  const byStore = new Map<string, { spec: StoreSpec; clients: DeclaredClient[] }>();
  for (const client of input.declared) {
    const ledgerStore = ledgerStoreOf(client.spec.host);
    const id = canonicalJson(ledgerStore);
    (byStore.get(id) ?? byStore.set(id, { spec: ledgerStore, clients: [] }).get(id)!).clients.push(client);
  }
  for (const { spec, clients } of byStore.values()) {
    const store = await deps.openStore(spec);
    const records = await listLedger(store);
    const recorded = new Map(records.map((r) => [identity(r.host, r.key), r]));
    const contexts = new Map<string, HandlerContext>();
    const contextOf = async (host: HostSpec) => contexts.get(host.name) ?? contexts.set(host.name, await deps.contextFor(host, store)).get(host.name)!;

    for (const client of clients) {
      const ledger = recorded.get(identity(client.spec.host.name, client.spec.key));
      findings.push(...(await checkClient(await contextOf(client.spec.host), client, ledger, input)));
    }
    for (const host of uniqueHosts(clients)) {
      const result = await duplicates(await contextOf(host), clients.filter((c) => c.spec.host.name === host.name), records, input);
      if (result === undefined) notChecked.push(`duplicates on host ${host.name}: its API cannot list clients`);
      else findings.push(...result);
    }
    const declared = new Set(input.declared.map((c) => identity(c.spec.host.name, c.spec.key)));
    for (const record of records) {
      if (declared.has(identity(record.host, record.key)) || (input.stack !== undefined && record.stack !== input.stack)) continue;
      findings.push({
        kind: 'undeclared',
        host: record.host,
        key: record.key,
        stack: record.stack,
        clientId: record.clientId,
        detail: `the ledger in ${store.description} manages this client, but the app no longer declares it (removal policy ${record.spec.removalPolicy})`,
        fix: input.fixes.prune(input.stacks.get(record.stack), record.stack, record.clientId, record.spec.host.issuer),
      });
    }
  }
  return { findings, notChecked };
}

async function checkClient(ctx: HandlerContext, client: DeclaredClient, ledger: LedgerRecord | undefined, input: DriftInput): Promise<Finding[]> {
  const { spec } = client;
  const where = { host: spec.host.name, key: spec.key, stack: client.stack, resource: client.resource };
  const shape = input.stacks.get(client.stack);
  if (!ledger) {
    const intent = await readIntent(ctx.ledgerStore, { host: spec.host.name, key: spec.key });
    const detail = intent
      ? `a first apply started at ${intent.at} and recorded no client; the next deploy finishes it (and warns if the provider may hold an unmanaged client)`
      : `no client is recorded in ${ctx.ledgerStore.description}: not deployed yet, or its deploy failed`;
    return [{ kind: 'missing', ...where, detail, fix: input.fixes.deploy(client.stack) }];
  }
  let current = ledger;
  const persist = async (handle: ManagementHandle) => {
    current = { ...current, handle, updatedAt: ctx.now().toISOString() };
    await writeLedger(ctx.ledgerStore, current);
  };
  const seen: ObservedClient | 'present' | 'gone' = ctx.adapter.observe
    ? await ctx.adapter.observe(ledger.spec, ledger.clientId, ledger.handle, persist)
    : await ctx.adapter.read(ledger.spec, ledger.clientId, ledger.handle);
  const base = { ...where, clientId: ledger.clientId };
  if (seen === 'gone') {
    const state = await confirmGone(ctx, ledger);
    const rerun = input.fixes.rerun(shape, client.resource, client.stack);
    if (state === 'gone') {
      return [{ kind: 'vanished', ...base, detail: `the provider no longer has client ${ledger.clientId}; the next apply of it creates a new client and exports its credentials`, fix: rerun }];
    }
    const why = state === 'present' ? 'the client still answers at the token endpoint' : 'whether the client still exists cannot be confirmed';
    return [{
      kind: 'unmanageable',
      ...base,
      detail: `the provider refuses the recorded management token (an update whose answer was lost, if it rotates tokens), and ${why}`,
      fix: `${rerun}  (the development server issues a new token on that run; elsewhere delete client ${ledger.clientId} at ${spec.host.issuer} first: the apply then creates a new client and replaces its export)`,
    }];
  }
  const fields = [...ledgerDrift(spec, ledger.spec), ...(seen === 'present' ? [] : providerDrift(spec, ledger.spec, seen))];
  if (fields.length === 0) return [];
  const notApplied = fields.some((f) => f.at === 'ledger');
  return [{
    kind: 'stale',
    ...base,
    detail: notApplied ? 'the declaration differs from what was last applied' : 'the client at the provider differs from the declaration (changed outside this project)',
    fields,
    fix: notApplied ? input.fixes.deploy(client.stack) : input.fixes.rerun(shape, client.resource, client.stack),
  }];
}

/** Declared fields whose value differs from the last applied spec (the ledger's). */
function ledgerDrift(declared: ClientSpec, applied: ClientSpec): FieldDrift[] {
  const fields = [...new Set([...Object.keys(declared), ...Object.keys(applied)])].sort() as (keyof ClientSpec)[];
  return fields
    .filter((field) => canonicalJson(declared[field]) !== canonicalJson(applied[field]))
    .map((field) => ({ field, at: 'ledger' as const, declared: declared[field], actual: applied[field] }));
}

/** Fields the provider holds with a value that is neither the declared one nor the last applied one: changed there. */
function providerDrift(declared: ClientSpec, applied: ClientSpec, observed: ObservedClient): FieldDrift[] {
  return observedDifferences(declared, observed)
    .filter((field) => canonicalJson(observed.fields[field]) !== canonicalJson(applied[field]) || canonicalJson(declared[field]) === canonicalJson(applied[field]))
    .map((field) => ({ field, at: 'provider' as const, declared: declared[field], actual: observed.fields[field] }));
}

/**
 * Clients at the provider with a declared client's name that no ledger record of the host
 * manages: a second client for the key (a create whose answer was lost, a ledger restored from an
 * old backup). Undefined when the provider cannot list.
 */
async function duplicates(ctx: HandlerContext, clients: DeclaredClient[], records: LedgerRecord[], input: DriftInput): Promise<Finding[] | undefined> {
  if (!ctx.adapter.list) return undefined;
  const listed: ListedClient[] = [];
  try {
    for await (const client of ctx.adapter.list(clients[0].spec)) listed.push(client);
  } catch (error) {
    if (error instanceof ListingUnavailable) return undefined;
    throw error;
  }
  const host = clients[0].spec.host.name;
  const managed = new Set(records.filter((r) => r.host === host).map((r) => r.clientId));
  const findings: Finding[] = [];
  for (const client of clients) {
    const ledger = records.find((r) => r.host === host && r.key === client.spec.key);
    const names = new Set([client.spec.clientName, ...(ledger ? [ledger.spec.clientName] : [])]);
    for (const other of listed.filter((c) => c.clientName !== undefined && names.has(c.clientName) && !managed.has(c.clientId))) {
      findings.push({
        kind: 'duplicated',
        host,
        key: client.spec.key,
        stack: client.stack,
        resource: client.resource,
        clientId: other.clientId,
        detail: `the provider holds client ${other.clientId} named '${other.clientName}', which no ledger record manages${ledger ? ` (the managed one is ${ledger.clientId})` : ''}; its credentials were never exported`,
        fix: input.fixes.deleteAtProvider(client.spec, other.clientId, !ctx.adapter.capabilities.canList),
      });
    }
  }
  return findings;
}

function uniqueHosts(clients: readonly DeclaredClient[]): HostSpec[] {
  const hosts = new Map<string, HostSpec>();
  for (const c of clients) if (!hosts.has(c.spec.host.name)) hosts.set(c.spec.host.name, c.spec.host);
  return [...hosts.values()];
}
