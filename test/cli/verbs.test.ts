// The installed command's contract, run as users run it (the built bin, through its shebang):
// --version, --help on every verb, and a usage error (exit 64) for anything it does not know.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const BIN = path.join(ROOT, manifest.bin['oauth-clients']);
const VERBS = ['handle', 'provider', 'demo', 'audit', 'credentials'];

/** Runs the bin file itself, as a shell or npx does: the shebang picks node. */
const run = (...args: string[]) => spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });

describe('the oauth-clients command', () => {
  test('given the built bin, then it is executable and starts with a node shebang', () => {
    expect(fs.readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(fs.statSync(BIN).mode & 0o111).toBe(0o111);
  });

  test('when asked --version, then it prints the package version', () => {
    const result = run('--version');

    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${manifest.version}\n`);
  });

  test('when asked --help, then it lists every verb', () => {
    const result = run('--help');

    expect(result.status).toBe(0);
    for (const verb of VERBS) expect(result.stdout).toMatch(new RegExp(`^  ${verb} `, 'm'));
  });

  test('when given no verb or an unknown one, then it is a usage error', () => {
    expect(run().status).toBe(64);
    const unknown = run('deploy');
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain("unknown command 'deploy'");
    expect(run('--verbose').status).toBe(64);
  });

  test.each(VERBS)('when asked `%s --help`, then it prints the verb usage and exits 0', (verb) => {
    const result = run(verb, '--help');

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage: oauth-clients ${verb}`, 'm'));
    expect(run('help', verb).stdout).toBe(result.stdout);
  });

  test.each(VERBS)('when `%s` gets an unknown option, then it exits 64 naming the option, having done nothing', (verb) => {
    const result = run(verb, ...(verb === 'handle' ? ['apply'] : verb === 'demo' ? ['up'] : []), '--frobnicate');

    expect(result.status).toBe(64);
    expect(result.stderr).toMatch(/--frobnicate|expected apply, destroy/);
    expect(result.stdout).not.toMatch(/^issuer:/m);
  });

  test('when an option lacks its value or a verb gets a stray argument, then it is a usage error naming it', () => {
    const missing = run('provider', '--port');
    expect(missing.status).toBe(64);
    expect(missing.stderr).toContain("'--port <value>' argument missing");

    const stray = run('provider', 'now');
    expect(stray.status).toBe(64);
    expect(stray.stderr).toContain("unexpected argument 'now'");

    const badAction = run('demo', 'sideways');
    expect(badAction.status).toBe(64);
    expect(badAction.stderr).toContain("expected up or down, got 'sideways'");
  });
});
