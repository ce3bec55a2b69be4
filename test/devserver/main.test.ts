// Stories of the development server as a command (`npm run provider`): what it prints, how it
// refuses bad arguments, how it stops.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../dist/lib/devserver/main.js');

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs the command; `whenReady` is called once both stdout lines are out, then it is sent SIGINT. */
function run(args: string[], whenReady?: (stdout: string) => Promise<void>): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result: Run = { stdout: '', stderr: '', code: null };
    let ready = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      result.stdout += text;
      if (!ready && whenReady && /initial access token: .+\n/.test(result.stdout)) {
        ready = true;
        whenReady(result.stdout).then(() => child.kill('SIGINT'), fail);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (result.stderr += text));
    child.on('error', fail);
    child.on('exit', (code) => done({ ...result, code }));
  });
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'devserver-main-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it('prints exactly the issuer and the token file on stdout, and stops cleanly on SIGINT', async () => {
  let seenWhileRunning = false;
  const result = await run(['--port', '0', '--data-dir', dataDir, '--scopes', 'orders.read,orders.write'], async (stdout) => {
    const issuer = /^issuer: (.+)$/m.exec(stdout)![1];
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(['orders.read', 'orders.write']));
    expect(discovery.scopes_supported).not.toContain('tstapp_data.read');
    seenWhileRunning = existsSync(join(dataDir, 'server.json'));
  });

  expect(result.stdout).toMatch(/^issuer: http:\/\/127\.0\.0\.1:\d+\ninitial access token: .+initial-access-token\n$/);
  expect(result.code).toBe(0);
  expect(seenWhileRunning).toBe(true);
  expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
});

it('refuses a bad port with the rule and the value, and exit status 2', async () => {
  const result = await run(['--port', '99999', '--data-dir', dataDir]);

  expect(result.code).toBe(2);
  expect(result.stderr).toContain("--port: must be a number from 0 to 65535, got '99999'");
  expect(result.stdout).toBe('');
});

it('refuses an unknown flag', async () => {
  const result = await run(['--portt', '1']);

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/Unknown option '--portt'/);
});

it('explains itself with --help', async () => {
  const result = await run(['--help']);

  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/--no-rotate/);
});
