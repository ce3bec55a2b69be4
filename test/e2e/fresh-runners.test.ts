// Release pipelines (issue 10): every runner starts from a fresh clone and is thrown away. With the
// Terraform state AND the store in a real PostgreSQL, three runners in sequence create five clients,
// change one and remove another, then destroy: the provider holds one client per key at every step,
// the changed client keeps its client_id, exports are written once, nothing is orphaned. With the
// file store (lost with the first runner), the second runner stops with an error naming the missing
// store and how to restore it, and the provider still holds exactly the five clients.
import { randomBytes } from 'node:crypto';
import { openSecretStore, type SecretStoreBackend } from '../../lib/secrets';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type E2eClient, type E2eDeclaration } from '../support/e2e-project';
import { startPostgres, type Postgres } from '../support/e2e-postgres';
import { clientCredentialsToken, clientsAtProvider, clientsNamed, type ExportedCredentials } from '../support/e2e-provider';
import { collectStoreSecrets, expectFailed, expectSucceeded, leakedIn, storySteps } from '../support/e2e-story';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';
const STORE_KEY = randomBytes(32).toString('base64url');

const ids = ['orders', 'billing', 'reporting', 'audit', 'search'];
const five: E2eClient[] = ids.map((id) => ({ id, clientName: `Runner ${id}`, flows: { clientCredentials: true }, scopes: [READ] }));
// The second runner's change: orders gains write, audit is removed.
const changed: E2eClient[] = five.filter((c) => c.id !== 'audit').map((c) => (c.id === 'orders' ? { ...c, scopes: [READ, WRITE] } : c));

let postgres: Postgres;
let server: DevServerProcess;
const projects: E2eProject[] = [];
const secrets = new Set<string>();

beforeAll(async () => {
  [postgres, server] = await Promise.all([startPostgres(), startDevServerProcess()]);
}, 90_000);

afterAll(async () => {
  for (const project of projects) project.remove();
  await Promise.all([server?.stop(), postgres?.stop()]);
}, 60_000);

/** A runner: a fresh clone of the project (nothing but main.ts), the pipeline's secrets in its environment. */
function freshRunner(stack: string, declaration: E2eDeclaration): E2eProject {
  const project = E2eProject.create(stack, server.initialAccessToken);
  projects.push(project);
  Object.assign(project.extraEnv, { E2E_PG: postgres.connStr, OAUTH_CLIENTS_STORE_KEY: STORE_KEY });
  project.declare(declaration);
  return project;
}

async function clientsNamedLike(prefix: string): Promise<unknown[]> {
  return (await clientsAtProvider(server.dataDir)).filter((c) => c.client_name?.startsWith(prefix));
}

async function providerCounts(clients: readonly E2eClient[]): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(clients.map(async (c) => [c.id, (await clientsNamed(server.dataDir, c.clientName)).length] as const)));
}

describe('runners sharing PostgreSQL for the Terraform state and the store', () => {
  const step = storySteps();
  const STACK = 'runners-pg';
  const declaration = (clients: readonly E2eClient[]): E2eDeclaration => ({
    issuer: server.issuer,
    scopes: { [READ]: 'Read tstapp data', [WRITE]: 'Change tstapp data' },
    clients,
    pgConnStr: postgres.connStr,
    pgSchemaName: 'runners_pg_state',
    store: `SecretStore.postgres({ connectionStringEnv: 'E2E_PG', table: 'runner_store' })`,
  });
  let store: SecretStoreBackend;
  const exportPath = (id: string) => `e2e-dev/${STACK}/${id}`;
  /** The stored (encrypted) row of each export: a rewrite would change it (a fresh IV per write). */
  const exportRows = async () => (await postgres.query(`SELECT key || '=' || value FROM runner_store WHERE key NOT LIKE '\\_oauth-clients/%' ORDER BY key`)).trim().split('\n').filter(Boolean);
  let rowsAfterFirst: string[];
  let ordersClientId: string;

  beforeAll(async () => {
    store = await openSecretStore({ kind: 'postgres', connectionStringEnv: 'E2E_PG', table: 'runner_store', keyEnv: 'OAUTH_CLIENTS_STORE_KEY' }, { projectRoot: '/', env: { E2E_PG: postgres.connStr, OAUTH_CLIENTS_STORE_KEY: STORE_KEY } });
  });
  afterAll(async () => {
    await store?.close?.();
  });

  test(
    'runner 1 creates five clients: one each at the provider, one export each in PostgreSQL',
    step('runner 1', async () => {
      expectSucceeded(await freshRunner(STACK, declaration(five)).deploy());

      expect(await providerCounts(five)).toEqual({ orders: 1, billing: 1, reporting: 1, audit: 1, search: 1 });
      expect(await store.list('e2e-dev/')).toEqual(ids.map(exportPath).sort());
      ordersClientId = String((await store.get(exportPath('orders')))?.client_id);
      rowsAfterFirst = await exportRows();
      expect(rowsAfterFirst).toHaveLength(5);
      await collectStoreSecrets(store, secrets);
    }),
    240_000,
  );

  test(
    'runner 2, a fresh clone, changes a scope and removes a client: the same client is updated in place, the removed one is deleted, no export is rewritten',
    step('runner 2', async () => {
      expectSucceeded(await freshRunner(STACK, declaration(changed)).deploy());

      expect(await providerCounts(five)).toEqual({ orders: 1, billing: 1, reporting: 1, audit: 0, search: 1 });
      expect(await clientsAtProvider(server.dataDir)).toHaveLength(4);
      const orders = (await clientsNamed(server.dataDir, 'Runner orders'))[0];
      expect([orders.client_id, orders.scope]).toEqual([ordersClientId, `${READ} ${WRITE}`]);
      // the application's credentials still work, with the new scope
      const exported = (await store.get(exportPath('orders'))) as unknown as ExportedCredentials;
      expect((await clientCredentialsToken(exported, WRITE)).status).toBe(200);
      // exports written once: the four remaining rows are byte for byte those runner 1 wrote
      expect(await exportRows()).toEqual(rowsAfterFirst.filter((row) => !row.startsWith(`${exportPath('audit')}=`)));
      expect(await store.list('_oauth-clients/ledger/')).toHaveLength(4);
    }),
    240_000,
  );

  test(
    'runner 3, a fresh clone, destroys the stack: no client left at the provider, nothing left in the store',
    step('runner 3', async () => {
      expectSucceeded(await freshRunner(STACK, declaration(changed)).destroy());

      expect(await clientsAtProvider(server.dataDir)).toEqual([]);
      expect(await store.list('')).toEqual([]);
      // and no secret reached any runner's output, state or synthesized files
      for (const project of projects) {
        expect(leakedIn(project.transcript(), secrets)).toEqual([]);
        for (const snapshot of project.snapshots) expect({ file: snapshot.file, leaked: leakedIn(snapshot.text, secrets) }).toEqual({ file: snapshot.file, leaked: [] });
      }
      expect(leakedIn(await postgres.query(`SELECT data FROM runners_pg_state.states`), secrets)).toEqual([]);
    }),
    240_000,
  );
});

// Our provider's resource knows each client_id from Terraform's state (contract C3); the provisioner
// mode (terraform_data) knows the stack's witness. Both must stop the second runner.
describe.each([
  ['oauthclients_client', /Terraform's state says client \S+ exists for this resource/],
  ['terraform_data', /Terraform's state says stack 'runners-file-terraform_data' was deployed before \(witness [^)]+\)/],
] as const)('runners sharing PostgreSQL for the Terraform state, with the file store (lost with each runner), resource type %s', (resourceType, evidence) => {
  const step = storySteps();
  const STACK = `runners-file-${resourceType}`;
  const declaration = (clients: readonly E2eClient[]): E2eDeclaration => ({
    issuer: server.issuer,
    scopes: { [READ]: 'Read tstapp data', [WRITE]: 'Change tstapp data' },
    clients: clients.map((c) => ({ ...c, clientName: `File ${resourceType} ${c.id}` })),
    pgConnStr: postgres.connStr,
    pgSchemaName: `state_${resourceType}`,
    resourceType,
  });
  const fileFive = five.map((c) => ({ ...c, clientName: `File ${resourceType} ${c.id}` }));

  test(
    'runner 1 creates five clients in its file store',
    step('file runner 1', async () => {
      expectSucceeded(await freshRunner(STACK, declaration(five)).deploy());
      expect(await providerCounts(fileFive)).toEqual({ orders: 1, billing: 1, reporting: 1, audit: 1, search: 1 });
    }),
    240_000,
  );

  test(
    'runner 2, a fresh clone without that store, stops with an error naming the missing store and how to restore it; the provider still holds exactly the five',
    step('file runner 2', async () => {
      const run = expectFailed(await freshRunner(STACK, declaration(changed)).deploy());

      // Terraform wraps the provider's diagnostics: compare with the whitespace collapsed
      const output = run.output.replace(/\s+/g, ' ');
      expect(output).toMatch(evidence);
      expect(output).toContain('file store .oauth-clients/store holds no ledger record for it');
      expect(output).toContain("restore the directory '.oauth-clients/store'");
      expect(output).not.toMatch(/: created client_id=/);
      expect(await providerCounts(fileFive)).toEqual({ orders: 1, billing: 1, reporting: 1, audit: 1, search: 1 });
      expect(await clientsNamedLike(`File ${resourceType} `)).toHaveLength(5);
    }),
    240_000,
  );
});
