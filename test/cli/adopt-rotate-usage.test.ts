// The adopt and rotate verbs as a user meets them before anything reaches a provider: --help,
// unknown options and missing operands are usage errors (exit 64), and adopt without --client-id
// says what is missing. The work itself is tested end to end in test/e2e/provider-fakes.test.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'oac-adopt-'));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

const run = (args: string[]) => runCli(args, { cwd, env: { PATH: process.env.PATH } });

test.each([['adopt'], ['rotate']])('%s --help prints its usage and exits 0', async (verb) => {
  const help = await run([verb, '--help']);
  expect(help).toMatchObject({ status: 0, stderr: '' });
  expect(help.stdout).toContain(`usage: oauth-clients ${verb} <stack>/<client>`);
});

test.each([
  [['adopt', 'stack/client', '--client-id', 'x', '--bogus'], "Unknown option '--bogus'"],
  [['rotate', 'stack/client', '--force'], "Unknown option '--force'"],
  [['adopt', 'stack/client'], '--client-id is required'],
  [['rotate'], 'expected one <stack>/<client>'],
  [['adopt', 'not-a-ref', '--client-id', 'x'], 'expected <stack>/<client>'],
])('%j is a usage error (64) that says why', async (args, says) => {
  const failed = await run(args);
  expect(failed.status).toBe(64);
  expect(failed.stderr).toContain(says);
});
