// A managed client's later life in-process (lib/backend apply, destroy, prune, remove-client,
// ledger-io), against the real development server (rotating registration tokens) and real file
// stores that count their writes. The handler-process stories (lifecycle, rotation, faults) show
// the same through the real process; these let mutation testing see which test covers which line.
import { applyClient, BackendError, destroyClient, listLedger, pruneStack, recordKeys, specHash, type LedgerRecord } from '../../lib/backend';
import type { HttpClient } from '../../lib/http';
import type { ClientSpec } from '../../lib/model';
import { clientSpec, withScopes } from '../support/handler';
import { clientCredentialsToken, givenDevServer, manage } from './support-backend';
import { contextFactory, projectStores, SimulatedCrash, testHttpClient, type ProjectStores } from './support-in-process';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';
const { server, project } = givenDevServer('oac-in-process-managed-');

let http: HttpClient;
beforeAll(() => {
  http = testHttpClient();
});
afterAll(async () => {
  await http?.close();
});

/** A client created by its first apply; later runs share its stores (and their counts). */
async function managed(id: string, options: { stack?: string; stores?: ProjectStores } = {}) {
  const spec = clientSpec(server.issuer, { id, ...(options.stack ? { stack: options.stack } : {}) });
  const stores = options.stores ?? (await projectStores(project(), spec.host));
  const contextFor = contextFactory(http);
  const ctx = (crashAt?: 'after-journal') => contextFor(spec.host, stores, { env: { TEST_IAT: server.initialAccessToken }, ...(crashAt ? { crashAt } : {}) });
  const created = await applyClient(ctx(), spec, 'instance-1');
  const keys = { export: spec.secretExport.path, ledger: recordKeys.ledger(spec.host.name, spec.key), journal: recordKeys.journal(spec.host.name, spec.key) };
  const ledger = async () => (await stores.store.get(keys.ledger)) as LedgerRecord;
  return { spec, stores, ctx, keys, ledger, clientId: created.clientId, firstLedger: await ledger(), exported: await stores.store.get(keys.export) };
}

describe('apply of a managed client', () => {
  test('unchanged, by the same instance: nothing is written and nothing is sent but the read', async () => {
    const c = await managed('ipm-unchanged');
    const writesBefore = c.stores.store.writtenKeys().map((key) => [key, c.stores.store.writesTo(key)]);

    expect(await applyClient(c.ctx(), c.spec, 'instance-1')).toEqual({ action: 'unchanged', clientId: c.clientId, warnings: [] });

    expect(c.stores.store.writtenKeys().map((key) => [key, c.stores.store.writesTo(key)])).toEqual(writesBefore);
    expect(await c.ledger()).toEqual(c.firstLedger);
  });

  test('unchanged, by a new instance (a replacement): the ledger names the new owner; the provider is not updated', async () => {
    const c = await managed('ipm-new-owner');

    expect(await applyClient(c.ctx(), c.spec, 'instance-2')).toEqual({ action: 'unchanged', clientId: c.clientId, warnings: [] });

    const ledger = await c.ledger();
    expect(ledger).toEqual({ ...c.firstLedger, ownerInstance: 'instance-2', updatedAt: expect.any(String) });
    expect(ledger.updatedAt).not.toBe(c.firstLedger.updatedAt);
    expect(ledger.handle).toEqual(c.firstLedger.handle); // no update, so no rotated token
    expect(c.stores.store.writesTo(c.keys.ledger)).toEqual({ put: 2, created: 0, deleted: 0 });
  });

  test('changed: the same client is updated at the provider, the rotated token and the new spec recorded, the export untouched', async () => {
    const c = await managed('ipm-updated');
    const changed = withScopes(c.spec, [READ, WRITE]);

    expect(await applyClient(c.ctx(), changed, 'instance-2')).toEqual({ action: 'updated', clientId: c.clientId, warnings: [] });

    const ledger = await c.ledger();
    expect(ledger).toMatchObject({ clientId: c.clientId, spec: changed, specHash: specHash(changed), ownerInstance: 'instance-2', createdAt: c.firstLedger.createdAt, exportPath: c.keys.export });
    expect(ledger.handle.registrationAccessToken).not.toBe(c.firstLedger.handle.registrationAccessToken);
    expect(ledger.updatedAt).not.toBe(c.firstLedger.updatedAt);
    expect(c.stores.store.writesTo(c.keys.export)).toEqual({ put: 0, created: 1, deleted: 0 });
    const atProvider = await manage(ledger, 'GET');
    expect(atProvider).toMatchObject({ status: 200, body: { client_id: c.clientId, scope: `${READ} ${WRITE}` } });
    // and the next apply of the same spec is 'unchanged' with the rotated token
    expect((await applyClient(c.ctx(), changed, 'instance-2')).action).toBe('unchanged');
  });

  test('changed, by the same instance: the new spec is recorded all the same', async () => {
    const c = await managed('ipm-updated-same-instance');
    const changed = withScopes(c.spec, [READ, WRITE]);

    expect((await applyClient(c.ctx(), changed, 'instance-1')).action).toBe('updated');

    expect(await c.ledger()).toMatchObject({ spec: changed, specHash: specHash(changed), ownerInstance: 'instance-1' });
    expect((await applyClient(c.ctx(), changed, 'instance-1')).action).toBe('unchanged');
  });

  test("a journal left by another client's attempt is kept: it holds credentials the ledger does not know", async () => {
    const c = await managed('ipm-other-journal');
    const stray = { attemptId: 'attempt-x', at: '2026-01-01T00:00:00.000Z', clientId: 'another-client', clientSecret: 'its-secret-kept-only-here', handle: {} };
    await c.stores.store.put(c.keys.journal, stray);

    expect((await applyClient(c.ctx(), c.spec, 'instance-1')).action).toBe('unchanged');

    expect(await c.stores.store.get(c.keys.journal)).toEqual(stray);
  });

  test('with a new export path: a warning says the credentials stay where the first apply put them', async () => {
    const c = await managed('ipm-moved-export');
    const moved: ClientSpec = { ...c.spec, secretExport: { ...c.spec.secretExport, path: 'dev/elsewhere' } };

    const result = await applyClient(c.ctx(), moved, 'instance-1');

    expect(result.warnings).toEqual([`secretExport.path changed to 'dev/elsewhere', but credentials are exported on the first apply only: they stay at '${c.keys.export}'`]);
    expect((await c.ledger()).exportPath).toBe(c.keys.export);
    expect(await c.stores.store.get('dev/elsewhere')).toBeUndefined();
  });

  test('from another stack: refused, naming both stacks', async () => {
    const c = await managed('ipm-other-stack');
    const other = { ...c.spec, stack: 'other-stack' };

    await expect(applyClient(c.ctx(), other, 'instance-9')).rejects.toThrow(
      new BackendError('OWNED_BY_OTHER_STACK', c.spec.key, `host dev already has this key, managed by stack 'test-stack', not 'other-stack'; declare another key or remove it there first`),
    );
    await expect(applyClient(c.ctx(), other, 'instance-9')).rejects.toMatchObject({ name: 'BackendError', code: 'OWNED_BY_OTHER_STACK', clientKey: c.spec.key });
  });

  test('of a client deleted behind its back: recreated, its own stale export replaced, creation time kept', async () => {
    const c = await managed('ipm-vanished');
    expect((await manage(c.firstLedger, 'DELETE')).status).toBe(204);

    const result = await applyClient(c.ctx(), c.spec, 'instance-1');

    expect(result.action).toBe('recreated');
    expect(result.clientId).not.toBe(c.clientId);
    expect(result.warnings).toEqual([`client ${c.clientId} had vanished at the provider; created ${result.clientId} and exported its credentials`]);
    expect(await c.ledger()).toMatchObject({ clientId: result.clientId, createdAt: c.firstLedger.createdAt });
    expect(c.stores.store.writesTo(c.keys.export)).toEqual({ put: 1, created: 1, deleted: 0 });
    expect((await clientCredentialsToken((await c.stores.store.get(c.keys.export)) as never, READ)).status).toBe(200);
  });

  // (Its "gone" cannot be confirmed without its own secret, so this stops before first-apply's
  // own check of the export path, which stays as a second line.)
  test("of a client deleted behind its back whose export path now holds someone else's credentials: stops before creating, the value untouched", async () => {
    const c = await managed('ipm-vanished-foreign');
    expect((await manage(c.firstLedger, 'DELETE')).status).toBe(204);
    const foreign = { client_id: 'someone-else', client_secret: 'theirs' };
    await c.stores.store.put(c.keys.export, foreign);

    await expect(applyClient(c.ctx(), c.spec, 'instance-1')).rejects.toMatchObject({ code: 'MANAGEMENT_TOKEN_REJECTED' });

    expect(await c.stores.store.get(c.keys.export)).toEqual(foreign);
    expect(await c.stores.store.get(recordKeys.intent('dev', c.spec.key))).toBeUndefined();
    expect(await c.ledger()).toEqual(c.firstLedger);
  });

  test("a recreation killed after its journal, and someone else's value at the export path since: refused, not overwritten", async () => {
    const c = await managed('ipm-recreate-crash-foreign');
    expect((await manage(c.firstLedger, 'DELETE')).status).toBe(204);
    await expect(applyClient(c.ctx('after-journal'), c.spec, 'instance-1')).rejects.toBeInstanceOf(SimulatedCrash);
    const foreign = { client_id: 'someone-else', client_secret: 'theirs' };
    await c.stores.store.put(c.keys.export, foreign);

    await expect(applyClient(c.ctx(), c.spec, 'instance-1')).rejects.toMatchObject({ code: 'EXPORT_CONFLICT' });

    expect(await c.stores.store.get(c.keys.export)).toEqual(foreign);
  });

  test('a recreation killed after its journal is finished by the next apply', async () => {
    const c = await managed('ipm-recreate-crash');
    expect((await manage(c.firstLedger, 'DELETE')).status).toBe(204);
    await expect(applyClient(c.ctx('after-journal'), c.spec, 'instance-1')).rejects.toBeInstanceOf(SimulatedCrash);
    const journal = await c.stores.store.get(c.keys.journal);
    expect(journal).toMatchObject({ replacesClientId: c.clientId, clientId: expect.any(String) });

    const result = await applyClient(c.ctx(), c.spec, 'instance-1');

    expect(result).toEqual({ action: 'recreated', clientId: journal?.clientId, warnings: [] });
    expect(await c.stores.store.get(c.keys.export)).toMatchObject({ client_id: journal?.clientId });
    expect(await c.stores.store.get(c.keys.journal)).toBeUndefined();
  });

  // The development server offers a way out (its loopback admin routes re-issue a registration
  // access token); a provider without one is covered in management-token.test.ts.
  test('whose management token the provider rejects while the client still works: a new token from the development server, the same client, the export untouched', async () => {
    const c = await managed('ipm-token-lost');
    await c.stores.store.put(c.keys.ledger, { ...c.firstLedger, handle: { ...c.firstLedger.handle, registrationAccessToken: 'a-token-the-provider-rotated-away' } });

    const result = await applyClient(c.ctx(), c.spec, 'instance-1');

    expect(result.clientId).toBe(c.clientId);
    const ledger = await c.ledger();
    expect(ledger?.clientId).toBe(c.clientId);
    expect(ledger?.handle.registrationAccessToken).not.toBe('a-token-the-provider-rotated-away');
    expect((await manage(ledger as never, 'GET')).status).toBe(200);
    expect(await c.stores.store.get(c.keys.export)).toEqual(c.exported);
  });

  test('whose management token is rejected and whose export is not its own: cannot confirm, so it stops too', async () => {
    const c = await managed('ipm-token-lost-unknown');
    await c.stores.store.put(c.keys.ledger, { ...c.firstLedger, handle: { ...c.firstLedger.handle, registrationAccessToken: 'a-token-the-provider-rotated-away' } });
    await c.stores.store.put(c.keys.export, { ...c.exported, client_id: 'someone-else' });

    const failure = applyClient(c.ctx(), c.spec, 'instance-1');
    await expect(failure).rejects.toThrow(`client ${c.clientId}, and whether the client still exists cannot be confirmed`);
    await expect(failure).rejects.toThrow(`delete client ${c.clientId} at the provider`);
  });

  test('whose management token is rejected and whose export is gone or damaged: cannot confirm, so it stops rather than recreate', async () => {
    const c = await managed('ipm-token-lost-damaged');
    await c.stores.store.put(c.keys.ledger, { ...c.firstLedger, handle: { ...c.firstLedger.handle, registrationAccessToken: 'a-token-the-provider-rotated-away' } });
    const cannotConfirm = `client ${c.clientId}, and whether the client still exists cannot be confirmed`;

    await c.stores.store.put(c.keys.export, { ...c.exported, client_secret: 42 });
    await expect(applyClient(c.ctx(), c.spec, 'instance-1')).rejects.toThrow(cannotConfirm);

    await c.stores.store.delete(c.keys.export);
    await expect(applyClient(c.ctx(), c.spec, 'instance-1')).rejects.toMatchObject({ code: 'MANAGEMENT_TOKEN_REJECTED', message: expect.stringContaining(cannotConfirm) });
    expect((await manage(c.firstLedger, 'GET')).status).toBe(200);
  });

  test('a damaged ledger record is an error naming its key, not a new client', async () => {
    const c = await managed('ipm-damaged');
    await c.stores.store.put(c.keys.ledger, { recordVersion: 1, clientId: 42 });

    await expect(applyClient(c.ctx(), c.spec, 'instance-1')).rejects.toThrow(`${c.stores.store.description}: the record at ${c.keys.ledger} is damaged (`);
    await expect(applyClient(c.ctx(), c.spec, 'instance-1')).rejects.toThrow('; move it aside to continue');
  });
});

describe('destroy', () => {
  test('by the owner deletes the client at the provider, its export and its ledger record; again, nothing is managed', async () => {
    const c = await managed('ipm-destroy');

    expect(await destroyClient(c.ctx(), c.spec, 'instance-1')).toEqual({ action: 'deleted', clientId: c.clientId });

    expect((await manage(c.firstLedger, 'GET')).status).toBe(401);
    expect(await c.stores.store.list('')).toEqual([]);
    expect(await destroyClient(c.ctx(), c.spec, 'instance-1')).toEqual({ action: 'not-managed' });
  });

  test('of a client already deleted at the provider: already-gone, and the records are cleaned', async () => {
    const c = await managed('ipm-destroy-gone');
    await manage(c.firstLedger, 'DELETE');

    expect(await destroyClient(c.ctx(), c.spec, 'instance-1')).toEqual({ action: 'already-gone', clientId: c.clientId });
    expect(await c.stores.store.list('')).toEqual([]);
  });

  test('by a deposed instance, or from another stack, touches nothing', async () => {
    const c = await managed('ipm-destroy-not-owner');

    expect(await destroyClient(c.ctx(), c.spec, 'instance-0')).toEqual({ action: 'not-owner', clientId: c.clientId });
    expect(await destroyClient(c.ctx(), { ...c.spec, stack: 'other-stack' }, 'instance-1')).toEqual({ action: 'not-owner', clientId: c.clientId });

    expect((await manage(c.firstLedger, 'GET')).status).toBe(200);
    expect(await c.stores.store.list('')).toEqual([c.keys.export, c.keys.ledger].sort());
  });

  test("with removal policy 'retain' keeps the client and its export; only the ledger forgets it", async () => {
    const c = await managed('ipm-retain');

    expect(await destroyClient(c.ctx(), { ...c.spec, removalPolicy: 'retain' }, 'instance-1')).toEqual({ action: 'retained', clientId: c.clientId });

    expect((await manage(c.firstLedger, 'GET')).status).toBe(200);
    expect(await c.stores.store.list('')).toEqual([c.keys.export]);
  });

  test("leaves an export that holds another client's credentials", async () => {
    const c = await managed('ipm-destroy-foreign-export');
    const foreign = { ...c.exported, client_id: 'someone-else' };
    await c.stores.store.put(c.keys.export, foreign);

    expect((await destroyClient(c.ctx(), c.spec, 'instance-1')).action).toBe('deleted');
    expect(await c.stores.store.get(c.keys.export)).toEqual(foreign);
  });
});

test("prune removes the stack's undeclared clients by their last spec, keeps declared ones and other stacks' clients, and skips a damaged record", async () => {
  const kept = await managed('ipm-prune-kept');
  const gone = await managed('ipm-prune-gone', { stores: kept.stores });
  const retained = await managed('ipm-prune-retained', { stores: kept.stores });
  const other = await managed('ipm-prune-other', { stack: 'other-stack', stores: kept.stores });
  await kept.stores.store.put(retained.keys.ledger, { ...retained.firstLedger, spec: { ...retained.spec, removalPolicy: 'retain' } });
  await kept.stores.store.put(recordKeys.ledger('dev', 'zz-damaged'), { recordVersion: 1 });
  expect((await listLedger(kept.stores.store)).map((r) => r.key)).toEqual([kept.spec.key, gone.spec.key, other.spec.key, retained.spec.key].sort());

  const results = await pruneStack(
    { openStore: async () => kept.stores.store, contextFor: async () => kept.ctx() },
    { stack: 'test-stack', clients: [`dev/${kept.spec.key}`], stores: [kept.spec.host.store] },
  );

  expect(results).toEqual([
    { key: `dev/${gone.spec.key}`, clientId: gone.clientId, action: 'deleted' },
    { key: `dev/${retained.spec.key}`, clientId: retained.clientId, action: 'retained' },
  ]);
  expect((await listLedger(kept.stores.store)).map((r) => r.key)).toEqual([kept.spec.key, other.spec.key].sort());
  expect((await manage(gone.firstLedger, 'GET')).status).toBe(401);
  expect((await manage(retained.firstLedger, 'GET')).status).toBe(200);
  expect(await kept.stores.store.get(gone.keys.export)).toBeUndefined();
  expect(await kept.stores.store.get(retained.keys.export)).toEqual(retained.exported);
});

test('listLedger sorts records by client key across hosts (the store lists them by host first)', async () => {
  const c = await managed('ipm-list');
  const record = (host: string, key: string) => ({ ...c.firstLedger, host, key });
  await c.stores.store.delete(c.keys.ledger);
  for (const [host, key] of [['h2', 'a'], ['h1', 'z'], ['h1', 'm'], ['h3', 'b'], ['h0', 'y']]) await c.stores.store.put(recordKeys.ledger(host, key), record(host, key));

  expect((await listLedger(c.stores.store)).map((r) => `${r.host}/${r.key}`)).toEqual(['h2/a', 'h3/b', 'h1/m', 'h0/y', 'h1/z']);
});

test('the spec hash does not depend on key order', () => {
  const spec = clientSpec(server.issuer, { id: 'ipm-hash' });
  const reordered = Object.fromEntries(Object.entries(spec).reverse()) as ClientSpec;
  expect(specHash(reordered)).toBe(specHash(spec));
  expect(specHash(withScopes(spec, [READ, WRITE]))).not.toBe(specHash(spec));
  expect(specHash(spec)).toMatch(/^[0-9a-f]{64}$/);
});
