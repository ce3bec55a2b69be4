// Where this package itself lives, in this repository or under a consumer's node_modules: the
// handler bundle and the CLI are found from here, and `--version` reads its package.json. Found
// by walking up from this file, so it works from the tsc output, the esbuild bundles and ts-node.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PACKAGE_NAME = 'oauth-clients-as-code';

/** The built files, relative to the package root (esbuild bundles of lib/cli). */
export const PACKAGE_FILES = {
  /** Every verb: `npx oauth-clients`. */
  cli: path.join('dist', 'oauth-clients.cjs'),
  /** `handle` only, run by Terraform's provisioners once per client. */
  handler: path.join('dist', 'oauth-clients-handler.cjs'),
} as const;

let cached: { root: string; version: string } | undefined;

function locate(): { root: string; version: string } {
  if (cached) return cached;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (name === PACKAGE_NAME) return (cached = { root: dir, version: version ?? '0.0.0' });
  }
  throw new Error(`cannot find the ${PACKAGE_NAME} package above ${__dirname}`);
}

/** The package's root directory (a real path: Node resolves symlinks when it loads a module). */
export function packageRoot(): string {
  return locate().root;
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return locate().version;
}
