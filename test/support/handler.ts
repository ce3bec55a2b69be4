// Runs the real handler bundle (`node dist/oauth-clients-handler.cjs handle ...`) as Terraform would:
// a separate process, the protocol in environment variables, a project root of the test's own.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { Host, OAuthClient, type HostCommonProps, type HostProps, type OAuthClientOptions, type ProviderFlavour } from '../../lib';
import { PROTOCOL_ENV, type ClientSpec, type PruneSpec } from '../../lib/model';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const HANDLER_BUNDLE = path.join(REPO_ROOT, 'dist', 'oauth-clients-handler.cjs');

export interface HandlerRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly stdout: string;
}

export interface HandlerOptions {
  /** The project root the store paths resolve against (a temp dir per test). */
  readonly projectRoot: string;
  /** @default 'instance-1' */
  readonly instance?: string;
  /** Extra environment: credentials, OAUTH_CLIENTS_TEST_CRASH_AT, ... */
  readonly env?: NodeJS.ProcessEnv;
}

/** `handle apply|destroy` for one client spec. */
export function runHandler(action: 'apply' | 'destroy', spec: ClientSpec, options: HandlerOptions): Promise<HandlerRun> {
  return spawnHandler(action, options, {
    [PROTOCOL_ENV.spec]: JSON.stringify(spec),
    [PROTOCOL_ENV.instance]: options.instance ?? 'instance-1',
  });
}

/** `handle prune` for a stack's declaration. */
export function runPrune(prune: PruneSpec, options: HandlerOptions): Promise<HandlerRun> {
  return spawnHandler('prune', options, { [PROTOCOL_ENV.prune]: JSON.stringify(prune) });
}

function spawnHandler(action: string, options: HandlerOptions, protocol: NodeJS.ProcessEnv): Promise<HandlerRun> {
  // Like a Terraform provisioner: cwd is a stack directory below the project root.
  const cwd = path.join(options.projectRoot, 'cdktf.out', 'stacks', 'test');
  fs.mkdirSync(cwd, { recursive: true });
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, [PROTOCOL_ENV.projectRoot]: '../../..', ...protocol, ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HANDLER_BUNDLE, 'handle', action], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** A temp project root; the caller removes it. */
export const tempProject = (prefix = 'oac-backend-'): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Host props as tests vary them, flavour and credentials untied (a real declaration types them together). */
export type LooseHostProps = Partial<HostCommonProps> & { readonly flavour?: ProviderFlavour; readonly credentials?: Readonly<Record<string, string>> };

/**
 * A ClientSpec made the way users make one: through the constructs (so it is canonical and
 * valid by the same rules as synth). Throws with the construct's issues when synth would fail, so
 * a test never hands the handler an invalid spec by accident; a test that means to, spreads a
 * valid spec and changes a field. The app's outdir is removed before returning: nothing is synthesized.
 */
export function clientSpec(issuer: string, options: OAuthClientOptions & { readonly id?: string; readonly stack?: string; readonly host?: LooseHostProps } = {}): ClientSpec {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'oac-spec-'));
  try {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, options.stack ?? 'test-stack');
    const { id, host: hostProps, stack: _stack, ...clientOptions } = options;
    const host = new Host(stack, 'dev', {
      issuer,
      environment: 'development',
      credentials: { initialAccessToken: 'TEST_IAT' },
      ...hostProps,
    } as HostProps);
    const scopes = ['tstapp_data.read', 'tstapp_data.write'].map((name) => host.addScope(name, { description: name }));
    const client = new OAuthClient(stack, id ?? 'client', { host, flows: { clientCredentials: true }, scopes: [scopes[0]], ...clientOptions });
    // The constructs' own checks, as synth runs them (the stack's, a Terraform version check, are left out).
    const errors = [host, ...scopes, client].flatMap((construct) => construct.node.validate().map((error) => `${construct.node.path}: ${error}`));
    if (errors.length > 0) throw new Error(`clientSpec: synth would refuse this client:\n  ${errors.join('\n  ')}`);
    return client.spec;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The Scope objects `clientSpec` declares are not reachable from outside; specs name scopes by string. */
export const withScopes = (spec: ClientSpec, scopes: string[]): ClientSpec => ({ ...spec, scopes: [...scopes].sort() });
