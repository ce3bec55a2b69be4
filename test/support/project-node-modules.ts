// node_modules for a throw-away cdktf project of a test: a link to each package this repository
// installed, and node_modules/oauth-clients-as-code → this repository, as `npm install <dir>`
// makes it. Synth requires the library to be reachable through the project's node_modules
// (lib/constructs/private/handler-command.ts): a symlink of the whole node_modules is not enough.
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function linkNodeModules(projectDir: string, repoRoot = REPO_ROOT): void {
  const modules = path.join(projectDir, 'node_modules');
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (entry.startsWith('.') && entry !== '.bin') continue;
    fs.symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(modules, entry), 'dir');
  }
  fs.symlinkSync(repoRoot, path.join(modules, 'oauth-clients-as-code'), 'dir');
}
