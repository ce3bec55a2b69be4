// The command Terraform's provisioners run, relative to the stack's working directory
// (cdktf.out/stacks/<stack>), so the synthesized JSON is the same on every machine (DESIGN §3).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';

const PACKAGE_NAME = 'oauth-clients-as-code';
/** The esbuild bundle of lib/cli/handler-main.ts: one file, plain `node`, because Terraform starts one per client. */
const BUNDLE = path.join('dist', 'oauth-clients-handler.cjs');

export interface HandlerInvocation {
  /** e.g. `node ../../../dist/oauth-clients-handler.cjs` */
  readonly command: string;
  /** The project root (where the app runs) relative to the stack directory, e.g. `../../..`. */
  readonly projectRoot: string;
}

export function handlerInvocation(stack: TerraformStack): HandlerInvocation {
  const stackDir = path.resolve(App.of(stack).outdir, 'stacks', stack.node.id);
  const relative = (to: string) => toPosix(path.relative(stackDir, to)) || '.';
  const override = stack.node.tryGetContext('oauth-clients:handlerCommand');
  const command = typeof override === 'string' ? override : `node ${relative(path.join(packageRoot(), BUNDLE))}`;
  return { command, projectRoot: relative(process.cwd()) };
}

const toPosix = (p: string) => p.split(path.sep).join('/');

let cachedRoot: string | undefined;

/** This library's own root: where its bundle is built, in this repo or under node_modules. */
function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return (cachedRoot = dir);
  }
  throw new Error(`cannot find the ${PACKAGE_NAME} package above ${__dirname}`);
}
