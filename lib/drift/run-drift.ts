// `oauth-clients drift` from arguments to report and exit status (CONTRACTS C8): 0 converged,
// 2 not converged, 1 provider or store failure, 64 usage, 65 invalid declaration, 70 internal.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditError } from '../audit/audit-error';
import { CONFIG_FILE, findProjectDirectory, readCdktfConfig } from '../audit/cdktf-project';
import { readDeclaredClients } from '../audit/declared-clients';
import { synthesizeApp } from '../audit/synthesize-app';
import { DRIFT_USAGE, parseDriftArgs } from './drift-args';
import { DriftError } from './drift-error';
import { DRIFT_SCHEMA_VERSION, type DriftReport } from './drift-report';
import { findDrift, type DriftDependencies } from './find-drift';
import { FixCommands } from './fix-commands';
import { renderDrift } from './render-drift';
import { readStackShapes } from './stack-shapes';

export const DRIFT_EXIT = { converged: 0, failure: 1, drifted: 2, usage: 64, invalid: 65, internal: 70 } as const;

export interface DriftRuntime extends DriftDependencies {
  /** Removes every secret the runtime has seen from a text. */
  redact(text: string): string;
  close(): Promise<void>;
}

export interface DriftIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The stores and adapters, for the project found above cwd. */
  readonly runtime: (projectRoot: string) => DriftRuntime;
}

export async function runDrift(argv: readonly string[], io: DriftIo): Promise<number> {
  let debug = argv.includes('--debug');
  let runtime: DriftRuntime | undefined;
  try {
    const args = parseDriftArgs(argv);
    debug = args.debug;
    if (args.command === 'help') {
      io.stdout(DRIFT_USAGE);
      return DRIFT_EXIT.converged;
    }
    const projectDir = findProjectDirectory(io.cwd);
    if (!projectDir) throw new DriftError(`no ${CONFIG_FILE} in ${io.cwd} or above: run drift in the cdktf project (store paths are relative to it)`, 'usage');
    const config = readCdktfConfig(projectDir);
    const report = await withDeclarations(projectDir, args.synthesized ? resolve(io.cwd, args.synthesized) : undefined, async (outDir) => {
      const shapes = readStackShapes(outDir);
      if (args.stack !== undefined && !shapes.has(args.stack)) {
        throw new DriftError(`the app has no stack '${args.stack}' (stacks: ${[...shapes.keys()].join(', ') || 'none'})`, 'usage');
      }
      const declared = [...readDeclaredClients(outDir).values()].filter((c) => args.stack === undefined || c.stack === args.stack);
      runtime = io.runtime(projectDir);
      const result = await findDrift(runtime, { declared, stacks: shapes, fixes: new FixCommands(config.output), ...(args.stack ? { stack: args.stack } : {}) });
      const drift: DriftReport = {
        schemaVersion: DRIFT_SCHEMA_VERSION,
        converged: result.findings.length === 0,
        stacks: args.stack ? [args.stack] : [...shapes.keys()],
        clients: declared.length,
        findings: result.findings,
        notChecked: result.notChecked,
      };
      return drift;
    });
    const text = args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderDrift(report);
    // Built from declared and observed non-secret fields only (the tests search it for every
    // secret); not passed through the redactor, whose patterns would mangle JSON.
    io.stdout(text);
    return report.converged ? DRIFT_EXIT.converged : DRIFT_EXIT.drifted;
  } catch (error) {
    const kind = error instanceof DriftError ? error.kind : error instanceof AuditError ? (error.kind === 'usage' ? 'usage' : 'invalid') : 'failure';
    const message = error instanceof Error ? error.message : String(error);
    const redact = (text: string) => (runtime ? runtime.redact(text) : text);
    io.stderr(redact(`oauth-clients drift: ${message}${kind === 'usage' ? " (see 'oauth-clients drift --help')" : ''}\n`));
    if (debug && error instanceof Error && error.stack) io.stderr(`${redact(error.stack)}\n`);
    return DRIFT_EXIT[kind];
  } finally {
    await (runtime as DriftRuntime | undefined)?.close();
  }
}

/** The synthesized output to read: the one named, or the working tree synthesized to a temporary directory. */
async function withDeclarations<T>(projectDir: string, synthesized: string | undefined, work: (outDir: string) => Promise<T>): Promise<T> {
  if (synthesized !== undefined) {
    const outDir = [synthesized, join(synthesized, 'cdktf.out')].find((dir) => existsSync(join(dir, 'stacks')));
    if (!outDir) throw new DriftError(`${synthesized} holds no synthesized stacks (expected ${join(synthesized, 'stacks')})`, 'usage');
    return work(outDir);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'oauth-clients-drift-'));
  try {
    const outDir = join(scratch, 'cdktf.out');
    await synthesizeApp(projectDir, outDir, { label: 'the working tree' });
    return await work(outDir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
