// A real PostgreSQL (15, from the machine's binaries) on loopback in a temp directory, for
// Terraform's `pg` state backend. initdb refuses to run as root, so as root every server command
// runs as the `postgres` user (`runuser -u postgres --`) on a directory handed to that user;
// as any other user (a CI runner) it runs directly. Measured recipe: shared/DESIGN.md §7.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Postgres {
  readonly port: number;
  /** For Terraform's pg backend: the `postgres` database, trust auth on 127.0.0.1, no TLS. */
  readonly connStr: string;
  /** Runs one SQL statement with psql; returns its unaligned, tuples-only output. */
  query(sql: string): Promise<string>;
  /** Stops the server (immediate mode) and removes its directory. */
  stop(): Promise<void>;
}

const SERVER_USER = 'postgres';

/** The absolute path of a program on the PATH (runuser may not keep the caller's PATH). */
export function which(program: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(`${program} is not on the PATH (${process.env.PATH}): the pg state tests need PostgreSQL's server binaries`);
}

export async function startPostgres(): Promise<Postgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oac-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  if (asRoot) {
    const owner = userIds(SERVER_USER);
    fs.chownSync(dir, owner.uid, owner.gid);
  }
  const serverCommand = (program: string, args: string[]) =>
    asRoot ? run(which('runuser'), ['-u', SERVER_USER, '--', which(program), ...args]) : run(which(program), args);

  const port = await freePort();
  try {
    // -N: no fsync while initialising; the cluster lives for one test file.
    await serverCommand('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '-N']);
    await serverCommand('pg_ctl', [
      '-D', data, '-l', log, '-w', '-t', '60',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
      'start',
    ]);
  } catch (error) {
    const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '(no server log)';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n--- server log ---\n${serverLog}`);
  }

  return {
    port,
    connStr: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    query: (sql) => run(which('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql]),
    async stop() {
      try {
        await serverCommand('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function userIds(user: string): { uid: number; gid: number } {
  const id = (flag: string) => {
    const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`there is no '${user}' user to run PostgreSQL as (running as root): ${result.stderr}`);
    return Number(result.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a program to completion; rejects with its output when it exits non-zero. */
function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // A C locale: initdb and psql must not depend on the machine's locales.
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C', PGCONNECT_TIMEOUT: '10' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(file)} ${args.join(' ')} exited ${code}:\n${stdout}${stderr}`));
    });
  });
}
