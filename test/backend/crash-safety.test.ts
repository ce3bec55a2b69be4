// Crash safety of a client's first apply (docs/design.md §4): the real handler process is killed with
// SIGKILL at each step of intent → create → journal → export → ledger → cleanup, against the real
// development server, and the next apply must converge: one client at the provider, its secret
// exported once and working, no attempt records left. The one window no order closes (between the
// provider's answer and the journal) must be reported by name, not hidden.
import * as fs from 'node:fs';
import type { ApplyStep } from '../../lib/backend';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { clientSpec, runHandler, tempProject, type HandlerRun } from '../support/handler';
import {
  backendState,
  clearExportPath,
  clientCredentialsToken,
  exportStamp,
  putAtExportPath,
  uniqueName,
  watchProvider,
  type BackendState,
  type EntryStamp,
  type ProviderView,
} from './support-crash-world';

let server: DevServerProcess;
let provider: ProviderView;
const projects: string[] = [];

beforeAll(async () => {
  server = await startDevServerProcess();
  provider = await watchProvider(server);
});
afterAll(async () => {
  await server?.stop();
  for (const project of projects) fs.rmSync(project, { recursive: true, force: true });
});

/** A project of its own and a client nobody else on the shared server is called. */
function newClient(label: string) {
  const projectRoot = tempProject('oac-crash-');
  projects.push(projectRoot);
  const spec = clientSpec(server.issuer, { id: `svc-${label}`, clientName: uniqueName(`crash ${label}`) });
  const env = { TEST_IAT: server.initialAccessToken };
  const apply = (extra: NodeJS.ProcessEnv = {}) => runHandler('apply', spec, { projectRoot, env: { ...env, ...extra } });
  return { projectRoot, spec, apply };
}

/** The handler died of the injected SIGKILL, not of an error it reported. */
function expectKilled(run: HandlerRun): void {
  expect({ status: run.status, signal: run.signal }).toEqual({ status: null, signal: 'SIGKILL' });
  expect(run.stderr).not.toMatch(/failed:/);
}

function expectSucceeded(run: HandlerRun): void {
  // The whole output on failure: the assertion then shows why.
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
}

/** The client_id the journal holds; fails when there is none (comparing two undefineds proves nothing). */
function journalled(state: BackendState): string {
  expect(state.journal).toMatchObject({ clientId: expect.any(String) });
  return state.journal!.clientId as string;
}

/** What the store must hold right after the kill, proving the process died at that step and no other. */
const afterKill: Record<Exclude<ApplyStep, 'after-create'>, (state: BackendState, clients: number) => void> = {
  'after-intent': (state, clients) => {
    expect(state.intent).toMatchObject({ clientName: expect.any(String) });
    expect(clients).toBe(0);
    expect({ journal: state.journal, exported: state.exported }).toEqual({ journal: undefined, exported: undefined });
  },
  'after-journal': (state, clients) => {
    expect(clients).toBe(1);
    journalled(state);
    expect({ exported: state.exported, ledger: state.ledger }).toEqual({ exported: undefined, ledger: undefined });
  },
  'after-export': (state, clients) => {
    expect(clients).toBe(1);
    expect(state.exported).toMatchObject({ client_id: journalled(state) });
    expect(state.ledger).toBeUndefined();
  },
  'after-ledger': (state, clients) => {
    expect(clients).toBe(1);
    const clientId = journalled(state);
    expect(state.ledger).toMatchObject({ clientId });
    expect(state.exported).toMatchObject({ client_id: clientId });
    expect(state.intent).toMatchObject({ clientName: expect.any(String) });
  },
};

/** How the re-run names what it did (lib/backend/apply.ts ApplyOutcome.action). */
const rerunAction: Record<keyof typeof afterKill, string> = {
  'after-intent': 'created',
  'after-journal': 'resumed',
  'after-export': 'resumed',
  'after-ledger': 'unchanged',
};

describe('a first apply killed at a step, then applied again', () => {
  test.each(Object.keys(afterKill) as Array<keyof typeof afterKill>)(
    'given an apply SIGKILLed %s, when apply runs again, then one client exists, its secret was exported once and works, and no attempt record is left',
    async (step) => {
      // given an apply that the handler's crash checkpoint kills at this step
      const { projectRoot, spec, apply } = newClient(step);
      const crashed = await apply({ OAUTH_CLIENTS_TEST_CRASH_AT: step });
      expectKilled(crashed);
      afterKill[step](await backendState(projectRoot, spec), (await provider.clientsNamed(spec.clientName)).length);
      // (the export the killed apply wrote, if it got that far: the re-run must not write it again)
      const exportedBeforeRerun: EntryStamp | undefined = exportStamp(projectRoot, spec);

      // when Terraform (or a person) runs the same apply again
      const rerun = await apply();

      // then it succeeds, and the provider holds exactly one client of that name: no duplicate
      expectSucceeded(rerun);
      const clients = await provider.clientsNamed(spec.clientName);
      expect(clients).toHaveLength(1);
      const state = await backendState(projectRoot, spec);
      expect(rerun.stderr).toContain(`${spec.host.name}/${spec.key}: ${rerunAction[step]} client_id=${clients[0].client_id}`);

      // and the ledger manages that client, whose credentials were exported once, to the one export path
      expect(state.ledger).toMatchObject({ clientId: clients[0].client_id, ownerInstance: 'instance-1', exportPath: spec.secretExport.path });
      expect(state.exported).toMatchObject({ client_id: clients[0].client_id, issuer: spec.host.issuer });
      expect(state.exportKeys).toEqual([spec.secretExport.path]);
      // once: an export the killed apply wrote is the very file it wrote (same inode, mtime and
      // bytes), not a rewrite with equal values
      if (step === 'after-export' || step === 'after-ledger') {
        expect(exportedBeforeRerun).toBeDefined();
        expect(exportStamp(projectRoot, spec)).toEqual(exportedBeforeRerun);
      } else {
        expect(exportedBeforeRerun).toBeUndefined();
      }

      // and the exported secret gets a token
      const token = await clientCredentialsToken(state.exported);
      expect(token).toMatchObject({ status: 200, body: { access_token: expect.any(String), scope: 'tstapp_data.read' } });

      // and the attempt's records are gone, in the store and beside it
      expect({ intent: state.intent, journal: state.journal, localJournal: state.localJournal }).toEqual({
        intent: undefined,
        journal: undefined,
        localJournal: undefined,
      });
      // and no secret reached the output
      expect(`${rerun.stdout}${rerun.stderr}`).not.toContain(clients[0].client_secret);
    },
  );
});

describe('a value that appears at the export path between the crash and the re-run', () => {
  test("given an apply SIGKILLed after-journal and someone else's credentials written to the export path since, when apply runs again, then it refuses naming the path and leaves the value alone; the client's credentials stay in the journal until the path is cleared, and then exactly that client is exported", async () => {
    // given an apply killed after the provider created the client and the journal recorded it
    const { projectRoot, spec, apply } = newClient('foreign-after-crash');
    expectKilled(await apply({ OAUTH_CLIENTS_TEST_CRASH_AT: 'after-journal' }));
    const created = await provider.clientsNamed(spec.clientName);
    expect(created).toHaveLength(1);
    // and, before anyone runs it again, a value the backend did not write at the export path
    const foreign = { client_id: 'hand-made-client', client_secret: 'kept-here-by-someone-else', issuer: 'https://elsewhere.example', token_endpoint: 'https://elsewhere.example/token' };
    await putAtExportPath(projectRoot, spec, foreign);
    const foreignStamp = exportStamp(projectRoot, spec);

    // when apply runs again
    const refused = await apply();

    // then it fails (not a crash), naming the client, the path and the value's client_id, refusing to overwrite
    expect({ status: refused.status, signal: refused.signal }).toEqual({ status: 1, signal: null });
    const line = refused.stderr.split('\n').find((l) => l.startsWith(`oauth-clients apply ${spec.host.name}/${spec.key}: failed: `));
    expect(line).toContain(`export path '${spec.secretExport.path}' already holds credentials of client_id hand-made-client`);
    expect(line).toContain('refusing to overwrite');
    // and the foreign value is the very file that was written there: never overwritten, not even with itself
    expect(exportStamp(projectRoot, spec)).toEqual(foreignStamp);
    const kept = await backendState(projectRoot, spec);
    expect(kept.exported).toEqual(foreign);
    // and nothing is lost or duplicated: the one client, its credentials still in the journal, no ledger
    expect(await provider.clientsNamed(spec.clientName)).toEqual(created);
    expect(kept.journal).toMatchObject({ clientId: created[0].client_id, clientSecret: created[0].client_secret });
    expect(kept.ledger).toBeUndefined();
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(created[0].client_secret);

    // when the operator moves the value away and applies again
    await clearExportPath(projectRoot, spec);
    const rerun = await apply();

    // then the client the crashed apply created is the one exported, managed and working
    expectSucceeded(rerun);
    expect(rerun.stderr).toContain(`${spec.host.name}/${spec.key}: resumed client_id=${created[0].client_id}`);
    expect(await provider.clientsNamed(spec.clientName)).toHaveLength(1);
    const state = await backendState(projectRoot, spec);
    expect(state.ledger).toMatchObject({ clientId: created[0].client_id });
    expect(state.exported).toMatchObject({ client_id: created[0].client_id, client_secret: created[0].client_secret });
    expect((await clientCredentialsToken(state.exported)).status).toBe(200);
    expect({ intent: state.intent, journal: state.journal, localJournal: state.localJournal }).toEqual({ intent: undefined, journal: undefined, localJournal: undefined });
  });
});

describe('a first apply killed between the provider answer and the journal', () => {
  test('given an apply SIGKILLed after-create, when apply runs again, then it succeeds and reports the possible orphan by name and time instead of hiding it', async () => {
    // given an apply killed after the provider created the client but before anything recorded it
    const { projectRoot, spec, apply } = newClient('after-create');
    const crashed = await apply({ OAUTH_CLIENTS_TEST_CRASH_AT: 'after-create' });
    expectKilled(crashed);
    const orphans = await provider.clientsNamed(spec.clientName);
    expect(orphans).toHaveLength(1);
    const left = await backendState(projectRoot, spec);
    expect(left.journal).toBeUndefined();
    expect(left.localJournal).toBeUndefined();
    expect(left.intent).toMatchObject({ clientName: spec.clientName, at: expect.any(String) });

    // when apply runs again
    const rerun = await apply();

    // then it succeeds with a new client, and warns about the previous attempt, naming the client and when it was
    expectSucceeded(rerun);
    const warning = rerun.stderr.split('\n').find((line) => line.includes('warning:'));
    expect(warning).toContain(`'${spec.clientName}'`);
    expect(warning).toContain(String(left.intent?.at));
    expect(warning).toContain(`${spec.host.name}/${spec.key}`);

    // and the provider now holds two clients of that name: the orphan is reported, not deleted or hidden
    const clients = await provider.clientsNamed(spec.clientName);
    expect(clients).toHaveLength(2);
    const state = await backendState(projectRoot, spec);
    const managed = clients.find((c) => c.client_id === state.ledger?.clientId);
    expect(managed).toBeDefined();
    expect(managed?.client_id).not.toBe(orphans[0].client_id);

    // and the managed client's credentials are the one export, and they work
    expect(state.exported?.client_id).toBe(managed?.client_id);
    expect(state.exportKeys).toEqual([spec.secretExport.path]);
    expect((await clientCredentialsToken(state.exported)).status).toBe(200);
    expect({ intent: state.intent, journal: state.journal, localJournal: state.localJournal }).toEqual({
      intent: undefined,
      journal: undefined,
      localJournal: undefined,
    });
  });
});
