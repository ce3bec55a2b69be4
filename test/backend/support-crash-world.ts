// What the crash-safety and fault stories look at after a handler run, the way an operator
// would: the clients the provider really holds (read from the development server's file-backed
// storage, lib/devserver/file-adapter.ts), the backend's records and exports in the project's
// store, and whether an exported secret really gets a token.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { recordKeys } from '../../lib/backend';
import type { ClientSpec } from '../../lib/model';
import { fileStoreDirectory } from './support-backend';
import { openSecretStore, type SecretStoreBackend, type StoredValue } from '../../lib/secrets';
import type { FaultProxy, ProxiedRequest } from '../support/fault-proxy';

/** Where the handler keeps its local copy of the journal (lib/backend/handler-runtime.ts). */
const LOCAL_JOURNAL_DIRECTORY = '.oauth-clients/local-journal';

/** A client as the development server stores it: RFC 7591 metadata plus credentials. */
export interface ProviderClient {
  readonly client_id: string;
  readonly client_name?: string;
  readonly client_secret?: string;
}

/** The clients a development server holds, as its operator would list them. */
export interface ProviderView {
  /** A client registered when the view was made: every listing must show it. */
  readonly canaryClientId: string;
  /** Every live client; throws when the listing does not show the canary. */
  clients(): Promise<ProviderClient[]>;
  /** The live clients of that name; [] is trustworthy because the canary was seen in the same listing. */
  clientsNamed(clientName: string): Promise<ProviderClient[]>;
}

/**
 * Registers a canary client through the server's own RFC 7591 endpoint and returns a view that
 * reads `<dataDir>/store/Client/*.json` (one `{ id, payload, expiresAt? }` file per client,
 * lib/devserver/file-adapter.ts). Reading the storage rather than asking over HTTP: RFC 7591/7592
 * offer no listing, and this sees orphans no handle points at. The canary makes "no client" mean
 * something: a listing of a moved or missing folder would count 0 and prove every "nothing was
 * registered" story; here it throws instead.
 */
export async function watchProvider(server: { readonly issuer: string; readonly initialAccessToken: string; readonly dataDir: string }): Promise<ProviderView> {
  const canaryClientId = await registerCanary(server.issuer, server.initialAccessToken);
  const clients = async (): Promise<ProviderClient[]> => {
    const listed = await readProviderClients(server.dataDir);
    if (!listed.some((client) => client.client_id === canaryClientId)) {
      throw new Error(`the development server's storage under ${server.dataDir} does not list the canary client ${canaryClientId}: counting clients there proves nothing`);
    }
    return listed;
  };
  return {
    canaryClientId,
    clients,
    clientsNamed: async (clientName) => (await clients()).filter((client) => client.client_name === clientName),
  };
}

/** The name of every canary: no story names its clients so. */
export const CANARY_CLIENT_NAME = 'canary: the listing sees clients';

async function registerCanary(issuer: string, initialAccessToken: string): Promise<string> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { registration_endpoint: string };
  const response = await fetch(discovery.registration_endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${initialAccessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: CANARY_CLIENT_NAME, grant_types: ['client_credentials'], response_types: [], token_endpoint_auth_method: 'client_secret_basic' }),
  });
  const body = (await response.json()) as { client_id?: string };
  if (response.status !== 201 || typeof body.client_id !== 'string') throw new Error(`registering the canary client answered ${response.status}: ${JSON.stringify(body)}`);
  return body.client_id;
}

/** Every live client in the storage folder; a missing folder is an error, not an empty list. */
async function readProviderClients(dataDir: string): Promise<ProviderClient[]> {
  const folder = join(dataDir, 'store', 'Client');
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(`the development server's client storage ${folder} is missing (moved?): counting clients there proves nothing`);
  }
  const clients: ProviderClient[] = [];
  for (const file of names.filter((name) => name.endsWith('.json'))) {
    let entry: { payload: ProviderClient; expiresAt?: number };
    try {
      entry = JSON.parse(await readFile(join(folder, file), 'utf8')) as typeof entry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted while listing
      throw error;
    }
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) continue;
    clients.push(entry.payload);
  }
  return clients;
}

/** The backend's view of one client in a project: its records, its export, the other exports. */
export interface BackendState {
  readonly ledger?: StoredValue;
  readonly intent?: StoredValue;
  readonly journal?: StoredValue;
  /** The handler's local copy of the journal, beside the store. */
  readonly localJournal?: StoredValue;
  /** What the spec's export path holds. */
  readonly exported?: StoredValue;
  /** Every key in the store outside the backend's reserved prefix: the exports. */
  readonly exportKeys: readonly string[];
}

/** Reads the store the way the handler does (key file in the store, no key env var). */
export async function backendState(projectRoot: string, spec: ClientSpec): Promise<BackendState> {
  const ids = [spec.host.name, spec.key] as const;
  const store = await openIfPresent(projectRoot, fileStoreDirectory(spec));
  const local = await openIfPresent(projectRoot, LOCAL_JOURNAL_DIRECTORY);
  if (!store) return { exportKeys: [], ...(local ? { localJournal: await local.get(recordKeys.journal(...ids)) } : {}) };
  const keys = await store.list('');
  return {
    ledger: await store.get(recordKeys.ledger(...ids)),
    intent: await store.get(recordKeys.intent(...ids)),
    journal: await store.get(recordKeys.journal(...ids)),
    localJournal: local ? await local.get(recordKeys.journal(...ids)) : undefined,
    exported: await store.get(spec.secretExport.path),
    exportKeys: keys.filter((key) => !key.startsWith('_oauth-clients/')),
  };
}

/** Opens a file store without creating it: a missing directory means nothing was written. */
async function openIfPresent(projectRoot: string, directory: string): Promise<SecretStoreBackend | undefined> {
  if (!existsSync(join(projectRoot, directory, '.store-key'))) return undefined;
  return openSecretStore({ kind: 'file', directory }, { projectRoot, env: {} });
}

/** The outcome of a client_credentials grant with exported credentials. */
export interface TokenAttempt {
  readonly status: number;
  readonly body: { readonly access_token?: string; readonly scope?: string; readonly error?: string };
}

/** Asks the exported token endpoint for a token with the exported id and secret (RFC 6749 §4.4). */
export async function clientCredentialsToken(exported: StoredValue | undefined, scope = 'tstapp_data.read'): Promise<TokenAttempt> {
  if (typeof exported?.token_endpoint !== 'string' || typeof exported.client_id !== 'string' || typeof exported.client_secret !== 'string') {
    throw new Error(`not a complete export: ${JSON.stringify(Object.keys(exported ?? {}))}`);
  }
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
  const basic = Buffer.from(`${encodeURIComponent(exported.client_id)}:${encodeURIComponent(exported.client_secret)}`).toString('base64');
  const response = await fetch(exported.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  return { status: response.status, body: (await response.json()) as TokenAttempt['body'] };
}

/** A client name no other test of the shared server uses. */
export const uniqueName = (prefix: string): string => `${prefix} ${randomUUID().slice(0, 8)}`;

/** A loopback port nothing listens on (taken and released at once). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A proxied request with the time the proxy recorded it (arrival for canned answers, response for forwarded ones). */
export interface StampedRequest extends ProxiedRequest {
  readonly at: number;
}

/**
 * Timestamps what the fault proxy records from now on, so a story can measure how long the
 * handler waited between attempts. Returns the live list of stamped requests.
 */
export function stampRequests(proxy: FaultProxy): StampedRequest[] {
  const stamped: StampedRequest[] = [];
  const requests = proxy.requests;
  const push = requests.push.bind(requests);
  requests.push = (...items: ProxiedRequest[]) => {
    for (const item of items) stamped.push({ ...item, at: Date.now() });
    return push(...items);
  };
  return stamped;
}

/**
 * Points the ledger's RFC 7592 management handle at `origin` (keeping the path), so read, update
 * and delete calls go through the fault proxy. Needed because the development server names its
 * own port in every registration_client_uri and cannot be given an issuer apart from the port it
 * listens on; this is what a provider behind a reverse proxy would have answered.
 */
export async function routeManagementThrough(projectRoot: string, spec: ClientSpec, origin: string): Promise<void> {
  const store = await openSecretStore({ kind: 'file', directory: fileStoreDirectory(spec) }, { projectRoot, env: {} });
  const key = recordKeys.ledger(spec.host.name, spec.key);
  const ledger = await store.get(key);
  const handle = ledger?.handle as Record<string, string> | undefined;
  if (!ledger || !handle?.registrationClientUri) throw new Error(`no ledger record with a management handle at ${key}`);
  const uri = new URL(handle.registrationClientUri);
  await store.put(key, { ...ledger, handle: { ...handle, registrationClientUri: `${origin}${uri.pathname}` } });
}

/**
 * What tells one write of a file-store entry from another: the atomic writer puts every write in
 * a new file renamed over the old one (a new inode, a new mtime), and JWE draws a fresh IV per
 * write (new bytes), so an entry rewritten with equal values still changes all three.
 */
export interface EntryStamp {
  readonly inode: bigint;
  readonly mtimeNs: bigint;
  readonly sha256: string;
}

/** The stamp of the file holding the spec's export, or undefined when nothing is exported. */
export function exportStamp(projectRoot: string, spec: ClientSpec): EntryStamp | undefined {
  const file = join(projectRoot, fileStoreDirectory(spec), ...spec.secretExport.path.split('/')) + '.jwe';
  if (!existsSync(file)) return undefined;
  const stats = statSync(file, { bigint: true });
  return { inode: stats.ino, mtimeNs: stats.mtimeNs, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/** Writes `value` at the spec's export path the way someone outside the backend would. */
export async function putAtExportPath(projectRoot: string, spec: ClientSpec, value: StoredValue): Promise<void> {
  const store = await openSecretStore({ kind: 'file', directory: fileStoreDirectory(spec) }, { projectRoot, env: {} });
  await store.put(spec.secretExport.path, value);
}

/** Removes whatever the spec's export path holds, as an operator moving a foreign value away would. */
export async function clearExportPath(projectRoot: string, spec: ClientSpec): Promise<void> {
  const store = await openSecretStore({ kind: 'file', directory: fileStoreDirectory(spec) }, { projectRoot, env: {} });
  await store.delete(spec.secretExport.path);
}
