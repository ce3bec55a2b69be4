// A git revision checked out beside the user's checkout, never in it: a detached temporary
// worktree that shares the checkout's installed dependencies, removed afterwards, also on failure.
import { existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { AuditError } from './audit-error';
import { readCdktfConfig } from './cdktf-project';
import { runCommand } from './private/run-command';

export interface GitProject {
  /** The repository's top-level directory (the user's checkout). */
  readonly top: string;
  /** The cdktf project's directory relative to `top`, '' at the root. */
  readonly prefix: string;
  /** The directory holding the repository's shared git data (`.git`, or the main one of a worktree). */
  readonly commonDir: string;
}

async function git(cwd: string, args: string[], signal?: AbortSignal): Promise<{ ok: boolean; out: string; err: string }> {
  const result = await runCommand('git', args, { cwd, signal });
  return { ok: result.status === 0, out: result.stdout.trim(), err: result.stderr.trim() };
}

/** The repository holding the project directory, or undefined when it is not in one. */
export async function gitProjectOf(projectDir: string): Promise<GitProject | undefined> {
  const found = await git(projectDir, ['rev-parse', '--show-toplevel', '--git-common-dir']);
  if (!found.ok) return undefined;
  const [top, commonDir] = found.out.split('\n');
  return { top, prefix: relative(top, projectDir), commonDir: resolve(projectDir, commonDir) };
}

/** The commit a revision names, or undefined when it names none. */
export async function resolveCommit(project: GitProject, revision: string): Promise<string | undefined> {
  const found = await git(project.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  return found.ok && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(found.out) ? found.out : undefined;
}

export interface CheckoutOptions {
  /** Names the revision in errors. */
  readonly label: string;
  /** Where the temporary worktree goes. */
  readonly tmpdir: string;
  readonly signal?: AbortSignal;
}

/**
 * Checks `commit` out in a temporary worktree and runs `work` on the project directory inside it.
 * Ignored directories the app needs (node_modules, cdktf's generated bindings) are symlinked
 * from the user's checkout: the revision is synthesized with today's installed dependencies.
 */
export async function withCommitCheckedOut<T>(project: GitProject, commit: string, options: CheckoutOptions, work: (projectDir: string, scratch: string) => Promise<T>): Promise<T> {
  const { label, signal } = options;
  const scratch = realpathSync(mkdtempSync(join(options.tmpdir, 'oauth-clients-audit-')));
  // A unique base name: git names the worktree's admin directory after it.
  const tree = join(scratch, basename(scratch));
  const links: string[] = [];
  try {
    // Hooks are off: a post-checkout hook (husky, lfs install scripts) has no business in a throwaway tree.
    const added = await git(project.top, ['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--quiet', tree, commit], signal);
    if (!added.ok) throw new AuditError(`cannot check out ${label}: ${added.err.split('\n').pop()}`);
    const projectDir = join(tree, project.prefix);
    if (!existsSync(projectDir)) throw new AuditError(`${label} has no directory ${project.prefix}`);
    links.push(...shareIgnoredDirectories(project, tree, label));
    return await work(projectDir, scratch);
  } finally {
    // Each step runs even when one before it failed; the links go first, so no removal can follow them.
    for (const link of links) attempt(() => unlinkSync(link));
    await git(project.top, ['worktree', 'remove', '--force', tree]).catch(() => undefined);
    attempt(() => rmSync(scratch, { recursive: true, force: true }));
    attempt(() => forgetWorktree(project, tree));
  }
}

function attempt(step: () => void): void {
  try {
    step();
  } catch {
    // Cleanup is best effort: the audit's own error (or result) is what the user needs to see.
  }
}

/** Symlinks node_modules (the project's and its parents' up to the repository root) and `.gen`. */
function shareIgnoredDirectories(project: GitProject, tree: string, label: string): string[] {
  const projectDir = join(tree, project.prefix);
  const wanted: string[] = [];
  const config = existsSync(join(projectDir, 'cdktf.json')) ? readCdktfConfig(projectDir, label) : undefined;
  if (config) wanted.push(join(project.prefix, config.codeMakerOutput));
  for (let dir = project.prefix; ; dir = dirname(dir)) {
    const level = dir === '.' ? '' : dir;
    wanted.push(join(level, 'node_modules'));
    if (level === '') break;
  }
  const links: string[] = [];
  for (const path of wanted) {
    const from = join(project.top, path);
    const to = join(tree, path);
    if (!existsSync(from) || exists(to)) continue;
    symlinkSync(from, to, 'dir');
    links.push(to);
  }
  return links;
}

const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/** When `git worktree remove` could not finish, drop its admin entry, but only if it is ours. */
function forgetWorktree(project: GitProject, tree: string): void {
  const admin = join(project.commonDir, 'worktrees', basename(tree));
  const gitdirFile = join(admin, 'gitdir');
  if (existsSync(gitdirFile) && readFileSync(gitdirFile, 'utf8').trim().startsWith(tree)) rmSync(admin, { recursive: true, force: true });
}
