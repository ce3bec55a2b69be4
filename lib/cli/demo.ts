// `oauth-clients demo up|down`: the README's one command, for any stack of the project's app whose
// clients live on the local development provider. Deploys the stack against that provider (started
// with the app's scopes if none answers), then shows what happened: the clients, where their secrets
// went, and the claims of a real client-credentials token.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeclaredClient } from '../audit/declared-clients';
import { listLedger } from '../backend';
import type { HostSpec } from '../model';
import { openSecretStore } from '../secrets';
import { declaredClients, loopbackPort, projectRootOf, scopesOnPort } from './private/app-clients';
import { clientTable } from './private/client-table';
import { devInitialAccessTokenFile, ensureDevProvider, stopDevProvider } from './private/dev-provider';
import { terraformEnv } from './private/terraform-env';
import { run as token } from './token';
import { defineVerb, EXIT, UsageError } from './verbs';

const USAGE = `usage: oauth-clients demo up|down [--stack NAME]

Run in a cdktf project (the directory holding cdktf.json, or below it).

  up    start the local development provider unless one answers on the stack's development
        issuer (offering the scopes the app's clients use), deploy the stack, print its clients,
        where their secrets went and the claims of a client-credentials token
  down  destroy the stack and stop the development provider this project started

  --stack NAME   the stack to deploy; default: the one stack whose clients all use a
                 development host on a loopback issuer (http://127.0.0.1:PORT)

The hosts' initial access token is read from the provider's token file unless the env var the
host names (or <NAME>_FILE) is set. Needs cdktf-cli in the project (node_modules/.bin/cdktf).
`;

export const { run } = defineVerb({
  name: 'demo',
  usage: USAGE,
  options: { stack: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async main({ values, positionals }) {
    const action = positionals[0];
    if (action !== 'up' && action !== 'down') throw new UsageError(`expected up or down, got '${action}'`);
    const projectRoot = projectRootOf(process.cwd());
    const cdktf = path.join(projectRoot, 'node_modules', '.bin', 'cdktf');
    if (!fs.existsSync(cdktf)) throw new UsageError(`${cdktf} is missing: install cdktf-cli in the project (npm install --save-dev cdktf-cli)`);
    const clients = await declaredClients(projectRoot);
    const stack = values.stack ?? onlyDevelopmentStack(clients);
    const host = developmentHostOf(clients, stack);
    const env = { ...terraformEnv(process.env), ...iatEnv(process.env, host, projectRoot) };

    if (action === 'down') {
      const result = spawnSync(cdktf, ['destroy', stack, '--auto-approve'], { cwd: projectRoot, stdio: 'inherit', env });
      const pid = stopDevProvider(projectRoot);
      process.stdout.write(pid ? `stopped the development provider (pid ${pid})\n` : '');
      return result.status === 0 ? EXIT.ok : EXIT.failure;
    }

    const scopes = scopesOnPort(clients, loopbackPort(host.issuer)!);
    const provider = await ensureDevProvider(projectRoot, host.issuer, scopes);
    process.stdout.write(`${provider.started ? 'started' : 'using'} the development provider at ${provider.issuer}\n`);
    const deploy = spawnSync(cdktf, ['deploy', stack, '--auto-approve'], { cwd: projectRoot, stdio: 'inherit', env });
    if (deploy.status !== 0) {
      process.stderr.write(`oauth-clients demo: cdktf deploy ${stack} failed (exit ${deploy.status}); the output above names the client\n`);
      return EXIT.failure;
    }
    const store = await openSecretStore(host.store, { projectRoot, env });
    const records = (await listLedger(store)).filter((record) => record.stack === stack);
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
    process.stdout.write(`\nRun 'npx oauth-clients demo down${values.stack ? ` --stack ${stack}` : ''}' to delete the clients and stop the provider.\n`);
    return EXIT.ok;
  },
});

/** The stacks whose every client is on a loopback development host; the demo needs exactly one. */
function onlyDevelopmentStack(clients: readonly DeclaredClient[]): string {
  const stacks = [...new Set(clients.map((c) => c.spec.stack))].sort();
  const development = stacks.filter((stack) => clients.filter((c) => c.spec.stack === stack).every((c) => isDevelopmentHost(c.spec.host)));
  if (development.length === 1) return development[0];
  if (development.length === 0) throw new UsageError(`no stack of the app has its clients on a development host (http://127.0.0.1:PORT); stacks: ${stacks.join(', ') || 'none'}`);
  throw new UsageError(`several stacks use a development host (${development.join(', ')}): choose one with --stack`);
}

function developmentHostOf(clients: readonly DeclaredClient[], stack: string): HostSpec {
  const ofStack = clients.filter((c) => c.spec.stack === stack);
  if (ofStack.length === 0) throw new UsageError(`stack '${stack}' declares no OAuth client (stacks with clients: ${[...new Set(clients.map((c) => c.spec.stack))].sort().join(', ') || 'none'})`);
  const hosts = new Map(ofStack.map((c) => [c.spec.host.name, c.spec.host]));
  const elsewhere = [...hosts.values()].filter((h) => !isDevelopmentHost(h));
  if (elsewhere.length > 0) throw new UsageError(`the demo deploys only to the local development provider, but stack '${stack}' has clients on host '${elsewhere[0].name}' (${elsewhere[0].issuer})`);
  if (hosts.size > 1) throw new UsageError(`stack '${stack}' uses several development hosts (${[...hosts.keys()].join(', ')}); the demo runs one provider`);
  return [...hosts.values()][0];
}

const isDevelopmentHost = (host: HostSpec) => host.environment === 'development' && host.flavour === 'rfc7591' && loopbackPort(host.issuer) !== undefined;

/** The host's initial access token from the provider's file, unless the user set the env var or its _FILE. */
function iatEnv(env: NodeJS.ProcessEnv, host: HostSpec, projectRoot: string): NodeJS.ProcessEnv {
  const name = host.credentials.initialAccessToken;
  if (!name || env[name] || env[`${name}_FILE`]) return {};
  return { [`${name}_FILE`]: devInitialAccessTokenFile(projectRoot) };
}
