// Finds the local development provider on its fixed port, or starts it in the background with
// its state beside the project, so the demo needs nothing running beforehand.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface DevProvider {
  readonly issuer: string;
  readonly initialAccessTokenFile: string;
  /** true when this run started it. */
  readonly started: boolean;
}

const DATA_DIR = path.join('.oauth-clients', 'devserver');

export async function ensureDevProvider(projectRoot: string, issuer: string): Promise<DevProvider> {
  const dataDir = path.join(projectRoot, DATA_DIR);
  const initialAccessTokenFile = path.join(dataDir, 'initial-access-token');
  if (await answers(issuer)) return { issuer, initialAccessTokenFile, started: false };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'a', 0o600);
  const port = new URL(issuer).port || '80';
  const server = path.join(projectRoot, 'dist', 'lib', 'devserver', 'main.js');
  const child = spawn(process.execPath, [server, '--port', port, '--data-dir', dataDir], { cwd: projectRoot, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  for (let waited = 0; waited < 30_000; waited += 250) {
    if (await answers(issuer)) return { issuer, initialAccessTokenFile, started: true };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the development provider did not start on ${issuer}; see ${path.join(DATA_DIR, 'server.log')}`);
}

/** Stops the provider this project's data dir names, if it runs. */
export function stopDevProvider(projectRoot: string): number | undefined {
  const info = path.join(projectRoot, DATA_DIR, 'server.json');
  if (!fs.existsSync(info)) return undefined;
  const { pid } = JSON.parse(fs.readFileSync(info, 'utf8')) as { pid: number };
  try {
    process.kill(pid, 'SIGTERM');
    return pid;
  } catch {
    return undefined; // not running any more
  }
}

async function answers(issuer: string): Promise<boolean> {
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
