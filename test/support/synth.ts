// Synth fixtures shared by the construct tests: apps laid out like a real project, stack JSON
// parsed once, and the custom resources picked out by what their provisioners run.
import type { ExecSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, TerraformStack, type App } from 'cdktf';

/** The repository root: where `cdktf synth` runs and `dist/oauth-clients.cjs` is built. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * A test app whose output directory is the project's `cdktf.out`, as `cdktf synth` has it, so the
 * provisioner commands read exactly as in a real project. `Testing.synth` never writes there;
 * do not call `app.synth()` on it (use {@link scratchApp}).
 */
export function projectApp(context: Record<string, unknown> = {}): App {
  return Testing.app({ outdir: path.join(PROJECT_ROOT, 'cdktf.out'), context });
}

/** A test app writing into a scratch directory of the system's temp dir; `dispose` removes it. */
export function scratchApp(context: Record<string, unknown> = {}): { app: App; dispose: () => void } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'oauth-clients-synth-'));
  return { app: Testing.app({ outdir, context }), dispose: () => fs.rmSync(outdir, { recursive: true, force: true }) };
}

/** The Terraform JSON of a stack, with cdktf's validations run first (an invalid fixture fails loudly). */
export function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

/**
 * What synth threw; fails the test when it did not throw. An app runs `app.synth()`, which stops
 * at the first stack that fails validation; a stack is validated and synthesized on its own.
 */
export function synthError(target: App | TerraformStack): string {
  try {
    if (TerraformStack.isStack(target)) Testing.synth(target, true);
    else target.synth();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected synth to fail, but it succeeded');
}

/** The lines of a cdktf validation failure that name a construct: `[stack/web] field: rule [CODE]`. */
export function issueLines(message: string): string[] {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('['));
}

export interface TerraformJson {
  readonly resource?: Record<string, Record<string, ResourceBody>>;
  readonly provider?: Record<string, unknown>;
  readonly terraform?: { readonly required_providers?: Record<string, { source: string; version?: string }>; readonly backend?: unknown };
  readonly [block: string]: unknown;
}

export interface LocalExec {
  readonly command: string;
  readonly environment: Record<string, string>;
  readonly when?: string;
}

export interface ResourceBody {
  readonly triggers_replace?: Record<string, unknown>;
  readonly triggers?: Record<string, string>;
  readonly depends_on?: string[];
  readonly lifecycle?: Record<string, unknown>;
  readonly provisioner?: { readonly 'local-exec': LocalExec }[];
  readonly [attribute: string]: unknown;
}

export interface Resource {
  /** `terraform_data.web_08B6E5F3`: what depends_on holds. */
  readonly address: string;
  readonly type: string;
  readonly body: ResourceBody;
}

export function allResources(json: TerraformJson): Resource[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ address: `${type}.${name}`, type, body })),
  );
}

const runs = (resource: Resource, verb: string) =>
  (resource.body.provisioner ?? []).some((p) => p['local-exec'].command.endsWith(`handle ${verb}`) && p['local-exec'].when === undefined);

/** Client resources: their create-time provisioner runs `handle apply`. */
export const clientResources = (json: TerraformJson): Resource[] => allResources(json).filter((r) => runs(r, 'apply'));

/** Reconcilers: their provisioner runs `handle prune`. */
export const reconcilers = (json: TerraformJson): Resource[] => allResources(json).filter((r) => runs(r, 'prune'));

/** Stack witnesses: their provisioner runs `handle witness` (lib/backend/stack-witness.ts). */
export const witnesses = (json: TerraformJson): Resource[] => allResources(json).filter((r) => runs(r, 'witness'));

/** The client resource whose spec has this key; fails when there is not exactly one. */
export function clientByKey(json: TerraformJson, key: string): Resource {
  const found = clientResources(json).filter((r) => (r.body.triggers_replace?.key ?? r.body.triggers?.key) === key);
  if (found.length !== 1) throw new Error(`expected one client resource with key '${key}', found ${found.length}`);
  return found[0];
}

/**
 * Terraform, run by tests, must not phone home nor read the machine's CLI config. Jest gives each
 * test file its own copy of `process.env`, which a child started without an `env` option does not
 * see (cdktf's `terraform version` check is one): until restored, such children get that copy too.
 */
export function offlineTerraformEnv(): () => void {
  const saved = { CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE, TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE };
  process.env.CHECKPOINT_DISABLE = '1';
  process.env.TF_CLI_CONFIG_FILE = '/dev/null';
  // The module object cdktf holds (an `import * as` namespace would be a copy).
  const childProcess = require('node:child_process') as typeof import('node:child_process');
  const execSync = childProcess.execSync;
  const spy = jest
    .spyOn(childProcess, 'execSync')
    .mockImplementation(((command: string, options?: ExecSyncOptions) => execSync(command, { ...options, env: options?.env ?? process.env })) as typeof execSync);
  return () => {
    spy.mockRestore();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
