// A client's first apply (lib/backend/first-apply.ts) in-process, against the real development
// server and real file stores, with stores that count their writes (support-in-process.ts):
// "exported once" is a count here, and every crash step is resumed. The handler-process stories
// (crash-safety, faults, first-apply-only) show the same through the real process; these exist so
// that mutation testing (`npm run mutate`) can see which test covers which line.
import { applyClient, BackendError, recordKeys, specHash, type ApplyStep } from '../../lib/backend';
import { ExportedCredentialsSchema } from '../../lib/backend/export-value';
import type { HttpClient } from '../../lib/http';
import type { ClientSpec } from '../../lib/model';
import { ProviderError, type ProviderAdapter } from '../../lib/providers';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { RedirectUrl } from '../../lib';
import { clientSpec } from '../support/handler';
import { clientCredentialsToken, givenDevServer, manage } from './support-backend';
import { unusedPort } from './support-crash-world';
import { contextFactory, projectStores, SimulatedCrash, testHttpClient, type ProjectStores, type RunOptions } from './support-in-process';

const { server, project, clientCount } = givenDevServer('oac-in-process-first-');

let http: HttpClient;
let proxy: FaultProxy;
beforeAll(async () => {
  http = testHttpClient();
  proxy = await startFaultProxy(server.issuer);
});
afterAll(async () => {
  await http?.close();
  await proxy?.close();
});

/** A story: one client, one project, stores kept across its runs. */
async function given(id: string, overrides: Partial<ClientSpec> = {}) {
  const spec: ClientSpec = { ...clientSpec(server.issuer, { id }), ...overrides };
  const stores = await projectStores(project(), spec.host);
  // (one clock and one attempt counter per story, so its ids are attempt-1, attempt-2, ...)
  const contextFor = contextFactory(http);
  const creates: string[] = [];
  const counting = (real: ProviderAdapter): ProviderAdapter =>
    Object.assign(Object.create(real) as ProviderAdapter, {
      create: async (s: ClientSpec) => {
        creates.push(s.key);
        return real.create(s);
      },
    });
  const run = (options: Partial<RunOptions> & { spec?: ClientSpec; instance?: string } = {}) => {
    const ctx = contextFor(options.spec?.host ?? spec.host, stores, { env: { TEST_IAT: server.initialAccessToken }, adapter: counting, ...options });
    return { ctx, outcome: applyClient(ctx, options.spec ?? spec, options.instance ?? 'instance-1') };
  };
  const keys = { export: spec.secretExport.path, ledger: recordKeys.ledger(spec.host.name, spec.key), intent: recordKeys.intent(spec.host.name, spec.key), journal: recordKeys.journal(spec.host.name, spec.key) };
  return { spec, stores, run, creates, keys };
}

async function records(stores: ProjectStores, keys: { ledger: string; intent: string; journal: string; export: string }) {
  return {
    ledger: await stores.store.get(keys.ledger),
    intent: await stores.store.get(keys.intent),
    journal: await stores.store.get(keys.journal),
    localJournal: await stores.localJournal.get(keys.journal),
    exported: await stores.store.get(keys.export),
  };
}

test('creates the client, exports its credentials once and records exactly what later applies need', async () => {
  const { spec, stores, run, keys } = await given('ip-create');
  const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as { token_endpoint: string };

  const { ctx, outcome } = run();
  const result = await outcome;

  expect(result).toEqual({ action: 'created', clientId: expect.any(String), warnings: [] });
  const state = await records(stores, keys);
  expect(state.exported).toEqual({ client_id: result.clientId, client_secret: expect.any(String), issuer: spec.host.issuer, token_endpoint: discovery.token_endpoint });
  expect(state.ledger).toEqual({
    recordVersion: 1,
    host: spec.host.name,
    key: spec.key,
    stack: spec.stack,
    clientId: result.clientId,
    handle: { registrationClientUri: expect.stringContaining(result.clientId), registrationAccessToken: expect.any(String) },
    ownerInstance: 'instance-1',
    specHash: specHash(spec),
    spec,
    exportPath: spec.secretExport.path,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
  });
  expect(state.ledger?.createdAt).toBe(state.ledger?.updatedAt);
  // the records live under the reserved prefix, apart from every export path
  expect(await stores.store.list('')).toEqual([`_oauth-clients/ledger/dev/${spec.key}`, keys.export]);
  // and the export is what the readers (oauth-clients credentials|token|login) accept
  expect(ExportedCredentialsSchema.safeParse(state.exported).success).toBe(true);
  for (const broken of [{ ...state.exported, client_id: '' }, { ...state.exported, client_secret: '' }, { ...state.exported, token_endpoint: undefined }, { ...state.exported, issuer: '' }]) {
    expect(ExportedCredentialsSchema.safeParse(broken).success).toBe(false);
  }
  expect({ intent: state.intent, journal: state.journal, localJournal: state.localJournal }).toEqual({ intent: undefined, journal: undefined, localJournal: undefined });
  // each record written once, the attempt's records then dropped, the export created and never put
  expect(stores.store.writesTo(keys.export)).toEqual({ put: 0, created: 1, deleted: 0 });
  expect(stores.store.writesTo(keys.ledger)).toEqual({ put: 1, created: 0, deleted: 0 });
  expect(stores.store.writesTo(keys.intent)).toEqual({ put: 1, created: 0, deleted: 1 });
  expect(stores.store.writesTo(keys.journal)).toEqual({ put: 1, created: 0, deleted: 1 });
  expect(stores.localJournal.writesTo(keys.journal)).toEqual({ put: 1, created: 0, deleted: 1 });
  expect(ctx.lines).toEqual([]);
  expect((await clientCredentialsToken(state.exported as never, 'tstapp_data.read')).status).toBe(200);
});

describe('a first apply that crashed at a step resumes without a second client or a second export', () => {
  const rerunAction: Record<Exclude<ApplyStep, 'after-create'>, string> = { 'after-intent': 'created', 'after-journal': 'resumed', 'after-export': 'resumed', 'after-ledger': 'unchanged' };
  test.each(Object.keys(rerunAction) as Array<keyof typeof rerunAction>)('crashed %s', async (step) => {
    const { stores, run, creates, keys } = await given(`ip-crash-${step}`);
    await expect(run({ crashAt: step }).outcome).rejects.toBeInstanceOf(SimulatedCrash);
    const crashed = await records(stores, keys);
    expect(crashed.intent).toMatchObject({ attemptId: 'attempt-1', at: expect.any(String), stack: 'test-stack', clientName: expect.any(String) });

    const result = await run().outcome;

    expect(result.action).toBe(rerunAction[step]);
    // (killed with an intent and no answer recorded, the client may exist: the re-run says so)
    expect(result.warnings).toEqual(step === 'after-intent' ? [expect.stringContaining("a previous apply (attempt attempt-1, 2026-01-01T00:00:00.000Z) started registering 'ip-crash-after-intent'")] : []);
    expect(creates).toHaveLength(1);
    const state = await records(stores, keys);
    expect(state.ledger).toMatchObject({ clientId: result.clientId });
    expect(state.exported).toMatchObject({ client_id: result.clientId });
    expect(stores.store.writesTo(keys.export)).toEqual({ put: 0, created: 1, deleted: 0 });
    expect({ intent: state.intent, journal: state.journal, localJournal: state.localJournal }).toEqual({ intent: undefined, journal: undefined, localJournal: undefined });
    if (step !== 'after-intent') expect(crashed.journal).toMatchObject({ attemptId: 'attempt-1', clientId: result.clientId, clientSecret: expect.any(String) });
  });

  test('crashed after-create: the re-run creates another client and names the attempt that may have left one', async () => {
    const { spec, stores, run, creates, keys } = await given('ip-crash-after-create');
    await expect(run({ crashAt: 'after-create' }).outcome).rejects.toBeInstanceOf(SimulatedCrash);
    const { intent } = await records(stores, keys);

    const result = await run().outcome;

    expect(result.action).toBe('created');
    expect(result.warnings).toEqual([
      `a previous apply (attempt attempt-1, ${String(intent?.at)}) started registering '${spec.clientName}' and recorded no answer: ` +
        'the provider may hold an unmanaged client of that name created then; delete it there if so',
    ]);
    expect(creates).toHaveLength(2);
    expect(stores.store.writesTo(keys.export)).toEqual({ put: 0, created: 1, deleted: 0 });
  });
});

describe('a value the backend did not write at the export path', () => {
  const foreign = { client_id: 'hand-made-client', client_secret: 'kept-here-by-someone-else' };

  test('before the first apply: refused before anything is created or recorded', async () => {
    const { spec, stores, run, creates, keys } = await given('ip-foreign-before');
    await stores.store.put(keys.export, foreign);

    const failure = run().outcome;

    await expect(failure).rejects.toThrow(
      new BackendError('EXPORT_CONFLICT', spec.key, `the export path '${keys.export}' already holds credentials of client_id hand-made-client that the ledger does not know; refusing to overwrite: move them away or set secretExport.path`),
    );
    await expect(failure).rejects.toMatchObject({ name: 'BackendError', code: 'EXPORT_CONFLICT', clientKey: spec.key });
    expect(creates).toEqual([]);
    expect(stores.store.writtenKeys()).toEqual([keys.export]);
    expect(await stores.store.get(keys.export)).toEqual(foreign);
  });

  test('a value without a client_id is refused too, and the message says no client_id', async () => {
    const { stores, run, keys } = await given('ip-foreign-other');
    await stores.store.put(keys.export, { password: 'not client credentials' });

    await expect(run().outcome).rejects.toThrow(`the export path '${keys.export}' already holds credentials that the ledger does not know`);
  });

  test('between a crash and the re-run: refused, never overwritten, the journal kept for the next try', async () => {
    const { spec, stores, run, creates, keys } = await given('ip-foreign-after-crash');
    await expect(run({ crashAt: 'after-journal' }).outcome).rejects.toBeInstanceOf(SimulatedCrash);
    await stores.store.put(keys.export, foreign);

    await expect(run().outcome).rejects.toMatchObject({ code: 'EXPORT_CONFLICT', message: expect.stringContaining('client_id hand-made-client') });

    expect(stores.store.writesTo(keys.export)).toEqual({ put: 1, created: 0, deleted: 0 });
    expect(await stores.store.get(keys.export)).toEqual(foreign);
    const state = await records(stores, keys);
    expect(state.ledger).toBeUndefined();
    expect(state.journal).toMatchObject({ clientId: expect.any(String) });

    await stores.store.delete(keys.export);
    const result = await run().outcome;
    expect(result).toMatchObject({ action: 'resumed', clientId: state.journal?.clientId });
    expect(creates).toEqual([spec.key]);
  });

  test('a value without a client_id between a crash and the re-run is refused too, not taken for our own', async () => {
    const { stores, run, keys } = await given('ip-foreign-other-after-crash');
    await expect(run({ crashAt: 'after-journal' }).outcome).rejects.toBeInstanceOf(SimulatedCrash);
    await stores.store.put(keys.export, { password: 'a database password kept here by hand' });

    await expect(run().outcome).rejects.toMatchObject({ code: 'EXPORT_CONFLICT' });
    expect(await stores.store.get(keys.export)).toEqual({ password: 'a database password kept here by hand' });
  });
});

describe('a registration that fails', () => {
  test('refused by the provider (4xx): the intent is dropped, nothing else written', async () => {
    const { stores, run, keys } = await given('ip-refused');
    const before = await clientCount();

    const failure = run({ spec: { ...(await given('ip-refused')).spec, scopes: ['tstapp_data.admin'] } }).outcome;

    await expect(failure).rejects.toBeInstanceOf(ProviderError);
    await expect(failure).rejects.toMatchObject({ status: 400 });
    expect(stores.store.writesTo(keys.intent)).toEqual({ put: 1, created: 0, deleted: 1 });
    expect(stores.store.writtenKeys()).toEqual([keys.intent]);
    expect(await clientCount()).toBe(before);
  });

  test('never reached the server (connection refused): the intent is dropped', async () => {
    const base = await given('ip-unreachable');
    const spec = { ...base.spec, host: { ...base.spec.host, registrationEndpoint: `http://127.0.0.1:${await unusedPort()}/reg` } };

    await expect(base.run({ spec }).outcome).rejects.toMatchObject({ name: 'HttpTransportError', code: 'ECONNREFUSED' });

    expect(base.stores.store.writesTo(base.keys.intent)).toEqual({ put: 1, created: 0, deleted: 1 });
    expect(await base.stores.store.get(base.keys.intent)).toBeUndefined();
  });

  test('answered 500 (it may have been created): the intent stays, and the next apply warns of it', async () => {
    const base = await given('ip-server-error');
    const spec = { ...base.spec, host: { ...base.spec.host, registrationEndpoint: `${proxy.origin}/reg` } };
    proxy.inject({ method: 'POST', path: /^\/reg$/, respond: { status: 500, body: 'internal error' } });

    await expect(base.run({ spec }).outcome).rejects.toMatchObject({ name: 'ProviderError', status: 500 });

    expect(base.stores.store.writesTo(base.keys.intent)).toEqual({ put: 1, created: 0, deleted: 0 });
    const result = await base.run({ spec }).outcome;
    expect(result.action).toBe('created');
    expect(result.warnings).toEqual([expect.stringContaining(`a previous apply (attempt attempt-`)]);
  });

  test('answered 201 without the credentials (the client exists, unrecorded): the intent stays', async () => {
    const base = await given('ip-bad-answer');
    const spec = { ...base.spec, host: { ...base.spec.host, registrationEndpoint: `${proxy.origin}/reg` } };
    proxy.inject({ method: 'POST', path: /^\/reg$/, respond: { status: 201, headers: { 'content-type': 'application/json' }, body: '{"client_id":"made-but-unusable"}' } });

    await expect(base.run({ spec }).outcome).rejects.toMatchObject({ name: 'ProviderError', status: 201 });

    expect(base.stores.store.writesTo(base.keys.intent)).toEqual({ put: 1, created: 0, deleted: 0 });
  });

  test("failed with an error that is not the provider's answer, whatever status it carries: the intent stays", async () => {
    const base = await given('ip-odd-error');
    const throwing = (real: ProviderAdapter): ProviderAdapter =>
      Object.assign(Object.create(real) as ProviderAdapter, { create: async () => Promise.reject(Object.assign(new Error('a proxy said no'), { status: 403 })) });

    await expect(base.run({ adapter: throwing }).outcome).rejects.toThrow('a proxy said no');

    expect(base.stores.store.writesTo(base.keys.intent)).toEqual({ put: 1, created: 0, deleted: 0 });
  });

  test('created, but the store cannot hold the journal: a clear error, the credentials kept locally, and the next apply exports that client', async () => {
    const { spec, stores, run, creates, keys } = await given('ip-store-fails');
    stores.store.failPut = (key) => key === keys.journal;

    const failure = run().outcome;

    await expect(failure).rejects.toMatchObject({ code: 'STORE_FAILED', clientKey: spec.key });
    const local = await stores.localJournal.get(keys.journal);
    expect(local).toMatchObject({ clientId: expect.any(String), clientSecret: expect.any(String) });
    await expect(failure).rejects.toThrow(
      `${spec.key}: client ${String(local?.clientId)} was created but ${stores.store.description} failed (no space left on device (injected)); its credentials are kept in the local journal: run apply again once the store works`,
    );

    stores.store.failPut = undefined;
    const result = await run().outcome;
    expect(result).toEqual({ action: 'resumed', clientId: local?.clientId, warnings: [] });
    expect(await stores.store.get(keys.export)).toMatchObject({ client_id: local?.clientId, client_secret: local?.clientSecret });
    expect(creates).toHaveLength(1);
    expect(await stores.localJournal.get(keys.journal)).toBeUndefined();
  });
});

test('a public client exports its client_id without a secret', async () => {
  const spec = clientSpec(server.issuer, { id: 'ip-public', publicClient: true, flows: { authorizationCode: true }, redirectUrls: [RedirectUrl.loopback(3005, { path: '/auth' })] });
  const stores = await projectStores(project(), spec.host);
  const result = await applyClient(contextFactory(http)(spec.host, stores, { env: { TEST_IAT: server.initialAccessToken } }), spec, 'instance-1');
  const exported = await stores.store.get(spec.secretExport.path);
  expect(exported).toEqual({ client_id: result.clientId, issuer: spec.host.issuer, token_endpoint: expect.any(String) });
  expect(Object.keys(exported ?? {})).not.toContain('client_secret');
  expect((await manage((await stores.store.get(recordKeys.ledger(spec.host.name, spec.key))) as never, 'GET')).status).toBe(200);
});
