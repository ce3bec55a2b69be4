// `oauth-clients drift` after a real `cdktf deploy`, against the real development provider: every
// kind of finding is produced for real (a declaration not deployed, a client edited or deleted at
// the provider behind our back, a lost management token, a second client of a declared name, a
// client removed from the code), reported with its fix, and those fixes, run as printed, converge.
// The built CLI is run as users run it, in the project directory, with the deploy's environment,
// once per mode: our provider's oauthclients_client resources (fixes are `cdktf deploy`) and
// terraform_data provisioners (an unchanged resource is re-applied with `terraform apply -replace`).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { DriftReport } from '../../lib/drift/drift-report';
import type { ClientSpec } from '../../lib/model';
import { toClientMetadata } from '../../lib/providers';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type E2eClient, type E2eDeclaration } from '../support/e2e-project';
import { clientsAtProvider, registrationOf } from '../support/e2e-provider';
import { collectStoreSecrets, expectSucceeded, leakedIn, storySteps } from '../support/e2e-story';
import { REPO_ROOT } from '../support/handler';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';
const CLI = path.join(REPO_ROOT, 'dist', 'oauth-clients.cjs');

type Mode = 'oauthclients_client' | 'terraform_data';

describe.each<Mode>(['oauthclients_client', 'terraform_data'])('drift of a stack of %s resources', (mode) => {
  const service = (id: string, scopes = [READ]): E2eClient => ({ id, clientName: `Drift ${id}`, flows: { clientCredentials: true }, scopes });
  const orders = service('orders');
  const reporting = service('reporting');
  const billing = service('billing');
  const audit = service('audit');
  const legacy = service('legacy');
  const spa: E2eClient = { id: 'spa', clientName: 'Drift browser app', publicClient: true, scopes: [READ], redirectUrls: ['http://127.0.0.1:3005/callback'] };
  const newcomer = service('newcomer');

  let server: DevServerProcess;
  let project: E2eProject;
  const secrets = new Set<string>();
  const step = storySteps();

  interface DriftRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
  }

  function drift(args: string[]): Promise<DriftRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'drift', ...args], { cwd: project.dir, env: project.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** Runs a printed fix in the project's shell, approving what it would ask a person to approve. */
  function runFix(command: string): Promise<DriftRun> {
    const unattended = command.replace(/^cdktf deploy (\S+)$/, 'npx cdktf deploy $1 --auto-approve').replace(/^cdktf synth && /, 'npx cdktf synth && ').replace(' apply -replace=', ' apply -auto-approve -input=false -replace=');
    return new Promise((resolve, reject) => {
      const child = spawn('sh', ['-c', unattended], { cwd: project.dir, env: project.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  function declaration(clients: readonly E2eClient[]): E2eDeclaration {
    return { issuer: server.issuer, scopes: { [READ]: 'Read tstapp data', [WRITE]: 'Change tstapp data' }, clients, resourceType: mode };
  }

  async function ledgerOf(client: E2eClient) {
    const ledger = await project.ledgerOf(client.id);
    if (!ledger) throw new Error(`no ledger record for ${client.id}`);
    return ledger;
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    // A provider that keeps the management token on update, so an edit "in its admin console" can
    // be made here with the ledger's own token without making the client unmanageable.
    server = await startDevServerProcess({ rotate: false });
    project = E2eProject.create('drift-stack', server.initialAccessToken);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    project?.remove();
  }, 30_000);

  test('--help prints the usage and exits 0; an unknown option or stack exits 64', async () => {
    project ??= E2eProject.create('drift-stack', server.initialAccessToken);
    const help = await drift(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: oauth-clients drift/);
    const unknown = await drift(['--colour']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/--colour/);
    expect((await drift(['--format', 'yaml'])).code).toBe(64);
  });

  test(
    'right after a deploy, drift reports the stack converged and exits 0',
    step('converged', async () => {
      project.declare(declaration([orders, reporting, billing, audit, legacy, spa]));
      expectSucceeded(await project.deploy());
      await collectStoreSecrets(await project.store(), secrets);

      // (as a pipeline runs it: reading what the deploy just synthesized)
      const run = await drift(['--stack', 'drift-stack', '--synthesized', 'cdktf.out']);

      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.stdout).toContain('# OAuth clients: converged (6 declared client(s) in stack drift-stack)');
      expect((await drift(['--stack', 'no-such-stack'])).code).toBe(64);
    }),
    240_000,
  );

  test(
    'every kind of difference is reported with its fix, exit 2, and no secret is printed',
    step('drifted', async () => {
      // given a declaration changed but not deployed: a new client, a scope added, a client removed
      project.declare(declaration([{ ...orders, scopes: [READ, WRITE] }, reporting, billing, audit, spa, newcomer]));
      // and, at the provider: a scope granted by hand, a client deleted, a management token replaced
      // by an administrator, and a second client registered under a declared client's name
      const reportingLedger = await ledgerOf(reporting);
      const edited = await fetch(reportingLedger.handle.registrationClientUri, {
        method: 'PUT',
        headers: { ...bearer(reportingLedger.handle.registrationAccessToken), 'content-type': 'application/json' },
        body: JSON.stringify({ ...toClientMetadata({ ...(reportingLedger.spec as unknown as ClientSpec), scopes: [READ, WRITE] }), client_id: reportingLedger.clientId }),
      });
      expect(edited.status).toBe(200);
      const billingLedger = await ledgerOf(billing);
      expect((await fetch(billingLedger.handle.registrationClientUri, { method: 'DELETE', headers: bearer(billingLedger.handle.registrationAccessToken) })).status).toBe(204);
      const spaLedger = await ledgerOf(spa);
      expect((await fetch(`${server.issuer}/dev-admin/clients/${spaLedger.clientId}/registration-access-token`, { method: 'POST', headers: bearer(server.initialAccessToken) })).status).toBe(201);
      const duplicate = await fetch(`${server.issuer}/reg`, {
        method: 'POST',
        headers: { ...bearer(server.initialAccessToken), 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: audit.clientName, grant_types: ['client_credentials'], response_types: [], scope: READ }),
      });
      const duplicateId = ((await duplicate.json()) as { client_id: string }).client_id;

      // when drift runs, as Markdown and as JSON
      const md = await drift([]);
      const json = await drift(['--format', 'json', '--stack', 'drift-stack']);

      // then both exit 2 and name each finding with its client and its fix
      expect({ code: md.code, stderr: md.stderr }).toEqual({ code: 2, stderr: '' });
      expect(json.code).toBe(2);
      const report = JSON.parse(json.stdout) as DriftReport;
      const kinds = Object.fromEntries(report.findings.map((f) => [`${f.kind} ${f.key}`, f]));
      expect(Object.keys(kinds).sort()).toEqual(
        [
          `duplicated ${project.keyOf('audit')}`,
          `missing ${project.keyOf('newcomer')}`,
          `stale ${project.keyOf('orders')}`,
          `stale ${project.keyOf('reporting')}`,
          `undeclared ${project.keyOf('legacy')}`,
          `unmanageable ${project.keyOf('spa')}`,
          `vanished ${project.keyOf('billing')}`,
        ].sort(),
      );
      expect(kinds[`stale ${project.keyOf('orders')}`].fields).toEqual([{ field: 'scopes', at: 'ledger', declared: [READ, WRITE], actual: [READ] }]);
      expect(kinds[`stale ${project.keyOf('reporting')}`].fields).toEqual([{ field: 'scopes', at: 'provider', declared: [READ], actual: [READ, WRITE] }]);
      expect(kinds[`duplicated ${project.keyOf('audit')}`].clientId).toBe(duplicateId);
      expect(kinds[`vanished ${project.keyOf('billing')}`].clientId).toBe(billingLedger.clientId);
      for (const finding of report.findings) {
        expect(md.stdout).toContain(`**${finding.kind}** \`${finding.host}/${finding.key}\``);
        expect(md.stdout).toContain(`fix: \`${finding.fix}\``);
      }
      expect(kinds[`missing ${project.keyOf('newcomer')}`].fix).toBe('cdktf deploy drift-stack');
      expect(report.notChecked).toEqual([]);
      // and nothing secret reached the output: no client secret, registration token or the IAT
      await collectStoreSecrets(await project.store(), secrets);
      secrets.add(server.initialAccessToken);
      expect(leakedIn(md.stdout + md.stderr + json.stdout + json.stderr, secrets)).toEqual([]);

      // when the fixes are run as printed (the deploy first: it changes what the others replace)
      const fixes = [...new Set(report.findings.map((f) => f.fix.split('  (')[0]))].sort((a, b) => Number(b.startsWith('cdktf deploy')) - Number(a.startsWith('cdktf deploy')));
      for (const fix of fixes) {
        const run = await runFix(fix);
        if (run.code !== 0) throw new Error(`fix \`${fix}\` exited ${run.code}:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
      }

      // then drift says converged, and the provider holds each declared client once
      const after = await drift(['--stack', 'drift-stack']);
      expect({ code: after.code, stdout: after.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('converged (6 declared client(s)') });
      const names = (await clientsAtProvider(server.dataDir)).map((c) => c.client_name).sort();
      expect(names).toEqual([audit, billing, newcomer, orders, reporting, spa].map((c) => c.clientName).sort());
      expect((await registrationOf(await ledgerOf(spa))).status).toBe(200);
    }),
    400_000,
  );
});
