// `oauth-clients demo up|down`: the README's one command. Deploys the example development stack
// against the local development provider (started if none answers), then shows what happened:
// the clients, where their secrets went, and the claims of a real client-credentials token.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { listLedger, type LedgerRecord } from '../backend';
import { STORE_DEFAULTS } from '../model';
import { openSecretStore, type SecretStoreBackend } from '../secrets';
import { clientTable } from './private/client-table';
import { ensureDevProvider, stopDevProvider } from './private/dev-provider';
import { terraformEnv } from './private/terraform-env';
import { run as token } from './token';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients demo up|down [--stack NAME]

  up    start the local development provider unless one answers on 127.0.0.1:9400,
        deploy the stack (default tstapp-dev), print its clients and a token's claims
  down  destroy the stack and stop the development provider this project started
`;

const ISSUER = 'http://127.0.0.1:9400';
const IAT_ENV = 'OAUTH_CLIENTS_DEV_IAT';

export async function run(args: string[]): Promise<number> {
  const [action, flag, value] = args;
  if (args.includes('--help') || (action !== 'up' && action !== 'down') || (flag !== undefined && flag !== '--stack')) {
    process.stdout.write(USAGE);
    return args.includes('--help') ? EXIT.ok : EXIT.usage;
  }
  const stack = value ?? 'tstapp-dev';
  const projectRoot = process.cwd();
  const cdktf = path.join(projectRoot, 'node_modules', '.bin', 'cdktf');
  const env = terraformEnv(process.env);

  if (action === 'down') {
    const result = spawnSync(cdktf, ['destroy', stack, '--auto-approve'], { stdio: 'inherit', env: { ...env, ...(await iatEnv(env, projectRoot)) } });
    const pid = stopDevProvider(projectRoot);
    process.stdout.write(pid ? `stopped the development provider (pid ${pid})\n` : '');
    return result.status === 0 ? EXIT.ok : EXIT.failure;
  }

  const provider = await ensureDevProvider(projectRoot, ISSUER);
  process.stdout.write(`${provider.started ? 'started' : 'using'} the development provider at ${provider.issuer}\n`);
  const deploy = spawnSync(cdktf, ['deploy', stack, '--auto-approve'], { stdio: 'inherit', env: { ...env, ...(await iatEnv(env, projectRoot)) } });
  if (deploy.status !== 0) {
    process.stderr.write(`oauth-clients demo: cdktf deploy ${stack} failed (exit ${deploy.status}); the output above names the client\n`);
    return EXIT.failure;
  }
  const store = await openSecretStore({ kind: 'file', directory: STORE_DEFAULTS.fileDirectory, keyEnv: STORE_DEFAULTS.fileKeyEnv }, { projectRoot, env });
  const records = await stackLedger(store, stack);
  process.stdout.write(`\n${clientTable(records, store.description)}\n`);
  const service = records.find((r) => r.spec.grantTypes.includes('client_credentials'));
  if (service) {
    // The token verb itself, as a developer would run it: `oauth-clients token <stack>/<client>`
    // (a default key is the construct path, which starts with the stack's name).
    const ref = service.key.startsWith(`${stack}/`) ? service.key : `${stack}/${service.key}`;
    process.stdout.write(`\nclaims of a client-credentials access token for ${service.key} (oauth-clients token ${ref}):\n`);
    const status = await token([ref]);
    if (status !== EXIT.ok) return status;
  }
  process.stdout.write(`\nRun 'npm run demo:destroy' to delete the clients and stop the provider.\n`);
  return EXIT.ok;
}

/** The development host reads its initial access token from a file unless the user set one. */
async function iatEnv(env: NodeJS.ProcessEnv, projectRoot: string): Promise<NodeJS.ProcessEnv> {
  if (env[IAT_ENV] || env[`${IAT_ENV}_FILE`]) return {};
  return { [`${IAT_ENV}_FILE`]: path.join(projectRoot, '.oauth-clients', 'devserver', 'initial-access-token') };
}

async function stackLedger(store: SecretStoreBackend, stack: string): Promise<LedgerRecord[]> {
  return (await listLedger(store)).filter((record) => record.stack === stack);
}
