// Finds the local development provider on its port, or starts `oauth-clients provider` in the
// background with its state beside the project, so the demo needs nothing running beforehand.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEV_SERVER_DEFAULTS } from '../../devserver/defaults';
import { PACKAGE_FILES, packageRoot } from '../../files/package-root';

export interface DevProvider {
  readonly issuer: string;
  readonly initialAccessTokenFile: string;
  /** true when this run started it. */
  readonly started: boolean;
}

const DATA_DIR = DEV_SERVER_DEFAULTS.dataDir;

/** Where the provider `ensureDevProvider` starts keeps its initial access token. */
export const devInitialAccessTokenFile = (projectRoot: string) => path.join(projectRoot, DATA_DIR, 'initial-access-token');

export async function ensureDevProvider(projectRoot: string, issuer: string, scopes: readonly string[]): Promise<DevProvider> {
  const dataDir = path.join(projectRoot, DATA_DIR);
  const initialAccessTokenFile = devInitialAccessTokenFile(projectRoot);
  if (await answers(issuer)) return { issuer, initialAccessTokenFile, started: false };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'a', 0o600);
  const port = new URL(issuer).port || '80';
  const cli = path.join(packageRoot(), PACKAGE_FILES.cli);
  const args = [cli, 'provider', '--port', port, '--data-dir', dataDir, ...(scopes.length > 0 ? ['--scopes', scopes.join(',')] : [])];
  const child = spawn(process.execPath, args, { cwd: projectRoot, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  for (let waited = 0; waited < 30_000; waited += 250) {
    if (await answers(issuer)) return { issuer, initialAccessTokenFile, started: true };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the development provider did not start on ${issuer}; see ${path.join(dataDir, 'server.log')}`);
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
