// Stories of one client's life as Terraform drives it through `oauth-clients handle`: created,
// updated in place, left alone, destroyed (only by its owner), retained, pruned, guarded against
// another stack, and recreated after it vanished at the provider. Every handler run is the real
// bundle in its own process; the provider is the real development server; "it works" means an
// application gets a verified JWT with the credentials the store exported.
import { recordKeys } from '../../lib/backend';
import type { ClientSpec } from '../../lib/model';
import { clientSpec, runHandler, runPrune, withScopes, type HandlerRun } from '../support/handler';
import {
  clientCredentialsToken,
  expectSuccess,
  exportBytes,
  exportOf,
  givenDevServer,
  hostStore,
  ledgerBytes,
  ledgerOf,
  manage,
  outcomeLine,
  readExport,
  readLedgerRecord,
  verifiedToken,
} from './support-backend';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';

const { server, project, clientCount } = givenDevServer('oac-lifecycle-');


/**
 * The one line saying the run failed. A spec the handler refuses as invalid is reported before
 * its host and key are known, so the line does not start with them: the tests look for the key in it.
 */
function failedLine(run: HandlerRun): string {
  const lines = run.stderr.split('\n').filter((line) => / failed: /.test(line));
  if (lines.length !== 1) throw new Error(`expected one failure line, got:\n${run.stderr}`);
  return lines[0];
}

const handle = (action: 'apply' | 'destroy', spec: ClientSpec, projectRoot: string, instance = 'instance-1') =>
  runHandler(action, spec, { projectRoot, instance, env: { TEST_IAT: server.initialAccessToken } });

describe('apply', () => {
  test('creates the client and exports credentials that get a JWT carrying the declared scope', async () => {
    // given a service client declared with tstapp_data.read
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'orders-create' });

    // when Terraform's create-time provisioner runs apply
    const run = await handle('apply', spec, root);

    // then it succeeds and says what it did, naming the key and the new client_id
    expectSuccess(run);
    const exported = await exportOf(root, spec);
    expect(outcomeLine(run, 'apply', spec)).toMatch(new RegExp(`^oauth-clients apply dev/test-stack/orders-create: created client_id=${exported.client_id} `));
    expect(exported).toEqual({ client_id: expect.any(String), client_secret: expect.any(String), issuer: server.issuer, token_endpoint: `${server.issuer}/token` });
    expect((await ledgerOf(root, spec)).clientId).toBe(exported.client_id);

    // and an application using the export gets a verified JWT with the scope as `scope` and `scp`
    const claims = await verifiedToken(server.issuer, exported, READ);
    expect(claims).toMatchObject({ client_id: exported.client_id, sub: exported.client_id, scope: READ, scp: [READ] });

    // and not a scope it did not declare
    const refused = await clientCredentialsToken(exported, WRITE);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_scope' });
  });

  test('with an added scope updates the client in place: same client_id, export untouched, new scope granted', async () => {
    // given a client applied with tstapp_data.read
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'orders-update' });
    expectSuccess(await handle('apply', spec, root, 'instance-1'));
    const before = await exportOf(root, spec);
    const exportFileBefore = exportBytes(root, spec);

    // when tstapp_data.write is added (Terraform replaces the resource: a new instance applies)
    const updated = withScopes(spec, [READ, WRITE]);
    const run = await handle('apply', updated, root, 'instance-2');

    // then the same client was updated, and the export was not rewritten
    expectSuccess(run);
    expect(outcomeLine(run, 'apply', spec)).toContain(`: updated client_id=${before.client_id} `);
    expect(exportBytes(root, spec).equals(exportFileBefore)).toBe(true);
    const ledger = await ledgerOf(root, spec);
    expect(ledger).toMatchObject({ clientId: before.client_id, ownerInstance: 'instance-2', spec: { scopes: [READ, WRITE] } });

    // and the exported (unchanged) secret now gets both scopes
    const claims = await verifiedToken(server.issuer, before, `${READ} ${WRITE}`);
    expect(claims).toMatchObject({ client_id: before.client_id, scope: `${READ} ${WRITE}`, scp: [READ, WRITE] });
  });

  test('with an unchanged spec changes nothing: no provider update, no rewritten record, no rotated management token', async () => {
    // given an applied client
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'orders-unchanged' });
    expectSuccess(await handle('apply', spec, root));
    const ledgerBefore = await ledgerOf(root, spec);
    const ledgerFile = ledgerBytes(root, spec);
    const exportFile = exportBytes(root, spec);

    // when apply runs again with the same spec (the server rotates its token on every update)
    const run = await handle('apply', spec, root);

    // then it reports `unchanged` for the same client
    expectSuccess(run);
    expect(outcomeLine(run, 'apply', spec)).toContain(`: unchanged client_id=${ledgerBefore.clientId} `);
    // and neither the ledger record nor the export was written again
    expect(ledgerBytes(root, spec).equals(ledgerFile)).toBe(true);
    expect(exportBytes(root, spec).equals(exportFile)).toBe(true);
    // and the registration access token was not rotated: the one from the first apply still works
    const read = await manage(ledgerBefore, 'GET');
    expect(read.status).toBe(200);
    expect(read.body.registration_access_token).toBe(ledgerBefore.handle.registrationAccessToken);
  });

  test('recreates a client deleted behind its back at the provider, and replaces its own stale export', async () => {
    // given an applied client that someone deleted at the provider with the ledger's own token
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'orders-vanished' });
    expectSuccess(await handle('apply', spec, root));
    const old = await exportOf(root, spec);
    expect((await manage(await ledgerOf(root, spec), 'DELETE')).status).toBe(204);
    expect((await clientCredentialsToken(old, READ)).status).toBe(401);

    // when apply runs again
    const run = await handle('apply', spec, root);

    // then a new client is created, and the run says so, naming the one that vanished
    expectSuccess(run);
    const fresh = await exportOf(root, spec);
    expect(fresh.client_id).not.toBe(old.client_id);
    expect(fresh.client_secret).not.toBe(old.client_secret);
    expect(outcomeLine(run, 'apply', spec)).toContain(`: recreated client_id=${fresh.client_id} `);
    expect(run.stderr).toContain(`warning: client ${old.client_id} had vanished at the provider`);
    // and the ledger follows the new client
    expect((await ledgerOf(root, spec)).clientId).toBe(fresh.client_id);
    // and the fresh export works while the old credentials stay dead
    expect(await verifiedToken(server.issuer, fresh, READ)).toMatchObject({ client_id: fresh.client_id, scp: [READ] });
    expect((await clientCredentialsToken(old, READ)).body).toMatchObject({ error: 'invalid_client' });
    // and no attempt records are left behind
    expect(await (await hostStore(root, spec)).list('_oauth-clients/')).toEqual([recordKeys.ledger('dev', spec.key)]);
  });

  // node-oidc-provider lets a client registered without `scope` ask for every scope (provider-apis
  // G4): synth refuses such a client (OAC_SCOPES_REQUIRED), and so does the handler, which
  // re-validates whatever Terraform passes it.
  test('refuses a spec without scopes by name, and registers nothing', async () => {
    // given a spec that skipped synth's checks: a service client with no scopes
    const root = project();
    const spec = { ...clientSpec(server.issuer, { id: 'svc-no-scopes' }), scopes: [] };
    const clientsBefore = await clientCount();

    // when it is applied
    const run = await handle('apply', spec, root);

    // then the apply fails, naming the client, the field and the rule
    expect(run.status).toBe(65); // EX_DATAERR: the spec is invalid (contract C8)
    expect(failedLine(run)).toContain(spec.key);
    expect(failedLine(run)).toMatch(/\bscopes: .*\[OAC_SCOPES_REQUIRED\]$/);
    // and nothing was registered, exported or recorded
    expect(await clientCount()).toBe(clientsBefore);
    expect(await (await hostStore(root, spec)).list('')).toEqual([]);
  });

  // A definite refusal (4xx) drops the intent record: nothing was created, so the next apply has
  // no possible orphan to warn about (a lost response still keeps it: crash-safety.test.ts).
  test('a registration the provider refuses leaves nothing behind: the corrected spec is created cleanly', async () => {
    // given a client asking for a scope the provider does not offer
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'orders-refused' });
    const clientsBefore = await clientCount();
    // (a spec without the host's scope list, as older versions synthesized it: the handler's own
    // check, OAC_SCOPE_UNDECLARED, would refuse it before the provider is asked)
    const legacy = withScopes({ ...spec, host: { ...spec.host, scopes: undefined } }, [READ, 'tstapp_data.admin']);
    const refused = await handle('apply', legacy, root);

    // then the apply fails naming the field, and the provider holds no new client
    expect(refused.status).toBe(1);
    expect(outcomeLine(refused, 'apply', spec)).toContain('(field scopes)');
    expect(await clientCount()).toBe(clientsBefore);

    // when the spec is corrected and applied again
    const run = await handle('apply', spec, root);

    // then the client is created with no warning about a possible orphan
    expectSuccess(run);
    expect(outcomeLine(run, 'apply', spec)).toContain(': created client_id=');
    expect(run.stderr).not.toContain('warning');
    expect(await (await hostStore(root, spec)).list('_oauth-clients/')).toEqual([recordKeys.ledger('dev', spec.key)]);
  });

  // RFC 7591 has no per-client token lifetime: synth refuses it for an rfc7591 host
  // (OAC_LIFETIME_UNSUPPORTED) rather than let the client silently get the server's default, and so
  // does the handler.
  test('refuses a spec declaring an access token lifetime by name, and registers nothing', async () => {
    // given a spec that skipped synth's checks: a service client declared with 15-minute tokens
    const root = project();
    const spec = { ...clientSpec(server.issuer, { id: 'orders-ttl' }), accessTokenLifetimeSeconds: 900 };
    const clientsBefore = await clientCount();

    // when it is applied
    const run = await handle('apply', spec, root);

    // then the apply fails, naming the client, the field and the rule
    expect(run.status).toBe(65); // EX_DATAERR: the spec is invalid (contract C8)
    expect(failedLine(run)).toContain(spec.key);
    expect(failedLine(run)).toMatch(/\baccessTokenLifetimeSeconds: .*\[OAC_LIFETIME_UNSUPPORTED\]$/);
    // and nothing was registered, exported or recorded
    expect(await clientCount()).toBe(clientsBefore);
    expect(await (await hostStore(root, spec)).list('')).toEqual([]);
  });
});

describe('destroy', () => {
  test('by the owner instance deletes the client, its export and its ledger record; again is success', async () => {
    // given an applied client that works
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'orders-destroy' });
    expectSuccess(await handle('apply', spec, root, 'instance-1'));
    const exported = await exportOf(root, spec);
    await verifiedToken(server.issuer, exported, READ);

    // when its owner instance is destroyed
    const run = await handle('destroy', spec, root, 'instance-1');

    // then the client is deleted at the provider: its credentials are refused
    expectSuccess(run);
    expect(outcomeLine(run, 'destroy', spec)).toContain(`: deleted client_id=${exported.client_id} `);
    const refused = await clientCredentialsToken(exported, READ);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'invalid_client' });
    // and the export and the ledger record are gone, nothing else left under the reserved prefix
    expect(await readExport(root, spec)).toBeUndefined();
    expect(await readLedgerRecord(root, spec)).toBeUndefined();
    expect(await (await hostStore(root, spec)).list('')).toEqual([]);

    // when destroy runs again (a retried provisioner)
    const again = await handle('destroy', spec, root, 'instance-1');

    // then there is nothing to do, and that is success
    expectSuccess(again);
    expect(outcomeLine(again, 'destroy', spec)).toContain(': not-managed ');
  });

  test('by a deposed instance is a no-op: the client, its export and its ledger stay', async () => {
    // given a client updated by a replacement instance (create_before_destroy)
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'orders-deposed' });
    expectSuccess(await handle('apply', spec, root, 'instance-1'));
    const updated = withScopes(spec, [READ, WRITE]);
    expectSuccess(await handle('apply', updated, root, 'instance-2'));
    const exported = await exportOf(root, spec);
    const ledgerFile = ledgerBytes(root, spec);

    // when the deposed instance's destroy-time provisioner runs, with its own (old) spec
    const run = await handle('destroy', spec, root, 'instance-1');

    // then nothing is deleted
    expectSuccess(run);
    expect(outcomeLine(run, 'destroy', spec)).toContain(`: not-owner client_id=${exported.client_id} `);
    expect(ledgerBytes(root, spec).equals(ledgerFile)).toBe(true);
    expect(await readExport(root, spec)).toEqual(exported);
    // and the client still works with the scopes of the current spec
    expect(await verifiedToken(server.issuer, exported, `${READ} ${WRITE}`)).toMatchObject({ scp: [READ, WRITE] });
  });

  test("with removalPolicy 'retain' keeps the client at the provider and its export; only the ledger forgets it", async () => {
    // given a client declared with the retain policy
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'orders-retain', removalPolicy: 'retain' });
    expectSuccess(await handle('apply', spec, root));
    const exported = await exportOf(root, spec);
    const exportFile = exportBytes(root, spec);

    // when it is destroyed
    const run = await handle('destroy', spec, root);

    // then the client still works with the export, which is untouched
    expectSuccess(run);
    expect(outcomeLine(run, 'destroy', spec)).toContain(`: retained client_id=${exported.client_id} `);
    expect(exportBytes(root, spec).equals(exportFile)).toBe(true);
    expect(await verifiedToken(server.issuer, exported, READ)).toMatchObject({ client_id: exported.client_id });
    // and the backend no longer manages it
    expect(await readLedgerRecord(root, spec)).toBeUndefined();
  });
});

describe('prune', () => {
  test("deletes the stack's undeclared clients and keeps declared ones and other stacks' clients", async () => {
    // given two clients of test-stack and one of other-stack, in one store
    const root = project();
    const keep = clientSpec(server.issuer, { id: 'keep' });
    const gone = clientSpec(server.issuer, { id: 'gone' });
    const other = clientSpec(server.issuer, { id: 'other', stack: 'other-stack' });
    for (const spec of [keep, gone, other]) expectSuccess(await handle('apply', spec, root));
    const [keepExport, goneExport, otherExport] = await Promise.all([keep, gone, other].map((spec) => exportOf(root, spec)));

    // when test-stack's reconciler runs with only `keep` still declared
    const prune = { stack: 'test-stack', clients: [`dev/${keep.key}`], stores: [keep.host.store] };
    const run = await runPrune(prune, { projectRoot: root, env: { TEST_IAT: server.initialAccessToken } });

    // then `gone` is deleted: refused at the token endpoint, no export, no ledger record
    expectSuccess(run);
    expect(run.stderr).toContain(`oauth-clients prune dev/test-stack/gone: deleted client_id=${goneExport.client_id}\n`);
    expect(run.stderr).toContain('stack test-stack: 1 undeclared client(s) pruned');
    expect((await clientCredentialsToken(goneExport, READ)).body).toMatchObject({ error: 'invalid_client' });
    expect(await readExport(root, gone)).toBeUndefined();
    expect(await readLedgerRecord(root, gone)).toBeUndefined();
    // and the declared client and the other stack's client are untouched and working
    for (const [spec, exported] of [[keep, keepExport], [other, otherExport]] as const) {
      expect(await readExport(root, spec)).toEqual(exported);
      expect((await ledgerOf(root, spec)).clientId).toBe(exported.client_id);
      expect(await verifiedToken(server.issuer, exported, READ)).toMatchObject({ client_id: exported.client_id });
    }
    expect(run.stderr).not.toContain(keepExport.client_id);
    expect(run.stderr).not.toContain(otherExport.client_id);

    // when the reconciler runs again, there is nothing left to prune
    const again = await runPrune(prune, { projectRoot: root, env: { TEST_IAT: server.initialAccessToken } });
    expectSuccess(again);
    expect(again.stderr).toContain('stack test-stack: 0 undeclared client(s) pruned');
  });
});

describe('without the initial access token', () => {
  // RFC 7591 §3: the initial access token authorizes registration only; a managed client is deleted
  // with its own registration access token (RFC 7592 §2.3). A pipeline that tears down, or a
  // reconciler that prunes, after the token was revoked or rotated away must still work.
  const withoutToken = { TEST_IAT: undefined };

  test('destroy and prune still delete managed clients; only a registration needs the token', async () => {
    // given two applied clients of test-stack, both working
    const root = project();
    const destroyed = clientSpec(server.issuer, { id: 'no-iat-destroyed' });
    const pruned = clientSpec(server.issuer, { id: 'no-iat-pruned' });
    for (const spec of [destroyed, pruned]) expectSuccess(await handle('apply', spec, root));
    const [destroyedExport, prunedExport] = await Promise.all([destroyed, pruned].map((spec) => exportOf(root, spec)));
    for (const exported of [destroyedExport, prunedExport]) await verifiedToken(server.issuer, exported, READ);

    // when one is destroyed and the other pruned, with no initial access token in the environment
    const destroy = await runHandler('destroy', destroyed, { projectRoot: root, env: withoutToken });
    const prune = await runPrune({ stack: 'test-stack', clients: [], stores: [pruned.host.store] }, { projectRoot: root, env: withoutToken });

    // then both succeed, each naming the client it deleted
    expectSuccess(destroy);
    expect(outcomeLine(destroy, 'destroy', destroyed)).toContain(`: deleted client_id=${destroyedExport.client_id} `);
    expectSuccess(prune);
    expect(prune.stderr).toContain(`oauth-clients prune dev/${pruned.key}: deleted client_id=${prunedExport.client_id}\n`);
    expect(prune.stderr).toContain('stack test-stack: 1 undeclared client(s) pruned');
    // and both are gone at the provider, from the exports and from the ledger
    for (const [spec, exported] of [[destroyed, destroyedExport], [pruned, prunedExport]] as const) {
      expect((await clientCredentialsToken(exported, READ)).body).toMatchObject({ error: 'invalid_client' });
      expect(await readExport(root, spec)).toBeUndefined();
      expect(await readLedgerRecord(root, spec)).toBeUndefined();
    }

    // and the environment really held no token: registering a new client fails, naming the variable
    const clientsBefore = await clientCount();
    const fresh = clientSpec(server.issuer, { id: 'no-iat-fresh' });
    const register = await runHandler('apply', fresh, { projectRoot: root, env: withoutToken });
    expect(register.status).toBe(1);
    expect(outcomeLine(register, 'apply', fresh)).toMatch(/failed: .*TEST_IAT/);
    expect(await clientCount()).toBe(clientsBefore);
  });

  // The adapter reads the token in prepareCreate, before the intent record is written: an apply
  // that could not even start registering must not make the next one warn of an orphan.
  test('a registration refused for want of the token leaves nothing behind: with it set, the client is created cleanly', async () => {
    // given a first apply that failed because the token was not set
    const root = project();
    const spec = clientSpec(server.issuer, { id: 'no-iat-then-iat' });
    const failed = await runHandler('apply', spec, { projectRoot: root, env: withoutToken });
    expect(failed.status).toBe(1);
    expect(outcomeLine(failed, 'apply', spec)).toMatch(/failed: .*TEST_IAT/);

    // when the token is set and apply runs again
    const run = await handle('apply', spec, root);

    // then the client is created with no warning about a possible orphan, and no attempt record is left
    expectSuccess(run);
    expect(outcomeLine(run, 'apply', spec)).toContain(': created client_id=');
    expect(run.stderr).not.toContain('warning');
    expect(await (await hostStore(root, spec)).list('_oauth-clients/')).toEqual([recordKeys.ledger('dev', spec.key)]);
  });
});

describe('a key owned by another stack', () => {
  const declare = (stack: string) => clientSpec(server.issuer, { id: 'orders', key: 'shared/orders', stack });

  test('is an error naming the key and the owning stack, and not a takeover', async () => {
    // given shared/orders applied by test-stack
    const root = project();
    const owner = declare('test-stack');
    expectSuccess(await handle('apply', owner, root, 'owner-1'));
    const exported = await exportOf(root, owner);
    const ledgerFile = ledgerBytes(root, owner);
    const exportFile = exportBytes(root, owner);
    const clientsAtProvider = await clientCount();

    // when other-stack applies a client with the same key (and more scopes)
    const intruder = withScopes(declare('other-stack'), [READ, WRITE]);
    const run = await handle('apply', intruder, root, 'intruder-1');

    // then it fails, saying which key and which stack owns it
    expect(run.status).toBe(1);
    const line = outcomeLine(run, 'apply', intruder);
    expect(line).toContain('shared/orders');
    expect(line).toContain("stack 'test-stack'");
    expect(line).toContain('failed');

    // and nothing changed hands: no new client, ledger and export untouched, the client as before
    expect(await clientCount()).toBe(clientsAtProvider);
    expect(ledgerBytes(root, owner).equals(ledgerFile)).toBe(true);
    expect(exportBytes(root, owner).equals(exportFile)).toBe(true);
    expect((await clientCredentialsToken(exported, WRITE)).body).toMatchObject({ error: 'invalid_scope' });

    // and other-stack's destroy cannot delete it either
    const destroy = await handle('destroy', intruder, root, 'intruder-1');
    expectSuccess(destroy);
    expect(outcomeLine(destroy, 'destroy', intruder)).toContain(': not-owner ');
    expect(await verifiedToken(server.issuer, exported, READ)).toMatchObject({ client_id: exported.client_id });
    expect((await ledgerOf(root, owner)).stack).toBe('test-stack');
  });

  // In a pipeline deploying several stacks, the reader should not have to guess which one collided.
  test('names the stack that asked as well as the stack that owns the key', async () => {
    const root = project();
    expectSuccess(await handle('apply', declare('test-stack'), root, 'owner-1'));

    const run = await handle('apply', declare('other-stack'), root, 'intruder-1');

    expect(run.status).toBe(1);
    const line = outcomeLine(run, 'apply', declare('other-stack'));
    expect(line).toContain("'test-stack'");
    expect(line).toContain('other-stack');
  });
});
