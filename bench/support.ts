// Shared by the benchmarks: command-line flags, timed child processes, medians and tables, and
// throwaway cdktf projects. Benchmarks are never part of `npm test`; every figure they report is a
// ratio against a baseline measured in the same run, because this machine is shared and noisy.
import { spawn, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkNodeModules } from '../test/support/project-node-modules';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const HANDLER_BUNDLE = path.join(REPO_ROOT, 'dist', 'oauth-clients-handler.cjs');
export const DEVSERVER_MAIN = path.join(REPO_ROOT, 'dist', 'lib', 'devserver', 'main.js');

export interface BenchFlags {
  /** Fewer repetitions (`--quick`): a smoke run, medians are noisier. */
  readonly quick: boolean;
  /** `--runs N`: override the number of measured repetitions. */
  readonly runs?: number;
  /**
   * `--handler-command CMD` (deploy.ts only): synthesize the real stack with the cdktf context
   * `oauth-clients:handlerCommand` = CMD, to measure a candidate handler build (absolute paths).
   */
  readonly handlerCommand?: string;
}

export function parseFlags(argv: readonly string[] = process.argv.slice(2)): BenchFlags {
  let quick = process.env.BENCH_QUICK === '1';
  let runs: number | undefined;
  let handlerCommand: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') quick = true;
    else if (argv[i] === '--handler-command') handlerCommand = argv[++i];
    else if (argv[i].startsWith('--handler-command=')) handlerCommand = argv[i].slice('--handler-command='.length);
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i].startsWith('--runs=')) runs = Number(argv[i].slice('--runs='.length));
    else if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write('options: --quick (fewer repetitions), --runs N (measured repetitions), --handler-command CMD (deploy.ts only)\n');
      process.exit(0);
    } else throw new Error(`unknown option '${argv[i]}' (known: --quick, --runs N, --handler-command CMD)`);
  }
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) throw new Error('--runs: give a whole number >= 1');
  if (handlerCommand !== undefined && handlerCommand.trim() === '') throw new Error('--handler-command: give a command, e.g. "node /abs/path/candidate.cjs"');
  return { quick, ...(runs !== undefined ? { runs } : {}), ...(handlerCommand !== undefined ? { handlerCommand } : {}) };
}

/** Terraform and cdktf must not phone home nor read the machine's CLI config (docs/design.md §7). */
export function offlineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', ...extra };
}

export interface Timed {
  readonly ms: number;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion and returns its wall time (spawn to 'close', so both pipes are
 * drained). Every subject and its baseline go through this same function.
 */
export function timeCommand(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, status, signal, stdout, stderr });
    });
  });
}

/** Like timeCommand, but throws (with the output) unless the command exits 0. */
export async function mustRun(what: string, command: string, args: readonly string[], options: SpawnOptions = {}): Promise<Timed> {
  const run = await timeCommand(command, args, options);
  if (run.status !== 0) {
    throw new Error(`${what} failed (status ${run.status}, signal ${run.signal}):\n${tail(run.stdout)}\n${tail(run.stderr)}`);
  }
  return run;
}

export const tail = (text: string, lines = 40): string => text.trimEnd().split('\n').slice(-lines).join('\n');

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Fisher–Yates: the order of subjects inside each round, so none always runs first or last. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A plain-text table; numbers are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((row) => row.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((row) => typeof row[i] === 'number' || /^[-\d.×x%]+$/.test(String(row[i]))));
  const line = (row: string[]) => row.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const fmt = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const ratio = (value: number, base: number): string => fmt(value / base, 2);

/** Fails early, with the command to run, when the artifacts the benchmarks run are missing or stale. */
export function checkBuilt(): void {
  for (const file of [HANDLER_BUNDLE, DEVSERVER_MAIN]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run \`npx tsc -p tsconfig.json && npm run bundle\` (or \`npm run build\`) first`);
  }
  const bundleTime = fs.statSync(HANDLER_BUNDLE).mtimeMs;
  const newer = listFiles(path.join(REPO_ROOT, 'lib')).filter((f) => f.endsWith('.ts') && fs.statSync(f).mtimeMs > bundleTime);
  if (newer.length > 0) {
    process.stderr.write(
      `warning: dist/oauth-clients-handler.cjs is older than ${newer.length} file(s) under lib/ (e.g. ${path.relative(REPO_ROOT, newer[0])}); ` +
        'the figures are for the bundle as built. Run `npm run bundle` for current ones.\n',
    );
  }
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export function machineLine(): string {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, load average ${load}`;
}

/**
 * A throwaway cdktf project laid out like a user's: `main.ts` (which imports this library by
 * absolute path), the repository's cdktf.json, a tsconfig for ts-node, and `node_modules` of links
 * to the repository's packages and to the repository itself. The caller removes `dir`.
 */
export function cdktfProject(prefix: string, mainTs: string): { dir: string; appCommand: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dir, 'main.ts'), mainTs);
  fs.copyFileSync(path.join(REPO_ROOT, 'cdktf.json'), path.join(dir, 'cdktf.json'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, skipLibCheck: true, strict: true, types: ['node'] }, include: ['main.ts'] }, null, 2),
  );
  linkNodeModules(dir, REPO_ROOT);
  const appCommand = (JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8')) as { app: string }).app;
  return { dir, appCommand };
}

/** Removes a directory tree; never throws (cleanup must not hide the real error). */
export function removeTree(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
