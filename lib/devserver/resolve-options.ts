// Applies the documented defaults to DevServerOptions and checks each value, so a bad option
// fails at start with the field, the rule and the value received.

import { resolve } from 'node:path';

import { ALWAYS_OFFERED_SCOPES, DEV_SERVER_DEFAULTS } from './defaults';
import type { DevServerOptions } from './dev-server-options';

export interface ResolvedOptions {
  readonly port: number;
  /** Absolute. */
  readonly dataDir: string;
  /** The API scopes, deduplicated, without the always-offered ones. */
  readonly scopes: readonly string[];
  readonly rotateRegistrationAccessToken: boolean;
  readonly adminRoutes: boolean;
  readonly accessTokenTtlSeconds: number;
  readonly resource: string;
  readonly devInteractions: boolean;
  readonly log: (line: string) => void;
}

// RFC 6749 §3.3 scope-token: printable ASCII except space, '"' and '\'.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function resolveOptions(options: DevServerOptions, cwd = process.cwd()): ResolvedOptions {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };

  const port = options.port ?? DEV_SERVER_DEFAULTS.port;
  check(Number.isInteger(port) && port >= 0 && port <= 65535, `port: must be an integer from 0 to 65535, got ${port}`);

  const scopes = [...new Set(options.scopes ?? DEV_SERVER_DEFAULTS.scopes)].filter(
    (scope) => !(ALWAYS_OFFERED_SCOPES as readonly string[]).includes(scope),
  );
  check(scopes.length > 0, 'scopes: at least one API scope is needed');
  for (const scope of scopes) {
    check(SCOPE_TOKEN.test(scope), `scopes: '${scope}' is not a scope token (RFC 6749 §3.3)`);
  }

  const ttl = options.accessTokenTtlSeconds ?? DEV_SERVER_DEFAULTS.accessTokenTtlSeconds;
  check(Number.isInteger(ttl) && ttl > 0, `accessTokenTtlSeconds: must be a positive integer, got ${ttl}`);

  const resource = options.resource ?? DEV_SERVER_DEFAULTS.resource;
  const url = URL.parse(resource);
  check(url !== null && url.hash === '', `resource: must be an absolute URI without a fragment (RFC 8707 §2), got '${resource}'`);

  if (problems.length > 0) throw new Error(`invalid development server options: ${problems.join('; ')}`);

  return {
    port,
    dataDir: resolve(cwd, options.dataDir ?? DEV_SERVER_DEFAULTS.dataDir),
    scopes,
    rotateRegistrationAccessToken: options.rotateRegistrationAccessToken ?? DEV_SERVER_DEFAULTS.rotateRegistrationAccessToken,
    adminRoutes: options.adminRoutes ?? DEV_SERVER_DEFAULTS.adminRoutes,
    accessTokenTtlSeconds: ttl,
    resource,
    devInteractions: options.devInteractions ?? DEV_SERVER_DEFAULTS.devInteractions,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}
