// The store conformance suite (fixtures/store-conformance.ts) on the `pass` store, for real: Debian's
// `pass` and GnuPG, a throwaway GnuPG home with a key made for this file, a throwaway password
// store. A `pass` shim first on the PATH records every argv, so the suite can check that no value
// ever went on a command line (values go through stdin only).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSecretStore } from '../../lib/secrets';
import { describeStoreConformance } from './fixtures/store-conformance';

let root: string;
let gnupgHome: string;
let shimLog: string;
let stores = 0;
let baseEnv: NodeJS.ProcessEnv;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'oac-pass-'));
  gnupgHome = join(root, 'gnupg');
  mkdirSync(gnupgHome, { mode: 0o700 });
  const gpgEnv = { ...process.env, GNUPGHOME: gnupgHome };
  // A key without passphrase, for this file only.
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'oauth-clients test <pass-test@example.invalid>', 'default', 'default', 'never'], { env: gpgEnv, stdio: 'ignore' });
  // The shim: logs argv, then runs the real pass.
  const shims = join(root, 'bin');
  mkdirSync(shims);
  shimLog = join(root, 'argv.log');
  const realPass = execFileSync('sh', ['-c', 'command -v pass'], { encoding: 'utf8' }).trim();
  writeFileSync(join(shims, 'pass'), `#!/bin/sh\nprintf '%s\\n' "pass $*" >> '${shimLog}'\nexec '${realPass}' "$@"\n`);
  chmodSync(join(shims, 'pass'), 0o755);
  baseEnv = { PATH: `${shims}:${process.env.PATH}`, HOME: root, GNUPGHOME: gnupgHome };
}, 60_000);

afterAll(() => {
  try {
    execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gnupgHome }, stdio: 'ignore' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

function passwordStore(): string {
  const dir = join(root, `store-${++stores}`);
  execFileSync('pass', ['init', 'pass-test@example.invalid'], { env: { ...baseEnv, PASSWORD_STORE_DIR: dir }, stdio: 'ignore' });
  return dir;
}

describeStoreConformance('pass', {
  // pass reads locally: an entry that is not there is known without GnuPG.
  getFailsWhenDown: false,
  fresh: async () => {
    const dir = passwordStore();
    return {
      open: () => openSecretStore({ kind: 'pass', prefix: 'oauth-clients' }, { projectRoot: '/', env: { ...baseEnv, PASSWORD_STORE_DIR: dir } }),
      // "Down": GnuPG has no key to encrypt to (another GnuPG home, as on a runner without the key).
      openDown: async () => {
        const emptyHome = mkdtempSync(join(root, 'empty-gnupg-'));
        return openSecretStore({ kind: 'pass', prefix: 'oauth-clients' }, { projectRoot: '/', env: { ...baseEnv, GNUPGHOME: emptyHome, PASSWORD_STORE_DIR: dir } });
      },
      observed: () => readFileSync(shimLog, 'utf8'),
    };
  },
});

describe('pass store', () => {
  it('entries are GnuPG files <prefix>/<key>.gpg that `pass show` reads back as the JSON object', async () => {
    const dir = passwordStore();
    const env = { ...baseEnv, PASSWORD_STORE_DIR: dir };
    const store = await openSecretStore({ kind: 'pass', prefix: 'team/oauth' }, { projectRoot: '/', env });
    await store.putIfAbsent('auth/orders', { client_id: 'orders', client_secret: 'x' });
    expect(JSON.parse(execFileSync('pass', ['show', 'team/oauth/auth/orders'], { env, encoding: 'utf8' }))).toEqual({ client_id: 'orders', client_secret: 'x' });
    expect(readFileSync(join(dir, 'team/oauth/auth/orders.gpg')).includes(Buffer.from('client_secret'))).toBe(false);
    expect(readFileSync(shimLog, 'utf8')).toContain('pass insert --multiline --force team/oauth/auth/orders');
  });

  it('a password store that was never initialised is named with the command that fixes it', async () => {
    const store = await openSecretStore({ kind: 'pass', prefix: 'p' }, { projectRoot: '/', env: { ...baseEnv, PASSWORD_STORE_DIR: join(root, 'never-initialised') } });
    await expect(store.putIfAbsent('k', { a: 1 })).rejects.toThrow(/the password store is not initialised \(run: pass init <gpg-id>\)/);
  });
});
