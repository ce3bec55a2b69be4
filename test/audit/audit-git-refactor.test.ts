// The audit on a real repository when nothing a provider sees changes: a refactor that moves
// constructs (keeping their keys) reports no change; a revision that cannot synthesize, or a
// Ctrl-C, ends the audit with one line and still leaves no worktree behind.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { givenGitProject } from './fixtures/git-project';
import { auditIn, auditWith } from './fixtures/run-audit-in-process';
import { scratchDirectory } from './fixtures/scratch-directory';
import { writeSynthesizedProject } from './fixtures/synthesized-output';

jest.setTimeout(120_000);

const BEFORE_REFACTOR = `
const team = new TerraformStack(app, 'team');
new OAuthClient(team, 'web', {
  host: prod, key: 'web', clientName: 'Web',
  scopes: [scope(prod, 'orders.read'), scope(prod, 'invoices.read')],
  redirectUrls: ['https://app.example.com/a', 'https://app.example.com/b'],
});
new OAuthClient(team, 'ops', { host: prod, key: 'ops', flows: { clientCredentials: true }, scopes: [scope(prod, 'orders.read')] });
new OAuthClient(team, 'tool', { host: dev, scopes: [scope(dev, 'dev.read')], redirectUrls: [RedirectUrl.loopback(8080)] });
`;

// Clients grouped under new constructs with their keys declared, lists reordered, and one client
// carried by a null_resource instead of terraform_data: other Terraform, the same specs.
const AFTER_REFACTOR = `
const team = new TerraformStack(app, 'team');
const production = new Construct(team, 'production-clients');
const development = new Construct(team, 'development-clients');
new OAuthClient(development, 'tool', { host: dev, key: 'team/tool', scopes: [scope(dev, 'dev.read')], redirectUrls: [RedirectUrl.loopback(8080)] });
new OAuthClient(production, 'ops', {
  host: prod, key: 'ops', flows: { clientCredentials: true }, scopes: [scope(prod, 'orders.read')], resourceType: 'null_resource',
});
new OAuthClient(production, 'web', {
  host: prod, key: 'web', clientName: 'Web',
  scopes: [scope(prod, 'invoices.read'), scope(prod, 'orders.read')],
  redirectUrls: ['https://app.example.com/b', 'https://app.example.com/a'],
});
`;

const BROKEN = `
const team = new TerraformStack(app, 'team');
new OAuthClient(team, 'web', { host: prod, key: 'web', scopes: [scope(prod, 'orders.read')], redirectUrls: ['http://orders.example.com/cb'] });
`;

/** The audit's temporary directories in `tmp`. */
const ours = (tmp: string) => fs.readdirSync(tmp).filter((name) => name.startsWith('oauth-clients-audit-'));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('oauth-clients audit on a refactor, a broken revision and an interruption', () => {
  let project: ReturnType<typeof givenGitProject>;
  const commits: string[] = [];

  beforeAll(() => {
    project = givenGitProject();
    commits.push(project.commitStack('clients', BEFORE_REFACTOR));
    commits.push(project.commitStack('refactor: group clients', AFTER_REFACTOR));
    commits.push(project.commitStack('web on plain http', BROKEN));
  });

  it('given a refactor that moves constructs without changing a spec, when audited with --fail-on medium, then one line says nothing changed and the exit status is 0', async () => {
    const run = await auditIn(project.dir, '--base', 'HEAD~2', '--head', 'HEAD~1', '--fail-on', 'medium');

    expect(run).toEqual({
      status: 0,
      stderr: '',
      stdout: `No OAuth client changes between \`HEAD~2\` (${commits[0].slice(0, 7)}) and \`HEAD~1\` (${commits[1].slice(0, 7)}).\n`,
    });
  });

  it('given a revision that fails validation, when audited, then the exit status is 70, one line names the rule, and no worktree or temporary directory is left', async () => {
    const tmp = scratchDirectory('oac-audit-tmp-');

    const run = await auditWith({ cwd: project.dir, tmpdir: tmp }, '--base', 'HEAD', '--head', 'HEAD~1');

    expect(run.status).toBe(70);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^oauth-clients audit: synthesizing HEAD failed \(npx ts-node --transpile-only main\.ts\): Error: Validation failed with the following errors: \[team\/web\] redirectUrls\[0\]: must use https/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(project.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(ours(tmp)).toEqual([]);
  });

  it('given an audit under way, when SIGINT arrives, then the synths stop, the exit status is 130 and no worktree or temporary directory is left', async () => {
    const tmp = scratchDirectory('oac-audit-tmp-');
    const running = auditWith({ cwd: project.dir, tmpdir: tmp }, '--base', 'HEAD~2', '--head', 'HEAD~1');
    // Once a worktree has its node_modules link, its synth is starting: the signal has a process to stop.
    await until(() => ours(tmp).some((dir) => fs.existsSync(join(tmp, dir, dir, 'node_modules'))));
    await new Promise((resolve) => setTimeout(resolve, 300));

    process.emit('SIGINT', 'SIGINT');
    const run = await running;

    expect(run).toEqual({ status: 130, stdout: '', stderr: 'oauth-clients audit: interrupted by SIGINT; temporary worktrees removed\n' });
    expect(project.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(ours(tmp)).toEqual([]);
  });

  it('given --debug, when a revision fails, then the synth output with its stack trace follows the one-line error', async () => {
    const head = writeSynthesizedProject(scratchDirectory(), { team: { clients: [] } });

    const run = await auditIn(project.dir, '--base', 'HEAD', '--head', head, '--debug');

    expect(run.status).toBe(70);
    expect(run.stderr).toMatch(/^oauth-clients audit: synthesizing HEAD failed .*\n/);
    expect(run.stderr).toContain('at App.synth');
  });
});
