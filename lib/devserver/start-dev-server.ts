// Starts the local development authorization server: node-oidc-provider 9 on 127.0.0.1 with
// RFC 7591/7592 dynamic registration, client credentials and authorization code + PKCE, JWT
// access tokens, and state kept in a data directory so everything survives a restart.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { adminRoutes, ADMIN_PATH } from './admin-routes';
import { DIRECTORY_MODE } from './atomic-file';
import { LOOPBACK_ADDRESS } from './defaults';
import type { DevServer, DevServerOptions } from './dev-server-options';
import { fileAdapterFactory } from './file-adapter';
import { ensureInitialAccessToken } from './initial-access-token';
import { loadOidcProvider, withOidcProviderOutput } from './oidc-provider-output';
import { providerConfiguration } from './provider-configuration';
import { resolveOptions } from './resolve-options';
import { claimDataDir, publishServerInfo, releaseDataDir } from './server-info';
import { loadOrCreateKeys } from './signing-keys';
import { scheduleSweeps } from './sweep-store';

/** What lives in the data directory. */
export function dataDirLayout(dataDir: string) {
  return {
    store: join(dataDir, 'store'),
    keys: join(dataDir, 'keys.json'),
    initialAccessToken: join(dataDir, 'initial-access-token'),
    serverInfo: join(dataDir, 'server.json'),
  };
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const settings = resolveOptions(options);
  const { dataDir, log } = settings;
  const files = dataDirLayout(dataDir);

  await mkdir(dataDir, { recursive: true, mode: DIRECTORY_MODE });
  await claimDataDir(dataDir, files.serverInfo);

  let server: Server | undefined;
  try {
    // Key generation (first start only) runs in libuv's thread pool while the main thread
    // loads oidc-provider, the bulk of start-up time.
    const keysLoaded = loadOrCreateKeys(files.keys);
    keysLoaded.catch(() => undefined); // awaited below; keeps a failure from going unhandled meanwhile
    const { Provider, errors } = loadOidcProvider(log);
    const keys = await keysLoaded;

    // The issuer names the port, and port 0 is only known after listening: answer 503 until
    // the provider is ready rather than leaving early requests hanging.
    let handle = (_req: IncomingMessage, res: ServerResponse) => {
      res.statusCode = 503;
      res.end();
    };
    server = createServer((req, res) => handle(req, res));
    const port = await listen(server, settings.port);
    const issuer = `http://${LOOPBACK_ADDRESS}:${port}`;

    const adapterFor = fileAdapterFactory(files.store);
    const provider = withOidcProviderOutput(log, () =>
      new Provider(
        issuer,
        providerConfiguration({
          apiScopes: settings.scopes,
          resource: settings.resource,
          accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
          rotateRegistrationAccessToken: settings.rotateRegistrationAccessToken,
          devInteractions: settings.devInteractions,
          keys,
          adapter: adapterFor,
          errors,
          ...(settings.adminRoutes ? { adminEndpoint: `${issuer}${ADMIN_PATH}` } : {}),
        }),
      ),
    );
    // Error messages of oidc-provider and of the store name no token or secret.
    provider.on('server_error', (_ctx, error) => log(`server error: ${error.message}`));
    const oidc = provider.callback();
    if (settings.adminRoutes) {
      const admin = adminRoutes({ provider, storeDirectory: files.store, adapterFor });
      handle = (req, res) => {
        admin(req, res).then((answered) => answered || oidc(req, res), () => oidc(req, res));
      };
    } else {
      handle = oidc;
    }

    await ensureInitialAccessToken(provider, files.initialAccessToken);
    await publishServerInfo(files.serverInfo, {
      issuer,
      port,
      pid: process.pid,
      initialAccessTokenFile: files.initialAccessToken,
    });
    const sweeps = scheduleSweeps(files.store, adapterFor, log);

    const listening = server;
    let closing: Promise<void> | undefined;
    return {
      issuer,
      port,
      initialAccessTokenFile: files.initialAccessToken,
      close: () =>
        (closing ??= (async () => {
          await stopListening(listening);
          await sweeps.stop();
          await releaseDataDir(dataDir, files.serverInfo);
        })()),
    };
  } catch (error) {
    if (server?.listening) await stopListening(server);
    await releaseDataDir(dataDir, files.serverInfo);
    throw error;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${LOOPBACK_ADDRESS} is already in use; stop what listens there or choose another port`)
          : error,
      );
    });
    server.listen(port, LOOPBACK_ADDRESS, () => resolvePort((server.address() as AddressInfo).port));
  });
}

/** Stops accepting connections and drops idle keep-alive ones, which would hold close() open. */
function stopListening(server: Server): Promise<void> {
  return new Promise((resolveClosed) => {
    server.close(() => resolveClosed());
    server.closeAllConnections();
  });
}
