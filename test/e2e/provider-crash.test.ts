// A hostile pipeline against the provider mode: `kill -9` of the whole process tree (cdktf,
// Terraform, our provider) while 20 clients are being created, five times at different moments,
// then a plain `cdktf deploy`; and the same while 9 scope updates run. Real cdktf, Terraform,
// provider and development server (node-oidc-provider); a fault proxy in front of its registration
// endpoint holds registrations, so each kill lands while some creations are in flight.
//
// Where the kills land, and why: a kill after the server registered a client but before the
// backend journaled its answer leaves an unmanaged client on a plain RFC 7591 server, which picks
// the client_id and cannot list (README "How it works"; the next run names it). No order of steps
// closes that window, so the test holds registrations at the proxy (they never reach the server)
// and kills while they are held, after every registration let through has reached the ledger:
// what remains in flight are intents without an answer, ledger records Terraform never recorded,
// and requests not yet sent. The updates are held the same way (their management calls routed
// through the proxy), and the kill waits until every update let through has persisted its rotated
// registration token: a kill between the server's rotation and that write loses the token (RFC 7592
// §2.2; issue 9 item 4 gives the way out), a window of the API, not of the mode.
import { recordKeys } from '../../lib/backend';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type CommandRun, type E2eClient, type E2eDeclaration } from '../support/e2e-project';
import { clientCredentialsToken, clientsAtProvider, type ExportedCredentials } from '../support/e2e-provider';
import { expectSucceeded, storySteps } from '../support/e2e-story';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { allProcesses, isAlive, killTree, processTree, waitFor } from '../support/process-tree';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';
const COUNT = 20;
const services: E2eClient[] = Array.from({ length: COUNT }, (_, i) => ({ id: `svc-${String(i).padStart(2, '0')}`, clientName: `Crash service ${i}`, flows: { clientCredentials: true }, scopes: [READ] }));
/** The second version: 9 of them gain the write scope. */
const widened = services.map((c, i) => (i % 2 === 0 && i < 18 ? { ...c, scopes: [READ, WRITE] } : c));
const widenedIds = widened.filter((c) => c.scopes.includes(WRITE)).map((c) => c.id);

let server: DevServerProcess;
let proxy: FaultProxy;
let project: E2eProject;
/** Each client's export as first seen: it must never be written again. */
const firstExport = new Map<string, Buffer>();
const step = storySteps();

const declaration = (clients: readonly E2eClient[]): E2eDeclaration => ({
  issuer: server.issuer,
  registrationEndpoint: `${proxy.origin}/reg`,
  scopes: { [READ]: 'Read tstapp data', [WRITE]: 'Change tstapp data' },
  clients,
});

const registrations = () => proxy.requests.filter((r) => r.method === 'POST' && r.path === '/reg' && r.status === 201).length;
const recordCount = async (prefix: string) => (await (await project.store()).list(prefix)).length;
const scopesOf = (scope: unknown) => (typeof scope === 'string' && scope !== '' ? scope.split(' ').sort() : []);

async function rememberExports(): Promise<void> {
  for (const client of services) {
    if (!firstExport.has(client.id) && (await project.exportOf(client.id))) firstExport.set(client.id, project.exportBytes(client.id));
  }
}

/**
 * Starts a deploy, waits until `ready`, then kill -9 of the whole tree; returns what was killed.
 * `terraformFirst`: kill Terraform alone first and wait for its providers to exit by themselves
 * (they watch their parent), then the rest.
 */
async function deployKilledWhen(what: string, ready: () => Promise<boolean>, options: { readonly skipSynth?: boolean; readonly terraformFirst?: boolean } = {}): Promise<string[]> {
  const deploy = project.startDeploy(options);
  let finished: CommandRun | undefined;
  void deploy.done.then((run) => (finished = run));
  // A deploy that ends before the moment came (an error) fails the test with what it printed.
  await waitFor(what, async () => {
    if (finished) throw new Error(`the deploy ended (exit ${finished.code}) before ${what}:\n${finished.output.slice(-6000)}`);
    return ready();
  }, 120_000);
  if (options.terraformFirst) {
    const tree = processTree(deploy.pid);
    const providers = tree.filter((p) => p.command.includes('oauthclients-provider.cjs')).map((p) => p.pid);
    const terraforms = tree.filter((p) => providers.some((pid) => tree.find((q) => q.pid === pid)?.ppid === p.pid));
    expect(providers.length).toBeGreaterThan(0);
    for (const t of terraforms) process.kill(t.pid, 'SIGKILL');
    await waitFor('the providers of the killed Terraform to exit by themselves', () => providers.every((pid) => !isAlive(pid)), 30_000);
  }
  const killed = killTree(deploy.pid);
  const run = await deploy.done;
  expect(run.code).toBeNull(); // killed, not finished
  return killed.map((p) => p.command);
}

beforeAll(async () => {
  server = await startDevServerProcess();
  proxy = await startFaultProxy(server.issuer);
  project = E2eProject.create('e2e-crash', server.initialAccessToken);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  project?.remove();
}, 30_000);

test(
  'kill -9 of cdktf, Terraform and the provider at five moments of creating 20 clients (once Terraform alone first: its provider exits by itself), then a plain deploy: each key has one client with its scopes, exported once, working',
  step('creation killed five times', async () => {
    project.declare(declaration(services));
    // Round by round, this many more registrations pass before the proxy holds the rest.
    for (const [round, allowed] of [0, 3, 4, 5, 4].entries()) {
      const before = registrations();
      proxy.clear();
      if (allowed > 0) proxy.inject({ method: 'POST', path: /^\/reg$/, delayMs: 0, times: allowed });
      proxy.inject({ method: 'POST', path: /^\/reg$/, delayMs: 3_600_000, times: Infinity });
      const killed = await deployKilledWhen(`${allowed} registration(s) to complete and one to be held`, async () => {
        const done = registrations() - before;
        // Every registration let through has its ledger record, and some creation waits at the proxy.
        return done >= allowed && proxy.held() > 0 && (await recordCount(recordKeys.ledgerPrefix)) === registrations();
      }, { skipSynth: round > 0, terraformFirst: round === 4 });
      // The provider was running when the tree was killed (in the last round it had exited by itself).
      if (round < 4) expect(killed.some((command) => command.includes('oauthclients-provider.cjs'))).toBe(true);
      await rememberExports();
    }
    expect(registrations()).toBe(16);
    // (no kill left the provider process behind)
    expect(allProcesses().filter((p) => p.command.includes(project.dir) && isAlive(p.pid))).toEqual([]);

    // when the same code is deployed plainly
    proxy.clear();
    expectSucceeded(await project.deploy({ skipSynth: true }));
    await rememberExports();

    // then every key has exactly one client at the provider, the one its ledger names, with its scope
    const atProvider = await clientsAtProvider(server.dataDir);
    expect(atProvider).toHaveLength(COUNT);
    for (const client of services) {
      const ledger = await project.ledgerOf(client.id);
      const named = atProvider.filter((c) => c.client_name === client.clientName);
      expect({ client: client.id, ids: named.map((c) => c.client_id), scopes: named.map((c) => scopesOf(c.scope)) }).toEqual({ client: client.id, ids: [ledger?.clientId], scopes: [[READ]] });
      // and its secret was exported once and works at the token endpoint
      const credentials = (await project.exportOf(client.id)) as unknown as ExportedCredentials;
      expect(credentials.client_id).toBe(ledger?.clientId);
      expect(project.exportBytes(client.id).equals(firstExport.get(client.id)!)).toBe(true);
      expect((await clientCredentialsToken(credentials, READ)).status).toBe(200);
    }
    // and no intent or journal is left over, and Terraform's state matches: nothing to plan
    expect((await project.allStoreEntries()).filter((key) => !key.startsWith(recordKeys.ledgerPrefix) && !key.startsWith(`${project.hostName}/`))).toEqual([]);
    expect(await project.localJournalEntries()).toEqual([]);
    expect((await project.terraform(['plan', '-detailed-exitcode', '-no-color'])).code).toBe(0);
  }),
  600_000,
);

test(
  'kill -9 of the whole tree while 9 scope updates run: the next plan shows the ones Terraform did not record, and a plain deploy leaves no stale scope',
  step('updates killed', async () => {
    // given the management calls go through the proxy too (as through a gateway in front of the provider)
    const store = await project.store();
    const tokens = new Map<string, string>();
    for (const client of services) {
      const key = project.ledgerPathOf(client.id);
      const ledger = (await store.get(key)) as { handle: { registrationClientUri: string; registrationAccessToken: string } };
      tokens.set(client.id, ledger.handle.registrationAccessToken);
      await store.put(key, { ...ledger, handle: { ...ledger.handle, registrationClientUri: ledger.handle.registrationClientUri.replace(server.issuer, proxy.origin) } });
    }
    // and four updates pass while the proxy holds the others
    proxy.clear();
    proxy.inject({ method: 'PUT', path: /^\/reg\//, delayMs: 0, times: 4 });
    proxy.inject({ method: 'PUT', path: /^\/reg\//, delayMs: 3_600_000, times: Infinity });
    const rotated = async () => {
      let count = 0;
      for (const client of services) count += ((await project.ledgerOf(client.id))?.handle.registrationAccessToken ?? '') !== tokens.get(client.id) ? 1 : 0;
      return count;
    };

    // when 9 clients gain a scope and the deploy is killed with 4 updates done and the rest held
    project.declare(declaration(widened));
    await deployKilledWhen('four updates with their rotated tokens persisted, and one held', async () => proxy.held() > 0 && (await rotated()) >= 4);
    const updatedNames = new Set((await clientsAtProvider(server.dataDir)).filter((c) => scopesOf(c.scope).includes(WRITE)).map((c) => c.client_name));
    expect(updatedNames.size).toBe(4);

    // then the next plan (Terraform's own, on what the killed deploy synthesized) shows every update
    // the provider has not seen. (Terraform's local backend truncates and rewrites its state file, so
    // a kill during that write can lose the state: then the plan creates every client again, and the
    // backend's ledger turns each create into an update of the existing client, no duplicate.)
    proxy.clear();
    const unapplied = widenedIds.filter((id) => !updatedNames.has(widened.find((c) => c.id === id)!.clientName));
    expect(unapplied).toHaveLength(5);
    const plan = expectSucceeded(await project.terraform(['plan', '-no-color', '-input=false']));
    for (const id of unapplied) expect(plan.output).toMatch(new RegExp(`# oauthclients_client\\.${id}_\\w+ will be (updated in-place|created)`));
    expect(plan.output).toMatch(/Plan: \d+ to add, \d+ to change, 0 to destroy\./);

    // when deployed plainly
    expectSucceeded(await project.deploy({ skipSynth: true }));

    // then no client keeps a stale scope, each is still the one client of its key, and nothing was exported again
    const atProvider = await clientsAtProvider(server.dataDir);
    expect(atProvider).toHaveLength(COUNT);
    for (const client of widened) {
      const ledger = await project.ledgerOf(client.id);
      const mine = atProvider.filter((c) => c.client_name === client.clientName);
      expect({ client: client.id, ids: mine.map((c) => c.client_id), scopes: mine.map((c) => scopesOf(c.scope)) }).toEqual({ client: client.id, ids: [ledger?.clientId], scopes: [[...client.scopes].sort()] });
      expect(project.exportBytes(client.id).equals(firstExport.get(client.id)!)).toBe(true);
    }
    for (const id of widenedIds) {
      const credentials = (await project.exportOf(id)) as unknown as ExportedCredentials;
      expect((await clientCredentialsToken(credentials, WRITE)).status).toBe(200);
    }
    expect((await project.terraform(['plan', '-detailed-exitcode', '-no-color'])).code).toBe(0);
  }),
  300_000,
);
