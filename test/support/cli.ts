// Runs the built command (`node dist/oauth-clients.cjs <verb> ...`) the way a developer does: its
// own process, in a project directory, with the environment the test chooses.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './handler';

export const CLI_BUNDLE = path.join(REPO_ROOT, 'dist', 'oauth-clients.cjs');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Called with stderr as it grows (e.g. to pick up a URL the command prints before it finishes). */
  readonly onStderr?: (soFar: string) => void;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
