// Where the synthesized provisioners find the handler: inside the project for every install
// method, or synth says why it cannot (issue 11 item 1). The tarball and git installs are run for
// real by test/package/consumer.test.ts; here the directory-install and "not installed" cases.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installedPackageRoot } from '../../lib/constructs/private/handler-command';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

let scratch: string;
beforeAll(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'oac-handler-command-')));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('the package root the provisioners use', () => {
  test('given this repository as the project, then it is the repository itself', () => {
    expect(installedPackageRoot(REPO_ROOT)).toBe(REPO_ROOT);
  });

  test('given a directory install (node_modules/oauth-clients-as-code a link to a folder outside the project), then it is the link inside the project', () => {
    const project = path.join(scratch, 'linked');
    fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    fs.symlinkSync(REPO_ROOT, path.join(project, 'node_modules', 'oauth-clients-as-code'), 'dir');

    expect(installedPackageRoot(project)).toBe(path.join(project, 'node_modules', 'oauth-clients-as-code'));
  });

  test('given a workspace whose node_modules is hoisted above the project, then it is that node_modules link', () => {
    const workspace = path.join(scratch, 'workspace');
    const project = path.join(workspace, 'packages', 'infra');
    fs.mkdirSync(project, { recursive: true });
    fs.mkdirSync(path.join(workspace, 'node_modules'));
    fs.symlinkSync(REPO_ROOT, path.join(workspace, 'node_modules', 'oauth-clients-as-code'), 'dir');

    expect(installedPackageRoot(project)).toBe(path.join(workspace, 'node_modules', 'oauth-clients-as-code'));
  });

  test('given a project that imports the library by a path outside it, with no node_modules link, then synth refuses, saying why and what to do', () => {
    const project = path.join(scratch, 'unlinked');
    fs.mkdirSync(project);

    expect(() => installedPackageRoot(project)).toThrow(
      new RegExp(`is loaded from ${REPO_ROOT.replace(/[/.]/g, '\\$&')}, outside this project .*would run a path that exists only on this machine.*npm install oauth-clients-as-code`),
    );
  });
});
