// Runs the development authorization server as a real child process (`node
// dist/lib/devserver/main.js`) for integration and end-to-end tests: the same peer, flags and
// output a developer gets from `npm run provider`. Needs `npm run build` (or tsc) first.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface DevServerProcessOptions {
  /** @default - a fresh temporary directory, removed by stop() */
  readonly dataDir?: string;
  /** @default 0 - any free port; restart() keeps the port it got */
  readonly port?: number;
  /** Rotate the registration access token on every PUT. @default true */
  readonly rotate?: boolean;
  /** Serve the /dev-admin routes; false behaves like a plain RFC 7591/7592 provider. @default true */
  readonly admin?: boolean;
  /** @default - the server's default API scopes (tstapp_data.read, tstapp_data.write) */
  readonly scopes?: readonly string[];
  /** How long to wait for the `issuer:` line. @default 20000 */
  readonly startTimeoutMs?: number;
}

export interface DevServerProcess {
  /** `http://127.0.0.1:<port>`; unchanged by restart(). */
  readonly issuer: string;
  readonly port: number;
  /** Read from the server's 0600 file; the server never prints it. */
  readonly initialAccessToken: string;
  readonly dataDir: string;
  /** The child's pid (changes on restart). */
  readonly pid: number;
  /** Everything the process wrote to stdout and stderr so far, across restarts. */
  output(): string;
  /** SIGTERM, wait for the exit; removes the data directory if it was a temporary one. */
  stop(): Promise<void>;
  /** Stops and starts the process again on the same data directory and port. */
  restart(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startDevServerProcess(options: DevServerProcessOptions = {}): Promise<DevServerProcess> {
  const main = join(projectRoot(__dirname), 'dist', 'lib', 'devserver', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (or \`npx tsc -p tsconfig.json\`) first`);

  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'oauth-clients-devserver-')));
  let output = '';
  let running: Running;
  try {
    running = await launch(main, dataDir, options.port ?? 0, options, (text) => (output += text));
  } catch (error) {
    if (temporary) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { issuer, port } = running;

  const stop = async () => {
    await terminate(running.child);
  };
  return {
    issuer,
    port,
    dataDir,
    get pid() {
      return running.child.pid ?? -1;
    },
    get initialAccessToken() {
      return running.initialAccessToken;
    },
    output: () => output,
    async stop() {
      await stop();
      if (temporary) await rm(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      running = await launch(main, dataDir, port, options, (text) => (output += text));
      if (running.issuer !== issuer) throw new Error(`restarted server has issuer ${running.issuer}, expected ${issuer}`);
    },
  };
}

interface Running {
  readonly child: ChildProcess;
  readonly issuer: string;
  readonly port: number;
  readonly initialAccessToken: string;
}

async function launch(
  main: string,
  dataDir: string,
  port: number,
  options: DevServerProcessOptions,
  record: (text: string) => void,
): Promise<Running> {
  const args = [main, '--port', String(port), '--data-dir', dataDir];
  if (options.rotate === false) args.push('--no-rotate');
  if (options.admin === false) args.push('--no-admin');
  if (options.scopes) args.push('--scopes', options.scopes.join(','));

  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  const capture = (text: string) => {
    said += text;
    record(text);
  };
  child.stdout!.setEncoding('utf8').on('data', capture);
  child.stderr!.setEncoding('utf8').on('data', capture);

  const lines = createInterface({ input: child.stdout! });
  const found: { issuer?: string; tokenFile?: string } = {};
  try {
    await new Promise<void>((resolveStarted, reject) => {
      const timeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
      const timer = setTimeout(() => reject(new Error(`no issuer line within ${timeoutMs} ms`)), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(why));
      };
      child.once('error', (error) => fail(`could not start the development server: ${error.message}`));
      // 'close', not 'exit': it comes after the output is read, so the error can quote all of it.
      child.once('close', (code, signal) => fail(`development server exited before it was ready (code ${code}, signal ${signal})`));
      lines.on('line', (line) => {
        const match = /^(issuer|initial access token): (.+)$/.exec(line);
        if (match?.[1] === 'issuer') found.issuer = match[2];
        if (match?.[1] === 'initial access token') found.tokenFile = match[2];
        if (found.issuer && found.tokenFile) {
          clearTimeout(timer);
          child.removeAllListeners('close');
          resolveStarted();
        }
      });
    });
  } catch (error) {
    await terminate(child);
    throw new Error(`${(error as Error).message}\n--- server output ---\n${said}`);
  } finally {
    lines.close();
  }

  const initialAccessToken = (await readFile(found.tokenFile!, 'utf8')).trim();
  return { child, issuer: found.issuer!, port: Number(new URL(found.issuer!).port), initialAccessToken };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function projectRoot(from: string): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${from}`);
    folder = parent;
  }
  return folder;
}
