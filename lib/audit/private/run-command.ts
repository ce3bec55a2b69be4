// Runs git and the cdktf app as child processes and collects what they print, so a failure can
// be reported in one line (and in full with --debug).
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** The exit status, or null when a signal ended the process. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run `command` through the shell, as cdktf runs the `app` of cdktf.json. */
  readonly shell?: boolean;
  /** Aborting kills the process and its children (SIGTERM): an interrupted audit stops its synth and cleans up. */
  readonly signal?: AbortSignal;
}

/** Output beyond this is dropped from the front: the end of a failing synth says what failed. */
const MAX_OUTPUT = 1_000_000;

export function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // With a signal, the child leads its own process group, so aborting ends the shell's children too.
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, shell: options.shell ?? false, detached: signal !== undefined, stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    signal?.addEventListener('abort', kill, { once: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout = (stdout + chunk).slice(-MAX_OUTPUT)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-MAX_OUTPUT)));
    child.on('error', (error) => {
      signal?.removeEventListener('abort', kill);
      reject(error);
    });
    child.on('close', (status) => {
      signal?.removeEventListener('abort', kill);
      if (signal?.aborted) reject(signal.reason);
      else resolve({ status, stdout, stderr });
    });
  });
}

/**
 * One line saying why a process failed: a Node error's message and the lines under it (cdktf
 * lists every validation error there) up to the stack trace, else the last line printed.
 */
export function failureSummary(output: string, maxLength = 600): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').trim())
    .filter((line) => line !== '');
  const start = lines.findIndex((line) => /^[A-Za-z]*Error\b.*:/.test(line));
  const text = (start < 0 ? lines.slice(-1) : takeUntilStack(lines.slice(start))).join(' ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function takeUntilStack(lines: string[]): string[] {
  const end = lines.findIndex((line, index) => index > 0 && line.startsWith('at '));
  // cdktf ends its validation errors with advice to skip validation: not what a reviewer should do.
  return (end < 0 ? lines : lines.slice(0, end)).filter((line) => !line.startsWith('If you wish to ignore these validations'));
}
