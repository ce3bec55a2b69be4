// The command line of the development server process, parsed and checked into DevServerOptions.

import { parseArgs } from 'node:util';

import { DEV_SERVER_DEFAULTS } from './defaults';
import type { DevServerOptions } from './dev-server-options';

export const USAGE = `Usage: provider [--port N] [--data-dir DIR] [--scopes a,b] [--no-rotate]

Starts the local development authorization server on 127.0.0.1.

  --port N        port to listen on, 0 for any free one (default ${DEV_SERVER_DEFAULTS.port})
  --data-dir DIR  where clients, tokens and keys are kept (default ${DEV_SERVER_DEFAULTS.dataDir})
  --scopes a,b    API scopes clients may use (default ${DEV_SERVER_DEFAULTS.scopes.join(',')});
                  openid and offline_access are always offered
  --no-rotate     keep the registration access token on RFC 7592 updates (default: rotate)
  --no-admin      no /dev-admin routes (client listing, registration access token re-issue):
                  behave like a plain RFC 7591/7592 provider
  -h, --help      show this help

Prints "issuer: <url>" and "initial access token: <file>" (the token's file, never the token).`;

export type ParsedArgs = { readonly help: true } | { readonly help: false; readonly options: DevServerOptions };

/** Throws an Error whose message is fit to show the user as is. */
export function parseDevServerArgs(argv: readonly string[]): ParsedArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      scopes: { type: 'string' },
      // Spelt out: parseArgs only learnt `--no-` negation in Node 22.
      'no-rotate': { type: 'boolean' },
      'no-admin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };

  let port: number | undefined;
  if (values.port !== undefined) {
    port = /^\d+$/.test(values.port) ? Number(values.port) : NaN;
    if (!(port >= 0 && port <= 65535)) throw new Error(`--port: must be a number from 0 to 65535, got '${values.port}'`);
  }
  const scopes = values.scopes?.split(',').map((scope) => scope.trim()).filter((scope) => scope !== '');
  if (scopes !== undefined && scopes.length === 0) throw new Error('--scopes: give at least one scope, e.g. --scopes api.read,api.write');

  return {
    help: false,
    options: {
      ...(port !== undefined ? { port } : {}),
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
      ...(scopes !== undefined ? { scopes } : {}),
      ...(values['no-rotate'] ? { rotateRegistrationAccessToken: false } : {}),
      ...(values['no-admin'] ? { adminRoutes: false } : {}),
    },
  };
}
