// The audit on a real repository: version A committed, version B in the next commit and the
// working tree, compared with `--base HEAD~1`. One pair of versions carries every kind of change
// and every flag, because each side is a real synth of a few seconds. (Token lifetime and custom
// claims cannot be declared on an rfc7591 host, the only flavour implemented: compare-clients.test.ts
// covers them.)
import * as fs from 'node:fs';
import { AuditReportSchema, type AuditReport, type ClientEntry } from '../../lib/audit/report-schema';
import { renderMarkdown } from '../../lib/audit/render-markdown';
import { givenGitProject } from './fixtures/git-project';
import { scratchDirectoryForFile } from './fixtures/scratch-directory';
import { auditWith, type AuditRun } from './fixtures/run-audit-in-process';

jest.setTimeout(120_000);

const VERSION_A = `
const team = new TerraformStack(app, 'team');
new OAuthClient(team, 'web', {
  host: prod, key: 'web', clientName: 'Web',
  flows: { authorizationCode: true, refreshToken: true },
  scopes: [scope(prod, 'orders.read')],
  redirectUrls: [RedirectUrl.https('https://app.example.com/cb'), RedirectUrl.https('https://app.example.com/old')],
  postLogoutRedirectUrls: ['https://app.example.com/bye'],
});
new OAuthClient(team, 'spa', { host: prod, key: 'spa', publicClient: true, scopes: [scope(prod, 'orders.read')], redirectUrls: ['https://spa.example.com/cb'] });
new OAuthClient(team, 'reporting', { host: prod, key: 'reporting', flows: { clientCredentials: true }, scopes: [scope(prod, 'invoices.read')] });
new OAuthClient(team, 'legacy', { host: prod, key: 'legacy', flows: { clientCredentials: true }, scopes: [scope(prod, 'orders.read')] });
new OAuthClient(team, 'devapp', { host: dev, key: 'devapp', scopes: [scope(dev, 'dev.read')], redirectUrls: [RedirectUrl.loopback(3000)] });
`;

const VERSION_B = `
const team = new TerraformStack(app, 'team');
new OAuthClient(team, 'web', {
  host: prod, key: 'web', clientName: 'Web',
  flows: { authorizationCode: true },
  requirePkce: false,
  applicationType: 'native',
  scopes: [scope(prod, 'orders.read'), scope(prod, 'orders.write'), scope(prod, 'invoices.read')],
  redirectUrls: [RedirectUrl.https('https://app.example.com/cb'), RedirectUrl.privateUse('com.example.app:/cb')],
  postLogoutRedirectUrls: ['https://app.example.com/'],
});
new OAuthClient(team, 'spa', { host: prod, key: 'spa', tokenEndpointAuthMethod: 'client_secret_post', scopes: [scope(prod, 'orders.read')], redirectUrls: ['https://spa.example.com/cb'] });
new OAuthClient(team, 'reporting', {
  host: prod, key: 'reporting', flows: { clientCredentials: true }, scopes: [scope(prod, 'invoices.read')],
  secretExport: { path: 'prod/reports' }, removalPolicy: RemovalPolicy.RETAIN,
});
new OAuthClient(team, 'batch', { host: prod, key: 'batch', flows: { clientCredentials: true }, scopes: [scope(prod, 'orders.read'), scope(prod, 'invoices.read')] });
new OAuthClient(team, 'devapp', {
  host: dev, key: 'devapp', flows: { authorizationCode: true, clientCredentials: true },
  scopes: [scope(dev, 'dev.read'), scope(dev, 'dev.admin')], redirectUrls: [RedirectUrl.loopback(3000)],
});
`;

describe('oauth-clients audit --base HEAD~1 on a repository', () => {
  let project: ReturnType<typeof givenGitProject>;
  let run: AuditRun;
  let report: AuditReport;
  let madeByAudit: string[];
  let leftByAudit: string[];

  beforeAll(async () => {
    project = givenGitProject();
    project.commitStack('version A', VERSION_A);
    project.commitStack('version B', VERSION_B);
    // The audit's temporary directories (worktree, synth output) go to a directory of ours, watched
    // while it runs, so the test knows they existed and can check that none is left.
    const tmp = scratchDirectoryForFile('oac-audit-tmp-');
    const ours = () => fs.readdirSync(tmp).filter((name) => name.startsWith('oauth-clients-audit-'));
    const seen = new Set<string>();
    const watch = setInterval(() => ours().forEach((name) => seen.add(name)), 100);
    try {
      run = await auditWith({ cwd: project.dir, tmpdir: tmp }, '--base', 'HEAD~1', '--format', 'json', '--fail-on', 'high');
    } finally {
      clearInterval(watch);
    }
    madeByAudit = [...seen];
    leftByAudit = ours();
    report = JSON.parse(run.stdout || 'null');
  });

  const client = (host: string, key: string): ClientEntry | undefined => report.hosts.find((h) => h.name === host)?.clients.find((c) => c.key === key);
  const changesOf = (host: string, key: string) => {
    const entry = client(host, key);
    return entry?.status === 'changed' ? Object.fromEntries(entry.changes.map((c) => [c.path.join('.'), c.kind === 'set' ? { added: c.added, removed: c.removed } : [c.before, c.after]])) : entry?.status;
  };

  it('given a high flag and --fail-on high, when audited, then the exit status is 1, nothing is on stderr and the JSON follows its schema', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(AuditReportSchema.safeParse(report).error).toBeUndefined();
    expect(report.base).toEqual({ kind: 'git', label: 'HEAD~1', commit: project.git('rev-parse', 'HEAD~1') });
    expect(report.head).toEqual({ kind: 'working-tree', label: 'working tree' });
  });

  it('given the audit ran, then no worktree and no temporary directory is left behind', () => {
    expect(project.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    // One for the revision's worktree, one for the working tree's synth output.
    expect(madeByAudit).toHaveLength(2);
    expect(leftByAudit).toEqual([]);
    expect(project.git('status', '--porcelain')).toBe('');
  });

  it('given every kind of change, then each is reported per host and client', () => {
    expect(changesOf('prod', 'web')).toEqual({
      scopes: { added: ['invoices.read', 'orders.write'], removed: [] },
      grantTypes: { added: [], removed: ['refresh_token'] },
      requirePkce: [true, false],
      redirectUrls: { added: ['com.example.app:/cb'], removed: ['https://app.example.com/old'] },
      postLogoutRedirectUrls: { added: ['https://app.example.com/'], removed: ['https://app.example.com/bye'] },
      applicationType: ['web', 'native'],
    });
    expect(changesOf('prod', 'spa')).toEqual({ publicClient: [true, false], tokenEndpointAuthMethod: ['none', 'client_secret_post'] });
    expect(changesOf('prod', 'reporting')).toEqual({ 'secretExport.path': ['prod/reporting', 'prod/reports'], removalPolicy: ['destroy', 'retain'] });
    expect(changesOf('prod', 'legacy')).toBe('removed');
    expect(changesOf('prod', 'batch')).toBe('added');
    expect(changesOf('dev', 'devapp')).toEqual({ scopes: { added: ['dev.admin'], removed: [] }, grantTypes: { added: ['client_credentials'], removed: [] } });
    expect(report.summary).toEqual({ clientsAdded: 1, clientsRemoved: 1, clientsChanged: 4, high: 5, medium: 5 });
  });

  it('given every kind of risk, then each flag is raised once, high ones first', () => {
    expect(report.flags.map((f) => [f.severity, f.host, f.client, f.code, f.subject].filter(Boolean).join(' '))).toEqual([
      'high prod legacy production-client-removed',
      'high prod spa public-confidential-switch none → client_secret_post',
      'high prod web insecure-redirect-production com.example.app:/cb',
      'high prod web pkce-disabled',
      'high prod web scope-widened-production orders.write',
      'medium dev devapp client-credentials-client',
      'medium dev devapp write-scope-added dev.admin',
      'medium prod batch client-credentials-client',
      'medium prod reporting export-path-changed prod/reporting → prod/reports',
      'medium prod web scope-widened-production invoices.read',
    ]);
  });

  it('given the same report as Markdown, then a reviewer reads the flags, then the production table with the scope change', () => {
    const text = renderMarkdown(report);

    expect(text).toMatch(/^### OAuth client audit: `HEAD~1` \([0-9a-f]{7}\) → the working tree\n/);
    expect(text.indexOf('🔴 **high** `prod` › `web`: PKCE switched off')).toBeLessThan(text.indexOf('#### `prod` (production)'));
    expect(text).toContain('| `web` | scopes | added `invoices.read`, `orders.write` |');
    expect(text.length).toBeLessThan(5_000);
  });
});
