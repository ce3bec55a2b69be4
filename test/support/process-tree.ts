// The processes under a pid, read from /proc (Linux), so a test can kill -9 a whole tree the way
// a CI runner or an OOM killer does: cdktf runs Terraform in a pseudo-terminal (its own session
// and process group), and Terraform starts the providers, so a process-group kill would miss them.
import * as fs from 'node:fs';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** The command line, arguments joined by spaces. */
  readonly command: string;
}

export function allProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(name), ppid, command });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** The pid and every descendant of it. */
export function processTree(root: number): ProcessInfo[] {
  const processes = allProcesses();
  const tree: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const self = processes.find((p) => p.pid === pid);
    if (self) tree.push(self);
    queue.push(...processes.filter((p) => p.ppid === pid).map((p) => p.pid));
  }
  return tree;
}

/** SIGKILL for the whole tree at once: collected first, so a child re-parented meanwhile is not missed. */
export function killTree(root: number): ProcessInfo[] {
  const tree = processTree(root);
  for (const p of tree) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return tree;
}

export const isAlive = (pid: number): boolean => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'; // a zombie has exited already
  } catch {
    return false;
  }
};

/** Polls until `condition` holds; fails after `timeoutMs` naming what it waited for. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
