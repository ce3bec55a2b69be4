// Provider and store faults seen by the real handler process (docs/design.md §4, lib/http retry rules):
// the fault proxy sits between the handler and the real development server and answers 5xx/429,
// drops connections, or the provider is not there at all; the store fails half-way. Every story
// ends with what an operator checks: did the apply succeed or say clearly why not, how many
// clients does the provider hold, and does the exported secret work.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../support/fault-proxy';
import { clientSpec, runHandler, tempProject, withScopes, type HandlerRun } from '../support/handler';
import type { ClientSpec } from '../../lib/model';
import { fileStoreDirectory } from './support-backend';
import {
  backendState,
  clientCredentialsToken,
  routeManagementThrough,
  stampRequests,
  uniqueName,
  unusedPort,
  watchProvider,
  type ProviderView,
  type StampedRequest,
} from './support-crash-world';

const DISCOVERY = /^\/\.well-known\/openid-configuration$/;
const REGISTRATION = /^\/reg$/;
const MANAGEMENT = /^\/reg\/[^/]+$/;

let server: DevServerProcess;
let provider: ProviderView;
let proxy: FaultProxy;
let seen: StampedRequest[];
const projects: string[] = [];

beforeAll(async () => {
  server = await startDevServerProcess();
  provider = await watchProvider(server);
  proxy = await startFaultProxy(server.issuer);
  seen = stampRequests(proxy);
});
afterEach(() => proxy.clear());
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  for (const project of projects) fs.rmSync(project, { recursive: true, force: true });
});

interface Story {
  readonly projectRoot: string;
  readonly spec: ClientSpec;
  readonly subject: string;
  apply(spec?: ClientSpec): Promise<HandlerRun>;
  /** What the proxy saw since the story began. */
  requests(pathPattern?: RegExp, method?: string): StampedRequest[];
}

/**
 * A project of its own and a uniquely named client whose discovery and registration go through
 * the fault proxy (`issuer` and `registrationEndpoint` point at it; the dev server's discovery
 * document names its own absolute URLs, so registration is routed explicitly).
 */
function story(label: string, options: { issuer?: string; viaProxy?: boolean } = {}): Story {
  const projectRoot = tempProject('oac-faults-');
  projects.push(projectRoot);
  const viaProxy = options.viaProxy ?? true;
  const issuer = options.issuer ?? (viaProxy ? proxy.origin : server.issuer);
  const spec = clientSpec(issuer, {
    id: label,
    clientName: uniqueName(label),
    // The dev server's discovery names its own origin for the token endpoint and management URIs,
    // and management stories reroute them through the proxy: both origins are declared, so the
    // handler may send credentials there (endpoint-policy.ts refuses any other).
    host: { ...(viaProxy ? { registrationEndpoint: `${proxy.origin}/reg` } : {}), endpointOrigins: [new URL(server.issuer).origin, proxy.origin] },
  });
  const mark = seen.length;
  return {
    projectRoot,
    spec,
    subject: `${spec.host.name}/${spec.key}`,
    apply: (applied = spec) => runHandler('apply', applied, { projectRoot, env: { TEST_IAT: server.initialAccessToken } }),
    requests: (pathPattern, method) =>
      seen.slice(mark).filter((r) => (!pathPattern || pathPattern.test(r.path.split('?')[0])) && (!method || r.method === method)),
  };
}

function expectSucceeded(run: HandlerRun): void {
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
}

/** Failed on purpose: exit status 1 and one `failed:` line, no crash. */
function failureLine(run: HandlerRun): string {
  expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
  const line = run.stderr.split('\n').find((l) => l.includes(': failed: '));
  expect(line).toBeDefined();
  return line!;
}

/** One client of the story's name at the provider, managed by the ledger, exported, and working. */
async function expectOneWorkingClient(s: Story): Promise<string> {
  const clients = await provider.clientsNamed(s.spec.clientName);
  expect(clients).toHaveLength(1);
  const state = await backendState(s.projectRoot, s.spec);
  expect(state.ledger?.clientId).toBe(clients[0].client_id);
  expect(state.exported?.client_id).toBe(clients[0].client_id);
  expect(state.exportKeys).toEqual([s.spec.secretExport.path]);
  expect((await clientCredentialsToken(state.exported)).status).toBe(200);
  return clients[0].client_id;
}

describe('discovery faults are retried', () => {
  const faults: Array<[string, Omit<FaultRule, 'path' | 'method' | 'times'>, number]> = [
    ['503 without Retry-After', { respond: { status: 503 } }, 503],
    ['502', { respond: { status: 502, body: 'bad gateway' } }, 502],
    ['a dropped connection', { drop: 'request' }, 0],
  ];
  test.each(faults)('given the discovery GET fails twice with %s, when apply runs, then it retries and succeeds with one client', async (_name, fault, recorded) => {
    // given a provider whose discovery document fails twice
    const s = story('discovery');
    proxy.inject({ ...fault, method: 'GET', path: DISCOVERY, times: 2 } as FaultRule);

    // when apply runs
    const run = await s.apply();

    // then the handler asked again until it got the document, and the apply succeeded
    expectSucceeded(run);
    expect(s.requests(DISCOVERY).map((r) => r.status)).toEqual([recorded, recorded, 200]);
    // and registered exactly once: one client, exported, whose secret works
    expect(s.requests(REGISTRATION, 'POST').map((r) => r.status)).toEqual([201]);
    await expectOneWorkingClient(s);
  });
});

describe('registration faults', () => {
  test('given the registration POST is answered 429 with Retry-After: 1, when apply runs, then it waits a second, registers once and succeeds', async () => {
    const s = story('throttled');
    proxy.inject({ method: 'POST', path: REGISTRATION, respond: { status: 429, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: '{"error":"slow_down"}' } });

    const run = await s.apply();

    expectSucceeded(run);
    const posts = s.requests(REGISTRATION, 'POST');
    expect(posts.map((r) => r.status)).toEqual([429, 201]);
    // the second attempt came after the second the provider asked for (the proxy stamps the 201
    // when the dev server answered, so the gap is at least the wait)
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(950);
    await expectOneWorkingClient(s);
  });

  test('given the registration POST is answered 500, when apply runs, then it is not retried and fails naming the client and the status; the next apply converges to one client', async () => {
    // given a provider that fails the registration once with a server error
    const s = story('server-error');
    proxy.inject({ method: 'POST', path: REGISTRATION, respond: { status: 500, body: 'internal error' } });

    // when apply runs
    const failed = await s.apply();

    // then the POST was sent once (a retry could register a second client) and the apply failed,
    // naming the client key and the HTTP status
    const line = failureLine(failed);
    expect(line).toContain(s.spec.key);
    expect(line).toMatch(/register failed with HTTP 500/);
    expect(s.requests(REGISTRATION, 'POST').map((r) => r.status)).toEqual([500]);
    expect(await provider.clientsNamed(s.spec.clientName)).toEqual([]);
    const state = await backendState(s.projectRoot, s.spec);
    expect({ ledger: state.ledger, exportKeys: state.exportKeys }).toEqual({ ledger: undefined, exportKeys: [] });

    // when the provider recovers and apply runs again
    const rerun = await s.apply();

    // then it converges: exactly one client, exported once, working
    expectSucceeded(rerun);
    await expectOneWorkingClient(s);
  });

  test('given the connection drops after the provider registered the client, when apply runs, then the POST is not retried, the apply fails, and the next apply reports the possible orphan by name', async () => {
    // given a provider that registers the client but whose answer is lost on the way back
    const s = story('lost-answer');
    proxy.inject({ method: 'POST', path: REGISTRATION, drop: 'response' });

    // when apply runs
    const failed = await s.apply();

    // then the POST was not repeated (a blind retry would have made a second client silently)
    const line = failureLine(failed);
    expect(line).toContain(s.spec.key);
    expect(s.requests(REGISTRATION, 'POST')).toHaveLength(1);
    expect(await provider.clientsNamed(s.spec.clientName)).toHaveLength(1);

    // when apply runs again
    const rerun = await s.apply();

    // then it succeeds and warns about the attempt that may have left a client behind, by name
    expectSucceeded(rerun);
    expect(rerun.stderr).toMatch(new RegExp(`warning: .*'${s.spec.clientName}'`));
    const clients = await provider.clientsNamed(s.spec.clientName);
    expect(clients).toHaveLength(2);
    const state = await backendState(s.projectRoot, s.spec);
    expect(state.exported?.client_id).toBe(state.ledger?.clientId);
    expect((await clientCredentialsToken(state.exported)).status).toBe(200);
  });
});

describe('management faults (RFC 7592 calls routed through the proxy by rewriting the ledger handle)', () => {
  /** A client applied directly, then its management handle pointed at the proxy. */
  async function managedStory(label: string): Promise<Story & { clientId: string; exportedBefore: unknown }> {
    const s = story(label, { viaProxy: false });
    expectSucceeded(await s.apply());
    const clientId = await expectOneWorkingClient(s);
    await routeManagementThrough(s.projectRoot, s.spec, proxy.origin);
    return { ...s, clientId, exportedBefore: (await backendState(s.projectRoot, s.spec)).exported };
  }

  test('given the read GET fails twice with 503, when apply runs again, then it retries and the client is unchanged', async () => {
    const s = await managedStory('read-503');
    proxy.inject({ method: 'GET', path: MANAGEMENT, times: 2, respond: { status: 503 } });

    const run = await s.apply();

    expectSucceeded(run);
    expect(run.stderr).toContain(`${s.subject}: unchanged client_id=${s.clientId}`);
    expect(s.requests(MANAGEMENT, 'GET').map((r) => r.status)).toEqual([503, 503, 200]);
    expect(await expectOneWorkingClient(s)).toBe(s.clientId);
  });

  test('given the update PUT is answered 503, when apply runs, then it is not retried and fails naming the client and status; the next apply updates the same client', async () => {
    const s = await managedStory('update-503');
    const changed = withScopes(s.spec, ['tstapp_data.read', 'tstapp_data.write']);
    proxy.inject({ method: 'PUT', path: MANAGEMENT, respond: { status: 503 } });

    const failed = await s.apply(changed);

    const line = failureLine(failed);
    expect(line).toContain(s.spec.key);
    expect(line).toMatch(/update failed with HTTP 503/);
    expect(s.requests(MANAGEMENT, 'PUT').map((r) => r.status)).toEqual([503]);

    const rerun = await s.apply(changed);

    expectSucceeded(rerun);
    expect(rerun.stderr).toContain(`${s.subject}: updated client_id=${s.clientId}`);
    expect(await expectOneWorkingClient(s)).toBe(s.clientId);
    expect((await backendState(s.projectRoot, s.spec)).exported).toEqual(s.exportedBefore);
    const [client] = await provider.clientsNamed(s.spec.clientName);
    expect(client).toMatchObject({ scope: 'tstapp_data.read tstapp_data.write' });
  });

  // The next apply reads with the registration access token the lost answer had already rotated
  // away and gets 401 (RFC 7592 §2.1 says the same for a deleted client). The backend asks the
  // token endpoint before recreating: the client still exists, so it must not register a second
  // client. The development server offers a new token (its admin way out); a provider without one
  // gets an error saying what to do (test/backend/management-token.test.ts).
  test('given the answer to the update PUT is lost after the provider rotated the registration access token, when apply runs again, then no second client is created, the export is not replaced and the same client gets the declaration', async () => {
    // given a managed client whose update reached the provider but whose answer (with the new
    // registration access token) was lost on the way back
    const s = await managedStory('update-lost');
    const changed = withScopes(s.spec, ['tstapp_data.read', 'tstapp_data.write']);
    proxy.inject({ method: 'PUT', path: MANAGEMENT, drop: 'response' });
    const failed = await s.apply(changed);
    expect(failureLine(failed)).toContain(s.spec.key);
    expect(s.requests(MANAGEMENT, 'PUT')).toHaveLength(1);

    // when apply runs again
    const rerun = await s.apply(changed);

    // then the development server issued a new token for the same client, the provider still holds
    // one client of that name and the application's exported credentials are the ones it had
    expectSucceeded(rerun);
    expect(rerun.stderr).toContain(`client ${s.clientId}, which still exists; the provider issued a new one`);
    expect(rerun.stderr).not.toMatch(/recreated|had vanished/);
    expect(await provider.clientsNamed(s.spec.clientName)).toHaveLength(1);
    expect((await backendState(s.projectRoot, s.spec)).exported).toEqual(s.exportedBefore);
  });
});

describe('a provider that is down', () => {
  test('given nothing listens at the issuer, when apply runs, then it fails naming the host and the issuer, and no secret or record of a client exists', async () => {
    const issuer = `http://127.0.0.1:${await unusedPort()}`;
    const s = story('down', { issuer, viaProxy: false });

    const run = await s.apply();

    // (the line starts with the subject `<host>/<key>`; the issuer appears in the URL it could not reach)
    const line = failureLine(run);
    expect(line).toContain(`${s.subject}: failed:`);
    expect(line).toContain(`${issuer}/.well-known/`);
    expect(line).toMatch(/ECONNREFUSED/);
    const state = await backendState(s.projectRoot, s.spec);
    expect({ ledger: state.ledger, journal: state.journal, localJournal: state.localJournal, exported: state.exported, exportKeys: state.exportKeys }).toEqual({
      ledger: undefined,
      journal: undefined,
      localJournal: undefined,
      exported: undefined,
      exportKeys: [],
    });
    expect(`${run.stdout}${run.stderr}`).not.toContain(server.initialAccessToken);
  });

  // The intent is written once discovery answered, just before the registration request, and
  // dropped when that request never reached the server: a false orphan warning would teach
  // operators to ignore the real one.
  test('given an apply whose registration request never reached the server (connection refused), when the provider is reachable again, then the failed apply left no intent and the next apply creates the client without warning of an orphan that cannot exist', async () => {
    // given a host whose discovery answers but whose registration endpoint refuses connections
    const s = story('never-reached');
    const refusing = `http://127.0.0.1:${await unusedPort()}/reg`;
    const unreachable: ClientSpec = { ...s.spec, host: { ...s.spec.host, registrationEndpoint: refusing } };

    // when apply runs
    const failed = await s.apply(unreachable);

    // then it fails at the registration request itself (discovery answered, the credential was
    // read: the intent had been written), naming the endpoint it could not reach
    const line = failureLine(failed);
    expect(line).toContain(`${s.subject}: failed:`);
    expect(line).toContain(`POST ${refusing}`);
    expect(line).toMatch(/ECONNREFUSED/);
    expect(s.requests(DISCOVERY, 'GET').map((r) => r.status)).toEqual([200]);
    expect(s.requests(REGISTRATION)).toEqual([]);
    // and left no intent, nor any other record, and no client of that name exists
    const left = await backendState(s.projectRoot, s.spec);
    expect({ intent: left.intent, journal: left.journal, localJournal: left.localJournal, ledger: left.ledger, exportKeys: left.exportKeys }).toEqual({
      intent: undefined,
      journal: undefined,
      localJournal: undefined,
      ledger: undefined,
      exportKeys: [],
    });
    expect(await provider.clientsNamed(s.spec.clientName)).toEqual([]);

    // when the registration endpoint is reachable and apply runs again
    const rerun = await s.apply();

    // then it creates the one client, and says nothing of an orphan
    expectSucceeded(rerun);
    expect(rerun.stderr).toContain(`${s.subject}: created client_id=`);
    expect(rerun.stderr).not.toMatch(/warning:/);
    await expectOneWorkingClient(s);
  });
});

describe('a store that fails during the first apply', () => {
  test('given the store cannot write the journal, when apply runs, then it fails saying the credentials are kept; after the store is repaired the next apply exports that same client', async () => {
    // given a store in which the journal folder cannot be created (a regular file sits in its place)
    const s = story('store-broken', { viaProxy: false });
    const blocker = path.join(s.projectRoot, fileStoreDirectory(s.spec), '_oauth-clients', 'journal');
    fs.mkdirSync(path.dirname(blocker), { recursive: true, mode: 0o700 });
    fs.writeFileSync(blocker, 'not a folder');

    // when apply runs
    const failed = await s.apply();

    // then the client was created, the apply failed with a message that says its credentials are kept
    const created = await provider.clientsNamed(s.spec.clientName);
    expect(created).toHaveLength(1);
    const line = failureLine(failed);
    expect(line).toContain(s.spec.key);
    expect(line).toContain(`client ${created[0].client_id} was created`);
    expect(line).toMatch(/credentials are kept/);
    expect(`${failed.stdout}${failed.stderr}`).not.toContain(created[0].client_secret);
    const kept = await backendState(s.projectRoot, s.spec);
    expect(kept.localJournal?.clientId).toBe(created[0].client_id);
    expect({ ledger: kept.ledger, exported: kept.exported }).toEqual({ ledger: undefined, exported: undefined });

    // when the store is repaired and apply runs again
    fs.rmSync(blocker);
    const rerun = await s.apply();

    // then the kept secret is exported: the client created by the failed run, the only one, working
    expectSucceeded(rerun);
    expect(await expectOneWorkingClient(s)).toBe(created[0].client_id);
    const state = await backendState(s.projectRoot, s.spec);
    expect({ intent: state.intent, journal: state.journal, localJournal: state.localJournal }).toEqual({
      intent: undefined,
      journal: undefined,
      localJournal: undefined,
    });
  });
});
