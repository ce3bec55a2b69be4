// Remote state, end to end: the stack keeps its Terraform state in a real PostgreSQL (cdktf's
// PgBackend), so two pipelines deploying the same stack at once are serialised by the backend's
// lock: one applies, the other stops cleanly, and the provider and the store stay consistent.
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type E2eClient, type E2eDeclaration } from '../support/e2e-project';
import { startPostgres, type Postgres } from '../support/e2e-postgres';
import { clientCredentialsToken, clientsAtProvider, clientsNamed, registrationOf, type ExportedCredentials } from '../support/e2e-provider';
import { collectStoreSecrets, expectSucceeded, leakedIn, storySteps } from '../support/e2e-story';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

const STACK = 'e2e-pg';
const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';

const orders: E2eClient = { id: 'orders', clientName: 'PG orders service', flows: { clientCredentials: true }, scopes: [READ] };
const reporting: E2eClient = { id: 'reporting', clientName: 'PG reporting job', flows: { clientCredentials: true }, scopes: [READ] };
// The change both pipelines deploy: orders gains write, and a new client is registered.
const orders2: E2eClient = { ...orders, scopes: [READ, WRITE] };
const audit: E2eClient = { id: 'audit', clientName: 'PG audit service', flows: { clientCredentials: true }, scopes: [READ] };

/** How long the provider takes to answer a registration while the two applies race: the winner holds the lock that long at least. */
const SLOW_REGISTRATION_MS = 8_000;

let postgres: Postgres;
let server: DevServerProcess;
let proxy: FaultProxy;
let project: E2eProject;
const secrets = new Set<string>();
const step = storySteps();

function declaration(clients: readonly E2eClient[]): E2eDeclaration {
  return {
    issuer: server.issuer,
    // This story is the provisioner mode's (provider-mode.test.ts has the provider's).
    resourceType: 'terraform_data',
    registrationEndpoint: `${proxy.origin}/reg`,
    scopes: { [READ]: 'Read tstapp data', [WRITE]: 'Change tstapp data' },
    clients,
    pgConnStr: postgres.connStr,
  };
}

/** The stack's state as PostgreSQL holds it (Terraform's pg backend: table terraform_remote_state.states). */
async function stateInPostgres(): Promise<{ text: string; resources: string[] }> {
  const text = (await postgres.query(`SELECT data FROM terraform_remote_state.states WHERE name = 'default'`)).trim();
  if (!text) throw new Error('PostgreSQL holds no state named default');
  const state = JSON.parse(text) as { resources: { type: string; name: string }[] };
  return { text, resources: state.resources.map((r) => `${r.type}.${r.name}`).sort() };
}

async function exported(client: E2eClient): Promise<ExportedCredentials> {
  const value = await project.exportOf(client.id);
  if (!value) throw new Error(`no export for ${client.id}`);
  return value as unknown as ExportedCredentials;
}

beforeAll(async () => {
  [postgres, server] = await Promise.all([startPostgres(), startDevServerProcess()]);
  proxy = await startFaultProxy(server.issuer);
  project = E2eProject.create(STACK, server.initialAccessToken);
}, 90_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([server?.stop(), postgres?.stop()]);
  project?.remove();
}, 60_000);

test(
  'a stack with a PgBackend keeps its state in PostgreSQL, not in a local file',
  step('deploy through pg', async () => {
    // given a stack whose backend is the PostgreSQL server
    project.declare(declaration([orders, reporting]));

    // when it is deployed
    expectSucceeded(await project.deploy());
    await collectStoreSecrets(await project.store(), secrets);

    // then PostgreSQL holds the state, listing both clients, the reconciler and the stack's witness
    const { resources } = await stateInPostgres();
    expect(resources).toHaveLength(4);
    expect(resources.filter((r) => r.startsWith('terraform_data.orders_'))).toHaveLength(1);
    expect(resources.filter((r) => r.startsWith('terraform_data.reporting_'))).toHaveLength(1);
    expect(resources.filter((r) => r.startsWith('terraform_data.OAuthClientsReconciler_'))).toHaveLength(2);
    // and no state file was written beside the project or in the stack's directory
    expect(project.localStateFiles()).toEqual([]);
    expect(project.scannedFiles().filter((f) => f.endsWith('.tfstate') && !f.includes('/.terraform/'))).toEqual([]);

    // and the clients exist, one each, with one export each
    for (const client of [orders, reporting]) {
      expect(await clientsNamed(server.dataDir, client.clientName)).toHaveLength(1);
      expect((await clientCredentialsToken(await exported(client), READ)).status).toBe(200);
    }
    expect(await project.exportPaths()).toEqual([project.exportPathOf('orders'), project.exportPathOf('reporting')]);
  }),
  240_000,
);

test(
  'two applies of the same change at once: one holds the lock and applies, the other fails cleanly on the lock, and the end state is consistent',
  step('concurrent applies', async () => {
    // given a change (orders gains write, a new audit client), synthesized once, and a provider slow to register
    project.declare(declaration([orders2, reporting, audit]));
    expectSucceeded(await project.synth());
    expectSucceeded(await project.terraform(['init', '-input=false', '-no-color']));
    proxy.inject({ method: 'POST', path: /^\/reg$/, times: Infinity, delayMs: SLOW_REGISTRATION_MS });

    // when two pipelines apply it at the same moment, neither willing to wait for a lock
    const apply = () => project.terraform(['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s']);
    const runs = await Promise.all([apply(), apply()]);
    proxy.clear();
    await collectStoreSecrets(await project.store(), secrets);

    // then exactly one applied
    const winners = runs.filter((r) => r.code === 0);
    const losers = runs.filter((r) => r.code !== 0);
    expect({ winners: winners.length, losers: losers.length }).toEqual({ winners: 1, losers: 1 });
    expect(winners[0].output).toMatch(/Apply complete! Resources: 3 added, 0 changed, 2 destroyed\./);
    // and the other stopped on the lock, before running any provisioner
    expect(losers[0].output).toMatch(/Error acquiring the state lock/);
    expect(losers[0].output).not.toMatch(/Provisioning with 'local-exec'/);

    // and the provider and the store are consistent: one client per key, one export each
    for (const client of [orders2, reporting, audit]) expect(await clientsNamed(server.dataDir, client.clientName)).toHaveLength(1);
    expect(await clientsAtProvider(server.dataDir)).toHaveLength(3);
    expect(await project.exportPaths()).toEqual([project.exportPathOf('audit'), project.exportPathOf('orders'), project.exportPathOf('reporting')]);
    const ordersLedger = await project.ledgerOf('orders');
    expect((await registrationOf(ordersLedger!)).body.scope).toBe(`${READ} ${WRITE}`);
    expect((await clientCredentialsToken(await exported(orders2), WRITE)).status).toBe(200);
    expect((await clientCredentialsToken(await exported(audit), READ)).status).toBe(200);

    // and PostgreSQL's state lists the resources, and matches the code: a new plan has nothing to do
    const { resources } = await stateInPostgres();
    expect(resources).toHaveLength(5);
    expect(resources.filter((r) => r.startsWith('terraform_data.audit_'))).toHaveLength(1);
    const plan = await project.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock-timeout=0s']);
    expect({ code: plan.code, output: plan.code === 0 ? '' : plan.output }).toEqual({ code: 0, output: '' });
  }),
  240_000,
);

test(
  'the state in PostgreSQL, the local files and the output hold no client secret, registration access token or initial access token',
  step('no secret in remote state', async () => {
    expect(secrets.size).toBeGreaterThanOrEqual(4);
    const watched = [...secrets, server.initialAccessToken];

    const { text } = await stateInPostgres();
    expect(text).toContain('PG audit service'); // the scan reads the real state
    expect(leakedIn(text, watched)).toEqual([]);
    for (const snapshot of project.snapshots) expect({ file: snapshot.file, leaked: leakedIn(snapshot.text, watched) }).toEqual({ file: snapshot.file, leaked: [] });
    expect(leakedIn(project.transcript(), watched)).toEqual([]);
  }),
  30_000,
);
