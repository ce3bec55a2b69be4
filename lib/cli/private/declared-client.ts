// `<stack>/<client>` → the declared client: its spec as Terraform hands it to the backend (read
// from the synthesized stack, cdktf.out by default), its host, the host's store opened through
// openSecretStore (so every store kind works) and the credentials exported there on the client's
// first apply. The one resolver the credentials, token and login verbs share (contract C4).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findProjectDirectory, readCdktfConfig } from '../../audit/cdktf-project';
import { readStackClients, type DeclaredClient } from '../../audit/declared-clients';
import { synthesizeApp } from '../../audit/synthesize-app';
import { ExportedCredentialsSchema, type ExportedCredentials } from '../../backend/export-value';
import type { ClientSpec, HostSpec } from '../../model';
import { openSecretStore } from '../../secrets';
import { EXIT } from '../verbs';
import { CliError } from './cli-error';

export interface ClientRef {
  readonly stack: string;
  /** The client's construct path in the stack (`tstapp-spa`), or its key. */
  readonly client: string;
}

export interface ResolvedClient {
  /** As the user wrote it: `tstapp-dev/tstapp-spa`. */
  readonly ref: string;
  readonly spec: ClientSpec;
  readonly host: HostSpec;
  /** Where the credentials were exported in the host's store. */
  readonly exportPath: string;
  /** The cdktf project (the directory holding cdktf.json); store paths are relative to it. */
  readonly projectRoot: string;
}

export interface ResolveOptions {
  /** Where the command runs; the project is the nearest directory at or above it with cdktf.json. */
  readonly cwd: string;
  /** Synthesize the app afresh instead of reading the synthesized output of the last synth or deploy. @default false */
  readonly synth?: boolean;
  /** One line of progress for the user (stderr). */
  readonly log?: (line: string) => void;
}

export interface ReadCredentials {
  readonly credentials: ExportedCredentials;
  /** The store's description, for messages: "file store .oauth-clients/store". */
  readonly store: string;
}

/** Stack names are cdktf construct ids (no '/'); the rest is the client, which may hold '/' (a key). */
export function parseClientRef(text: string): ClientRef {
  const cut = text.indexOf('/');
  if (cut <= 0 || cut === text.length - 1) {
    throw new CliError(`expected <stack>/<client> (e.g. tstapp-dev/tstapp-service), got '${text}'`, EXIT.usage);
  }
  return { stack: text.slice(0, cut), client: text.slice(cut + 1) };
}

export async function resolveDeclaredClient(refText: string, options: ResolveOptions): Promise<ResolvedClient> {
  const ref = parseClientRef(refText);
  const projectRoot = findProjectDirectory(options.cwd);
  if (!projectRoot) throw new CliError(`no cdktf.json in ${options.cwd} or above: run this in your cdktf project`, EXIT.usage);
  const clients = await stackClients(projectRoot, ref.stack, options);
  const found = clients.filter((c) => c.spec.key === ref.client || c.spec.key === `${ref.stack}/${ref.client}` || c.constructPath === ref.client);
  const names = clients.map(describeClient).join(', ') || 'none';
  if (found.length === 0) throw new CliError(`stack '${ref.stack}' declares no client '${ref.client}' (its clients: ${names})`, EXIT.usage);
  if (found.length > 1) throw new CliError(`'${ref.client}' names ${found.length} clients of stack '${ref.stack}': ${found.map(describeClient).join(', ')}; use the key`, EXIT.usage);
  const { spec } = found[0];
  return { ref: refText, spec, host: spec.host, exportPath: spec.secretExport.path, projectRoot };
}

/** Reads the client's export from its host's store; a missing or malformed export is a clear error. */
export async function readExportedCredentials(client: ResolvedClient, env: NodeJS.ProcessEnv): Promise<ReadCredentials> {
  const store = await openSecretStore(client.host.store, { projectRoot: client.projectRoot, env });
  // A database store keeps a connection open: release it once the one value is read.
  const value = await store.get(client.exportPath).finally(() => store.close?.());
  if (value === undefined) {
    throw new CliError(
      `no credentials for ${client.ref} at '${client.exportPath}' in ${store.description}: they are exported on the client's first apply ` +
        `(run 'cdktf deploy ${client.spec.stack}'); if it was deployed from another machine, point the host's store at the same place`,
    );
  }
  const parsed = ExportedCredentialsSchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(value)'))].join(', ');
    throw new CliError(`the export of ${client.ref} at '${client.exportPath}' in ${store.description} is not in the export format (fields: ${fields})`);
  }
  return { credentials: parsed.data as ExportedCredentials, store: store.description };
}

async function stackClients(projectRoot: string, stack: string, options: ResolveOptions): Promise<DeclaredClient[]> {
  const config = readCdktfConfig(projectRoot);
  const outDir = resolve(projectRoot, config.output);
  if (!options.synth) {
    const clients = readStackClients(outDir, stack);
    if (clients) return clients;
    options.log?.(`no synthesized stack '${stack}' in ${config.output}: synthesizing the app`);
  }
  // A scratch output, so the user's own cdktf.out (what was deployed) is never overwritten.
  const scratch = mkdtempSync(join(tmpdir(), 'oauth-clients-synth-'));
  try {
    const out = join(scratch, 'cdktf.out');
    await synthesizeApp(projectRoot, out, { label: 'the working tree' });
    const clients = readStackClients(out, stack);
    if (!clients) throw new CliError(`the app has no stack '${stack}' (its stacks: ${stackNames(out).join(', ') || 'none'})`, EXIT.usage);
    return clients;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function stackNames(outDir: string): string[] {
  try {
    return readdirSync(join(outDir, 'stacks')).sort();
  } catch {
    return [];
  }
}

/** A default key is the construct path with the stack in front: name it as the user writes it. */
function describeClient(c: DeclaredClient): string {
  if (!c.constructPath || c.constructPath === c.spec.key || c.spec.key === `${c.stack}/${c.constructPath}`) return c.constructPath ?? c.spec.key;
  return `${c.constructPath} (key ${c.spec.key})`;
}
