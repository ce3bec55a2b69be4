// `<dataDir>/server.json`: how scripts find a running development server, and how a second
// server is stopped from sharing a data directory with a live one (two writers, one store).

import { readTextIfExists, removeIfExists, writeFileAtomicIn } from './atomic-file';

export interface ServerInfo {
  readonly issuer: string;
  readonly port: number;
  readonly pid: number;
  readonly initialAccessTokenFile: string;
}

// Data directories served by this process: a pid match alone cannot tell a live server from
// a file left by a crashed one when the pid is reused (pid 1 in a container, always).
const servedHere = new Set<string>();

export async function readServerInfo(file: string): Promise<ServerInfo | undefined> {
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ServerInfo;
  } catch {
    return undefined; // a torn or foreign file says nothing about a live server
  }
}

/** Claims the data directory for this process, or throws naming the server that holds it. */
export async function claimDataDir(dataDir: string, file: string): Promise<void> {
  const info = await readServerInfo(file);
  const live = servedHere.has(dataDir) || (info !== undefined && info.pid !== process.pid && isAlive(info.pid));
  if (live) {
    throw new Error(
      `a development server${info ? ` (pid ${info.pid}, ${info.issuer})` : ''} is already using ${dataDir}; ` +
        `stop it first, or delete ${file} if it is not running`,
    );
  }
  servedHere.add(dataDir);
}

export async function publishServerInfo(file: string, info: ServerInfo): Promise<void> {
  await writeFileAtomicIn(file, `${JSON.stringify(info, null, 2)}\n`);
}

export async function releaseDataDir(dataDir: string, file: string): Promise<void> {
  servedHere.delete(dataDir);
  const info = await readServerInfo(file);
  if (info?.pid === process.pid) await removeIfExists(file);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
