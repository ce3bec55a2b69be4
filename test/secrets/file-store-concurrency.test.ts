// Terraform runs up to 10 provisioners at once, each a separate process opening the same store.
// These stories start 10 real `node` processes and release them together.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSecretStore } from '../../lib/secrets';
import { runWorkersTogether } from './fixtures/run-workers';
import { scratchDirectory } from './fixtures/scratch-directory';
import { filesUnder, secretsFoundIn } from './fixtures/store-bytes';

const WORKERS = 10;
const DIRECTORY = '.oauth-clients/store';
const envWithoutKey = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.OAUTH_CLIENTS_STORE_KEY;
  return env;
};

describe('file store under concurrent processes', () => {
  it('given 10 processes exporting different secrets to the same keys at once, when they finish, then each key was created exactly once and holds its creator\'s secret', async () => {
    const projectRoot = scratchDirectory();
    const keyText = randomBytes(32).toString('base64url');
    const keys = ['exports/web', 'exports/api', 'exports/cli'];
    const secretOf = (worker: number, key: string): string => `secret-${worker}-${key}-${randomBytes(8).toString('hex')}`;
    const secrets = Array.from({ length: WORKERS }, (_, w) => keys.map((key) => secretOf(w, key)));
    const jobs = secrets.map((mine) => ({
      projectRoot,
      directory: DIRECTORY,
      operations: keys.map((key, k) => ({ op: 'putIfAbsent' as const, key, value: { client_secret: mine[k] } })),
    }));

    const results = await runWorkersTogether(jobs, { ...envWithoutKey(), OAUTH_CLIENTS_STORE_KEY: keyText });

    for (const result of results) expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const store = new FileSecretStore({ directory: join(projectRoot, DIRECTORY), key: Buffer.from(keyText, 'base64url') });
    for (const [k, key] of keys.entries()) {
      const creators = results.flatMap((result, w) => (result.outcomes[k] === 'created' ? [w] : []));
      expect({ key, creators: creators.length }).toEqual({ key, creators: 1 });
      expect(results.filter((result) => result.outcomes[k] === 'exists')).toHaveLength(WORKERS - 1);
      expect(await store.get(key)).toEqual({ client_secret: secrets[creators[0]][k] });
    }
    expect(filesUnder(join(projectRoot, DIRECTORY))).toEqual(['exports/api.jwe', 'exports/cli.jwe', 'exports/web.jwe']);
    expect(secretsFoundIn(join(projectRoot, DIRECTORY), secrets.flat())).toEqual([]);
  });

  it('given an empty directory and no env key, when 10 processes each write their own key at once, then they share one generated key file and every value reads back', async () => {
    const projectRoot = scratchDirectory();
    const secrets = Array.from({ length: WORKERS }, (_, w) => `secret-${w}-${randomBytes(8).toString('hex')}`);
    const jobs = secrets.map((secret, w) => ({
      projectRoot,
      directory: DIRECTORY,
      operations: [{ op: w % 2 === 0 ? ('put' as const) : ('putIfAbsent' as const), key: `exports/client-${w}`, value: { client_secret: secret } }],
    }));

    const results = await runWorkersTogether(jobs, envWithoutKey());

    for (const result of results) expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const directory = join(projectRoot, DIRECTORY);
    expect(filesUnder(directory)).toEqual(['.store-key', ...secrets.map((_, w) => `exports/client-${w}.jwe`).sort()]);
    const key = Buffer.from(readFileSync(join(directory, '.store-key'), 'utf8').trim(), 'base64url');
    const store = new FileSecretStore({ directory, key });
    for (const [w, secret] of secrets.entries()) expect(await store.get(`exports/client-${w}`)).toEqual({ client_secret: secret });
    expect(secretsFoundIn(directory, secrets)).toEqual([]);
  });
});
