// This library's own files, found from its location, in this repository or under a consumer's
// node_modules: the built bundles Terraform runs, and the package version.
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'oauth-clients-as-code';

let cachedRoot: string | undefined;

/** This library's own root: where its bundles are built, in this repo or under node_modules. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return (cachedRoot = dir);
  }
  throw new Error(`cannot find the ${PACKAGE_NAME} package above ${__dirname}`);
}

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
