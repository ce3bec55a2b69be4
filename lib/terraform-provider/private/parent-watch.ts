// A provider whose Terraform died (kill -9) is re-parented and would live on, holding its port and
// any half-done work's memory: check the parent every 250 ms and exit once it changed. On Linux the
// live parent is read from /proc (process.ppid is fixed at start-up in Node 20); elsewhere a
// signal-0 probe of the original parent.
import * as fs from 'node:fs';

export function exitWhenParentDies(onOrphaned: () => void, intervalMs = 250): void {
  const original = process.ppid;
  const timer = setInterval(() => {
    if (currentParent() !== original) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
}

function currentParent(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    try {
      process.kill(process.ppid, 0);
      return process.ppid;
    } catch {
      return -1;
    }
  }
}
