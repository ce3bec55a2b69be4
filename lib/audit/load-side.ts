// One side of the comparison, from what the user named: a directory holding a synthesized
// cdktf.out, a git revision (synthesized in a temporary worktree), or the working tree.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuditError } from './audit-error';
import { CONFIG_FILE, findProjectDirectory, readCdktfConfig } from './cdktf-project';
import { readDeclaredClients, type ClientSet } from './declared-clients';
import { gitProjectOf, resolveCommit, withCommitCheckedOut } from './git-checkout';
import type { Source } from './report-schema';
import { synthesizeApp } from './synthesize-app';

export interface Side {
  readonly source: Source;
  readonly clients: ClientSet;
}

export interface LoadOptions {
  /** Where the command runs: the project is the nearest directory above it with cdktf.json. */
  readonly cwd: string;
  /** Where temporary worktrees and synth outputs go. */
  readonly tmpdir: string;
  readonly signal?: AbortSignal;
  /** Progress for --debug, one line each. */
  readonly log?: (line: string) => void;
}

export const WORKING_TREE = 'working tree';

/** `input` undefined means the working tree. The base is read by its shape only (see ReadOptions). */
export async function loadSide(role: 'base' | 'head', input: string | undefined, options: LoadOptions): Promise<Side> {
  const read = (outDir: string) => readDeclaredClients(outDir, { rules: role === 'head' });
  if (input !== undefined) {
    const outDir = synthesizedOutputIn(resolve(options.cwd, input));
    if (outDir) return { source: { kind: 'directory', label: input }, clients: read(outDir) };
  }
  const projectDir = findProjectDirectory(options.cwd);
  if (input === undefined) {
    if (!projectDir) throw new AuditError(`no ${CONFIG_FILE} in ${options.cwd} or above: run the audit in a cdktf project`, 'usage');
    const clients = await inScratch(options.tmpdir, (out) => timed(options, `synthesized the ${WORKING_TREE}`, () => synthesizeApp(projectDir, out, { label: `the ${WORKING_TREE}`, signal: options.signal })).then(() => read(out)));
    return { source: { kind: 'working-tree', label: WORKING_TREE }, clients };
  }
  const project = projectDir ? await gitProjectOf(projectDir) : undefined;
  const commit = project ? await resolveCommit(project, input) : undefined;
  if (!project || !commit) {
    const why = !projectDir ? ` (no cdktf project here)` : !project ? ' (no git repository here)' : '';
    throw new AuditError(`'${input}' is neither a git revision${why} nor a directory holding a synthesized cdktf.out`, 'usage');
  }
  const clients = await withCommitCheckedOut(project, commit, { label: input, tmpdir: options.tmpdir, signal: options.signal }, async (treeProjectDir, scratch) => {
    const out = join(scratch, 'cdktf.out');
    await timed(options, `synthesized ${input} (${commit.slice(0, 12)})`, () => synthesizeApp(treeProjectDir, out, { label: input, signal: options.signal }));
    return read(out);
  });
  return { source: { kind: 'git', label: input, commit }, clients };
}

/** `dir/cdktf.out` (or the output named in dir/cdktf.json), or `dir` itself when it is the output. */
function synthesizedOutputIn(dir: string): string | undefined {
  if (!isDirectory(dir)) return undefined;
  const named = existsSync(join(dir, CONFIG_FILE)) ? readCdktfConfig(dir).output : 'cdktf.out';
  for (const candidate of [join(dir, named), dir]) if (isDirectory(join(candidate, 'stacks'))) return candidate;
  return undefined;
}

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** A temporary output directory, so the user's own cdktf.out is never overwritten. */
async function inScratch<T>(tmpdir: string, work: (out: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir, 'oauth-clients-audit-'));
  try {
    return await work(join(scratch, 'cdktf.out'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function timed<T>(options: LoadOptions, what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  options.log?.(`${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
