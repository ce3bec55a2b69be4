// `oauth-clients audit` on already-synthesized directories: exit statuses for CI gates, usage
// errors, the no-change line, and JSON that follows the published schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AuditReportSchema, auditReportJsonSchema } from '../../lib/audit/report-schema';
import type { ClientSpec } from '../../lib/model';
import { developmentHost, validClientSpec } from './fixtures/client-specs';
import { auditIn } from './fixtures/run-audit-in-process';
import { scratchDirectory } from './fixtures/scratch-directory';
import { writeSynthesizedProject } from './fixtures/synthesized-output';

const SCHEMA_FILE = join(__dirname, '../../lib/audit/audit-report.schema.json');

/** A working directory holding `base/cdktf.out` and `head/cdktf.out`. */
function givenRevisions(base: ClientSpec[], head: ClientSpec[]): string {
  const cwd = scratchDirectory();
  writeSynthesizedProject(join(cwd, 'base'), { team: { clients: base } });
  writeSynthesizedProject(join(cwd, 'head'), { team: { clients: head } });
  return cwd;
}

const web = validClientSpec();
const devApp = validClientSpec({ key: 'dev-app', host: developmentHost, redirectUrls: ['http://127.0.0.1:3000/cb'] });

describe('oauth-clients audit on synthesized directories', () => {
  describe('--fail-on', () => {
    // PKCE off is high; a medium-only change is a new admin scope on a development host.
    const highCase = () => givenRevisions([web], [validClientSpec({ requirePkce: false })]);
    const mediumCase = () => givenRevisions([devApp], [{ ...devApp, scopes: ['orders.read', 'orders.admin'] }]);

    it.each([
      ['high', [], 0],
      ['high', ['--fail-on', 'high'], 1],
      ['high', ['--fail-on', 'medium'], 1],
      ['medium', [], 0],
      ['medium', ['--fail-on', 'high'], 0],
      ['medium', ['--fail-on', 'medium'], 1],
    ] as const)('given a %s flag, when audited with %j, then the exit status is %i and the report is printed', async (flag, failOn, status) => {
      const cwd = flag === 'high' ? highCase() : mediumCase();

      const run = await auditIn(cwd, '--base', 'base', '--head', 'head', ...failOn);

      expect(run).toMatchObject({ status, stderr: '' });
      expect(run.stdout).toContain(flag === 'high' ? '🔴 **high**' : '🟠 **medium**');
    });

    it('given no change, when audited with --fail-on medium, then one line says so and the exit status is 0', async () => {
      const cwd = givenRevisions([web, devApp], [devApp, web]);

      const run = await auditIn(cwd, '--base', 'base', '--head', join(cwd, 'head', 'cdktf.out'), '--fail-on', 'medium');

      expect(run).toEqual({ status: 0, stderr: '', stdout: `No OAuth client changes between \`base\` and \`${join(cwd, 'head', 'cdktf.out')}\`.\n` });
    });
  });

  describe('--format json', () => {
    it('given changes, when audited as JSON, then the output follows the zod schema and the published JSON Schema document', async () => {
      const cwd = givenRevisions([web, devApp], [validClientSpec({ scopes: ['orders.read', 'orders.write'] }), validClientSpec({ key: 'batch', grantTypes: ['client_credentials'], redirectUrls: [] })]);

      const run = await auditIn(cwd, '--base', 'base', '--head', 'head', '--format', 'json');

      expect(run.status).toBe(0);
      const output = JSON.parse(run.stdout);
      expect(AuditReportSchema.safeParse(output).error).toBeUndefined();
      const published = z.fromJSONSchema(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
      expect(published.safeParse(output).error).toBeUndefined();
      expect(output).toMatchObject({ schemaVersion: 1, changed: true, summary: { clientsAdded: 1, clientsRemoved: 1, clientsChanged: 1, high: 1, medium: 1 } });
      // The document is strict enough to catch a report that drifts from it.
      expect(published.safeParse({ ...output, flags: [{ ...output.flags[0], severity: 'low' }] }).success).toBe(false);
      expect(published.safeParse({ ...output, extra: true }).success).toBe(false);
    });

    it('given the committed schema document, when compared with the zod schema and --schema, then all three agree', async () => {
      const committed = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));

      const run = await auditIn(scratchDirectory(), '--schema');

      expect(committed).toEqual(auditReportJsonSchema());
      expect(JSON.parse(run.stdout)).toEqual(committed);
    });
  });

  describe('usage and failures', () => {
    it.each([
      [[], /--base is required/],
      [['--base'], /argument missing|--base/],
      [['--base', 'base', '--format', 'xml'], /--format must be md or json, got 'xml'/],
      [['--base', 'base', '--fail-on', 'low'], /--fail-on must be high or medium, got 'low'/],
      [['--base', 'base', '--verbose'], /Unknown option '--verbose'/],
      [['--base', 'no-such-revision', '--head', 'head'], /'no-such-revision' is neither a git revision \(no cdktf project here\) nor a directory/],
    ])('given %j, when run, then the exit status is 64 with the problem on one line of stderr', async (args, message) => {
      const cwd = givenRevisions([web], [web]);

      const run = await auditIn(cwd, ...args);

      expect(run.status).toBe(64);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/^oauth-clients audit: .* \(see 'oauth-clients audit --help'\)\n$/);
    });

    it('given --help, when run, then usage goes to stdout and the exit status is 0', async () => {
      const run = await auditIn(scratchDirectory(), '--help');

      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/^usage: oauth-clients audit --base <rev\|dir>/);
    });

    it('given a revision whose spec the model refuses, when audited, then the exit status is 70 and one line names the stack and resource', async () => {
      const cwd = givenRevisions([web], [{ ...web, redirectUrls: ['http://app.example.com/cb'] }]);

      const run = await auditIn(cwd, '--base', 'base', '--head', 'head', '--fail-on', 'high');

      expect(run.status).toBe(70);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^oauth-clients audit: stack team, terraform_data\.web_0000ABCD: not a valid client spec: redirectUrls\[0\]/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    });
  });
});
