// The command Terraform's provisioners run, relative to the stack's working directory
// (cdktf.out/stacks/<stack>), so the synthesized JSON is the same on every machine (DESIGN §3).
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { packageRoot } from './package-files';
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
