// The command Terraform's provisioners run, relative to the stack's working directory
// (cdktf.out/stacks/<stack>), so the synthesized JSON is the same on every machine
// (docs/design.md §3). The handler is found inside the project: this repository's own dist/, or
// the package under the project's node_modules, whichever way it was installed (registry, tarball,
// git, or a directory install, which npm makes a symlink to a folder outside the project).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { PACKAGE_FILES, PACKAGE_NAME, packageRoot } from '../../files/package-root';

/** Context key: a command to run instead of the bundle (tests, benchmarks, a wrapper of your own). */
export const HANDLER_COMMAND_CONTEXT = 'oauth-clients:handlerCommand';

export interface HandlerInvocation {
  /** e.g. `node ../../../node_modules/oauth-clients-as-code/dist/oauth-clients-handler.cjs` */
  readonly command: string;
  /** The project root (where the app runs) relative to the stack directory, e.g. `../../..`. */
  readonly projectRoot: string;
}

export function handlerInvocation(stack: TerraformStack): HandlerInvocation {
  const stackDir = path.resolve(App.of(stack).outdir, 'stacks', stack.node.id);
  const relative = (to: string) => toPosix(path.relative(stackDir, to)) || '.';
  const override = stack.node.tryGetContext(HANDLER_COMMAND_CONTEXT);
  return {
    // Only the provisioner modes run the handler: provider mode asks for the project root alone.
    get command() {
      return typeof override === 'string' ? override : `node ${relative(path.join(installedPackageRoot(process.cwd()), PACKAGE_FILES.handler))}`;
    },
    projectRoot: relative(process.cwd()),
  };
}

const toPosix = (p: string) => p.split(path.sep).join('/');
const isInside = (dir: string, parent: string) => {
  const rel = path.relative(parent, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

const resolved = new Map<string, string>();

/**
 * This package's root as the project reaches it: the real directory when it is inside the project,
 * else `node_modules/<name>` in the project or a folder above it (a workspace root) when that link
 * leads to this very package. Anything else would bake a path of this machine into cdk.tf.json.
 */
export function installedPackageRoot(projectDir: string): string {
  const known = resolved.get(projectDir);
  if (known) return known;
  const root = packageRoot();
  const project = realpath(projectDir);
  if (isInside(root, project)) return remember(projectDir, path.join(projectDir, path.relative(project, root)));
  for (let dir = projectDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', PACKAGE_NAME);
    if (fs.existsSync(candidate) && realpath(candidate) === root) return remember(projectDir, candidate);
    if (dir === path.dirname(dir)) break;
  }
  throw new Error(
    `${PACKAGE_NAME} is loaded from ${root}, outside this project (${projectDir}), and no node_modules/${PACKAGE_NAME} ` +
      `of the project leads to it: Terraform's provisioners would run a path that exists only on this machine. ` +
      `Install the package into the project (npm install ${PACKAGE_NAME}, a tarball, a git URL or a directory), ` +
      `import it as '${PACKAGE_NAME}', and synthesize from the project root; or set the context '${HANDLER_COMMAND_CONTEXT}'.`,
  );
}

function remember(projectDir: string, root: string): string {
  resolved.set(projectDir, root);
  return root;
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
