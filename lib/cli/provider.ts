// `oauth-clients provider`: the local development authorization server (lib/devserver) in the
// foreground, for a developer's cdktf project. `--scopes-from-app` offers the scopes the app's
// clients of this provider use, so a scope added with `host.addScope` on a development host
// registers without editing a list twice. Prints the issuer and the initial access token's FILE.
import * as path from 'node:path';
import { ALWAYS_OFFERED_SCOPES, DEV_SERVER_DEFAULTS } from '../devserver/defaults';
import { main as devServerMain } from '../devserver/main';
import { declaredClients, projectRootOf, scopesOnPort } from './private/app-clients';
import { defineVerb, EXIT, UsageError } from './verbs';

const USAGE = `usage: oauth-clients provider [--port N] [--data-dir DIR] [--scopes a,b] [--scopes-from-app] [--no-rotate]

Runs the local development authorization server (node-oidc-provider) on 127.0.0.1 until
Ctrl-C: RFC 7591 registration behind an initial access token, RFC 7592 management, client
credentials and authorization code with PKCE, JWT access tokens with 'scope' and 'scp'.

  --port N            port, 0 for any free one (default ${DEV_SERVER_DEFAULTS.port})
  --data-dir DIR      clients, keys and the token file, relative to the project root
                      (the directory holding cdktf.json; default ${DEV_SERVER_DEFAULTS.dataDir})
  --scopes a,b        API scopes clients may use (default ${DEV_SERVER_DEFAULTS.scopes.join(',')});
                      openid and offline_access are always offered
  --scopes-from-app   also offer every scope the app's clients of this provider ask for
                      (synthesizes the cdktf app of the project)
  --no-rotate         keep registration access tokens on RFC 7592 updates (default: rotate)

stdout: "issuer: <url>" and "initial access token: <file>", the token's file, never the token.
Point the host's credential at it, e.g. OAUTH_CLIENTS_DEV_IAT_FILE=${DEV_SERVER_DEFAULTS.dataDir}/initial-access-token
for Host.localDevelopment (a relative <NAME>_FILE resolves against the project root).
`;

export const { run } = defineVerb({
  name: 'provider',
  usage: USAGE,
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    scopes: { type: 'string' },
    'scopes-from-app': { type: 'boolean' },
    'no-rotate': { type: 'boolean' },
  },
  async main({ values }) {
    const projectRoot = values['scopes-from-app'] ? projectRootOf(process.cwd()) : (tryProjectRoot() ?? process.cwd());
    const port = values.port ?? String(DEV_SERVER_DEFAULTS.port);
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got '${port}'`);
    const scopes = new Set(values.scopes?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? []);
    if (values['scopes-from-app']) {
      for (const scope of scopesOnPort(await declaredClients(projectRoot), Number(port))) scopes.add(scope);
    }
    // Without an API scope the server would refuse to start: then its defaults apply.
    const apiScopes = [...scopes].filter((s) => !(ALWAYS_OFFERED_SCOPES as readonly string[]).includes(s));
    const argv = [
      '--port', port,
      '--data-dir', path.resolve(projectRoot, values['data-dir'] ?? DEV_SERVER_DEFAULTS.dataDir),
      ...(apiScopes.length > 0 ? ['--scopes', apiScopes.join(',')] : []),
      ...(values['no-rotate'] ? ['--no-rotate'] : []),
    ];
    await devServerMain(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  },
});

function tryProjectRoot(): string | undefined {
  try {
    return projectRootOf(process.cwd());
  } catch {
    return undefined;
  }
}
