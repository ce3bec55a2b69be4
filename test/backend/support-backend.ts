// What the backend integration tests look at, the way a user or an application would: the host's
// store (exports, ledger), the provider's token endpoint and its JWKS, RFC 7592 management calls
// with the ledger's own credentials, and the lines the handler printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { recordKeys, type LedgerRecord } from '../../lib/backend';
import type { ClientSpec } from '../../lib/model';
import { openSecretStore, type SecretStoreBackend } from '../../lib/secrets';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { tempProject, type HandlerRun } from '../support/handler';
import { watchProvider, type ProviderView } from './support-crash-world';

/** The development server's API (DEV_SERVER_DEFAULTS.resource): every JWT access token's `aud`. */
export const DEV_API = 'urn:oauth-clients:dev-api';

/** Where the handler keeps its local journal copy (lib/backend/handler-runtime.ts). */
export const LOCAL_JOURNAL_DIRECTORY = '.oauth-clients/local-journal';

/** What `handle apply` exports: everything an application needs to get tokens. */
export interface ExportedCredentials {
  readonly client_id: string;
  readonly client_secret: string;
  readonly issuer: string;
  readonly token_endpoint: string;
}

/** The directory of the host's file store (these tests use the file store). */
export function fileStoreDirectory(spec: ClientSpec): string {
  if (spec.host.store.kind !== 'file') throw new Error(`expected a file store, got ${spec.host.store.kind}`);
  return spec.host.store.directory;
}

/** The host's store as the handler opens it (same key file, generated on first use). */
export function hostStore(projectRoot: string, spec: ClientSpec): Promise<SecretStoreBackend> {
  return openSecretStore(spec.host.store, { projectRoot, env: {} });
}

/** The local journal copy the handler keeps beside the store. */
export function localJournalStore(projectRoot: string): Promise<SecretStoreBackend> {
  return openSecretStore({ kind: 'file', directory: LOCAL_JOURNAL_DIRECTORY }, { projectRoot, env: {} });
}

export async function readExport(projectRoot: string, spec: ClientSpec): Promise<ExportedCredentials | undefined> {
  return (await (await hostStore(projectRoot, spec)).get(spec.secretExport.path)) as ExportedCredentials | undefined;
}

export async function readLedgerRecord(projectRoot: string, spec: ClientSpec): Promise<LedgerRecord | undefined> {
  return (await (await hostStore(projectRoot, spec)).get(recordKeys.ledger(spec.host.name, spec.key))) as LedgerRecord | undefined;
}

/** Fails the test with the handler's output when the ledger has no record for the client. */
export async function ledgerOf(projectRoot: string, spec: ClientSpec): Promise<LedgerRecord> {
  const ledger = await readLedgerRecord(projectRoot, spec);
  if (!ledger) throw new Error(`no ledger record for ${spec.host.name}/${spec.key}`);
  return ledger;
}

export async function exportOf(projectRoot: string, spec: ClientSpec): Promise<ExportedCredentials> {
  const exported = await readExport(projectRoot, spec);
  if (!exported) throw new Error(`nothing exported at ${spec.secretExport.path}`);
  return exported;
}

/** The file holding a store entry: compared byte by byte to tell "never rewritten" (JWE uses a fresh IV per write). */
export function entryFile(projectRoot: string, spec: ClientSpec, key: string): string {
  return path.join(projectRoot, fileStoreDirectory(spec), ...key.split('/')) + '.jwe';
}

export const exportBytes = (projectRoot: string, spec: ClientSpec): Buffer => fs.readFileSync(entryFile(projectRoot, spec, spec.secretExport.path));
export const ledgerBytes = (projectRoot: string, spec: ClientSpec): Buffer =>
  fs.readFileSync(entryFile(projectRoot, spec, recordKeys.ledger(spec.host.name, spec.key)));

/** The one line the handler printed for the client: `oauth-clients <action> <host>/<key>: <outcome> ...`. */
export function outcomeLine(run: HandlerRun, action: string, spec: ClientSpec): string {
  const prefix = `oauth-clients ${action} ${spec.host.name}/${spec.key}: `;
  const lines = run.stderr.split('\n').filter((line) => line.startsWith(prefix) && !line.slice(prefix.length).startsWith('warning:'));
  if (lines.length !== 1) throw new Error(`expected one outcome line starting '${prefix}', got:\n${run.stderr}`);
  return lines[0];
}

/** Fails the test with the handler's output when it did not exit 0. */
export function expectSuccess(run: HandlerRun): void {
  if (run.status !== 0) throw new Error(`handler exited ${run.status} (signal ${run.signal}):\n${run.stderr}${run.stdout}`);
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** RFC 6749 §4.4 client credentials with HTTP Basic client auth (§2.3.1: form-urlencoded id and secret). */
export async function clientCredentialsToken(credentials: Pick<ExportedCredentials, 'client_id' | 'client_secret' | 'token_endpoint'>, scope?: string): Promise<TokenAnswer> {
  const basic = Buffer.from(`${formEncode(credentials.client_id)}:${formEncode(credentials.client_secret)}`).toString('base64');
  const response = await fetch(credentials.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) }).toString(),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

const jwksByIssuer = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Verifies an access token as a resource server of the development API would: signature from the advertised jwks_uri, iss, aud, typ. */
export async function verifyAccessToken(issuer: string, token: string): Promise<JWTPayload> {
  let jwks = jwksByIssuer.get(issuer);
  if (!jwks) {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
    jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    jwksByIssuer.set(issuer, jwks);
  }
  const { payload } = await jwtVerify(token, jwks, { issuer, audience: DEV_API, typ: 'at+jwt' });
  return payload;
}

/** Gets a token for `scope` and verifies it; fails the test with the provider's answer otherwise. */
export async function verifiedToken(issuer: string, credentials: ExportedCredentials, scope: string): Promise<JWTPayload> {
  const answer = await clientCredentialsToken(credentials, scope);
  if (answer.status !== 200) throw new Error(`token endpoint answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return verifyAccessToken(issuer, answer.body.access_token as string);
}

/** RFC 7592 §2 management call with the registration access token the ledger holds. */
export async function manage(ledger: Pick<LedgerRecord, 'handle'>, method: 'GET' | 'DELETE', token = ledger.handle.registrationAccessToken): Promise<TokenAnswer> {
  const response = await fetch(ledger.handle.registrationClientUri, { method, headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Every regular file below `root`, skipping the directories in `except` (absolute paths). */
export function filesBelow(root: string, except: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (except.includes(full)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** What a test file of this folder shares: one real development server, fresh project roots. */
export interface DevServerWorld {
  /** The started server (read it inside tests, after beforeAll). */
  readonly server: Pick<DevServerProcess, 'issuer' | 'initialAccessToken' | 'dataDir'>;
  /** A fresh project root: its own store, ledger and local journal; removed after the file. */
  project(): string;
  /**
   * How many clients the server holds, counted in its storage next to a canary client registered
   * at start (support-crash-world.ts watchProvider): never 0 because the listing saw nothing.
   */
  clientCount(): Promise<number>;
}

/** Starts the development server before the file's tests and removes everything after them. */
export function givenDevServer(projectPrefix: string): DevServerWorld {
  let started: DevServerProcess | undefined;
  let provider: ProviderView | undefined;
  const projects: string[] = [];
  beforeAll(async () => {
    started = await startDevServerProcess();
    provider = await watchProvider(started);
  });
  afterAll(async () => {
    await started?.stop();
    for (const project of projects) fs.rmSync(project, { recursive: true, force: true });
  });
  const live = (): DevServerProcess => {
    if (!started) throw new Error('the development server starts in beforeAll');
    return started;
  };
  return {
    server: {
      get issuer() { return live().issuer; },
      get initialAccessToken() { return live().initialAccessToken; },
      get dataDir() { return live().dataDir; },
    },
    project() {
      const root = tempProject(projectPrefix);
      projects.push(root);
      return root;
    },
    async clientCount() {
      if (!provider) throw new Error('the development server starts in beforeAll');
      return (await provider.clients()).length;
    },
  };
}
