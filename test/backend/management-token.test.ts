// Issue 9 item 4, seen by the real handler process against the real development server:
// - a change to a field the provider does not hold (removalPolicy, secretExport) sends no update,
//   so a rotating server does not rotate the management token for nothing;
// - a field changed by hand at the provider is brought back by the next apply;
// - destroy and prune read RFC 7592's 401 as "gone" only once the token endpoint agrees: a client
//   whose token was rotated by an update whose answer was lost still exists and keeps its export;
// - the development server's admin way out (a new registration access token) makes it manageable
//   again; a provider without one (--no-admin) gets an error that says exactly what to do.
import * as fs from 'node:fs';
import { recordKeys, type LedgerRecord } from '../../lib/backend';
import { RedirectUrl } from '../../lib';
import type { ClientSpec } from '../../lib/model';
import { toClientMetadata } from '../../lib/providers';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { clientSpec, runHandler, runPrune, tempProject, withScopes, type HandlerRun } from '../support/handler';
import { expectSuccess, exportOf, hostStore, ledgerOf, manage, outcomeLine, readExport, readLedgerRecord } from './support-backend';
import { clientCredentialsToken, uniqueName, watchProvider, type ProviderView } from './support-crash-world';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';

/** Rotating, with the admin routes: the development server as developers run it. */
let dev: DevServerProcess;
/** Rotating, without admin routes: a plain RFC 7591/7592 provider. */
let plain: DevServerProcess;
/** What each server holds, listed from its storage (the canary proves an empty listing means something). */
const views = new Map<DevServerProcess, ProviderView>();
const roots: string[] = [];

beforeAll(async () => {
  [dev, plain] = await Promise.all([startDevServerProcess(), startDevServerProcess({ admin: false })]);
  for (const server of [dev, plain]) views.set(server, await watchProvider(server));
});

/** The clients of that name the server holds. */
const clientsNamed = (server: DevServerProcess, name: string) => views.get(server)!.clientsNamed(name) as Promise<{ client_id: string; scope?: string }[]>;
afterAll(async () => {
  await Promise.all([dev?.stop(), plain?.stop()]);
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

interface World {
  readonly root: string;
  readonly server: DevServerProcess;
  readonly spec: ClientSpec;
  readonly subject: string;
  apply(spec?: ClientSpec, instance?: string): Promise<HandlerRun>;
  destroy(spec?: ClientSpec, instance?: string): Promise<HandlerRun>;
}

function world(server: DevServerProcess, label: string, options: Parameters<typeof clientSpec>[1] = {}): World {
  const root = tempProject('oac-mgmt-');
  roots.push(root);
  const spec = clientSpec(server.issuer, { id: label, clientName: uniqueName(label), ...options });
  const env = { TEST_IAT: server.initialAccessToken };
  return {
    root,
    server,
    spec,
    subject: `${spec.host.name}/${spec.key}`,
    apply: (s = spec, instance = 'instance-1') => runHandler('apply', s, { projectRoot: root, instance, env }),
    destroy: (s = spec, instance = 'instance-1') => runHandler('destroy', s, { projectRoot: root, instance, env }),
  };
}

/**
 * An update that reached the provider and whose answer was lost: a PUT with the ledger's token,
 * its answer (holding the rotated token) thrown away. The ledger's token is dead from now on.
 */
async function updateWithLostAnswer(w: World, scopes: string[]): Promise<void> {
  const ledger = await ledgerOf(w.root, w.spec);
  const response = await putByHand(ledger, w.spec, scopes);
  expect(response.status).toBe(200);
  expect((await manage(ledger, 'GET')).status).toBe(401);
}

/** RFC 7592 §2.2 update as an administrator would send it, with the ledger's token. */
function putByHand(ledger: LedgerRecord, spec: ClientSpec, scopes: string[]): Promise<Response> {
  return fetch(ledger.handle.registrationClientUri, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ledger.handle.registrationAccessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...toClientMetadata(withScopes(spec, scopes)), client_id: ledger.clientId }),
  });
}

const failureOf = (run: HandlerRun, w: World): string => {
  expect(run.status).toBe(1);
  return run.stderr.split('\n').find((line) => line.includes(`${w.subject}: failed:`)) ?? run.stderr;
};

describe('updates send only what the provider holds', () => {
  test('an unchanged apply of a browser app with every URL field sends no update and keeps the management token', async () => {
    const w = world(dev, 'spa-unchanged', {
      publicClient: true,
      flows: { authorizationCode: true },
      redirectUrls: [RedirectUrl.of('http://127.0.0.1:3005/callback')],
      contacts: ['team@example.com'],
    });
    const spa = { ...w.spec, postLogoutRedirectUrls: ['http://127.0.0.1:3005/'] };
    expectSuccess(await w.apply(spa));
    const token = (await ledgerOf(w.root, w.spec)).handle.registrationAccessToken;

    const again = await w.apply(spa, 'instance-2');

    expectSuccess(again);
    expect(outcomeLine(again, 'apply', w.spec)).toContain(': unchanged client_id=');
    expect((await ledgerOf(w.root, w.spec)).handle.registrationAccessToken).toBe(token);
  });

  test('a change of removalPolicy and of the export path updates the ledger only: the provider is not called to update and the token does not rotate', async () => {
    const w = world(dev, 'policy-only');
    expectSuccess(await w.apply());
    const before = await ledgerOf(w.root, w.spec);
    const changed: ClientSpec = { ...w.spec, removalPolicy: 'retain', secretExport: { path: `${w.spec.secretExport.path}-moved` } };

    const run = await w.apply(changed, 'instance-2');

    expectSuccess(run);
    const after = await ledgerOf(w.root, w.spec);
    expect(after.handle).toEqual(before.handle);
    expect((await manage(before, 'GET')).status).toBe(200);
    expect(after.spec).toMatchObject({ removalPolicy: 'retain' });
    expect(after.ownerInstance).toBe('instance-2');
  });

  test('a scope removed by hand at the provider is granted again by the next apply of the same declaration', async () => {
    const w = world(dev, 'edited-by-hand');
    const declared = withScopes(w.spec, [READ, WRITE]);
    expectSuccess(await w.apply(declared));
    // someone edits the client in the provider's admin and keeps the token (the test writes it back)
    const ledger = await ledgerOf(w.root, w.spec);
    const edited = await putByHand(ledger, declared, [READ]);
    expect(edited.status).toBe(200);
    const rotated = ((await edited.json()) as { registration_access_token: string }).registration_access_token;
    await (await hostStore(w.root, w.spec)).put(recordKeys.ledger(w.spec.host.name, w.spec.key), { ...ledger, handle: { ...ledger.handle, registrationAccessToken: rotated } });

    const run = await w.apply(declared, 'instance-1');

    expectSuccess(run);
    expect(outcomeLine(run, 'apply', w.spec)).toContain(': updated client_id=');
    const [client] = await clientsNamed(dev, w.spec.clientName);
    expect(client.scope?.split(' ').sort()).toEqual([READ, WRITE]);
  });
});

describe('a client whose management token was rotated by an update whose answer was lost', () => {
  test('destroy at the development server gets a new token, deletes the client and only then its export', async () => {
    const w = world(dev, 'destroy-dev');
    expectSuccess(await w.apply());
    await updateWithLostAnswer(w, [READ]);

    const run = await w.destroy();

    expectSuccess(run);
    expect(outcomeLine(run, 'destroy', w.spec)).toContain(': deleted client_id=');
    expect(await clientsNamed(dev, w.spec.clientName)).toEqual([]);
    expect(await readExport(w.root, w.spec)).toBeUndefined();
    expect(await readLedgerRecord(w.root, w.spec)).toBeUndefined();
  });

  test('destroy at a provider without a way out stops, keeps the export and the ledger, and says what to do', async () => {
    const w = world(plain, 'destroy-plain');
    expectSuccess(await w.apply());
    const exported = await exportOf(w.root, w.spec);
    await updateWithLostAnswer(w, [READ]);

    const run = await w.destroy();

    const line = failureOf(run, w);
    expect(line).toContain(`client ${exported.client_id}, which still exists`);
    expect(line).toContain(`delete client ${exported.client_id} at the provider`);
    expect(line).toContain('run the destroy again');
    // the client still answers with the credentials its application reads from the export
    expect(await clientsNamed(plain, w.spec.clientName)).toHaveLength(1);
    expect(await exportOf(w.root, w.spec)).toEqual(exported);
    expect((await clientCredentialsToken({ ...exported })).status).toBe(200);
    expect((await ledgerOf(w.root, w.spec)).clientId).toBe(exported.client_id);
  });

  test('prune of a client no longer declared does the same: nothing forgotten while the client answers', async () => {
    const w = world(plain, 'prune-plain');
    expectSuccess(await w.apply());
    const exported = await exportOf(w.root, w.spec);
    await updateWithLostAnswer(w, [READ]);

    const run = await runPrune({ stack: w.spec.stack, clients: [], stores: [w.spec.host.store] }, { projectRoot: w.root, env: { TEST_IAT: plain.initialAccessToken } });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`delete client ${exported.client_id} at the provider`);
    expect(await exportOf(w.root, w.spec)).toEqual(exported);
    expect((await clientCredentialsToken({ ...exported })).status).toBe(200);
    expect((await ledgerOf(w.root, w.spec)).clientId).toBe(exported.client_id);
  });

  test('apply at the development server gets a new token and applies the declaration to the same client', async () => {
    const w = world(dev, 'apply-dev');
    expectSuccess(await w.apply());
    const exported = await exportOf(w.root, w.spec);
    await updateWithLostAnswer(w, [READ, WRITE]);

    const run = await w.apply(withScopes(w.spec, [WRITE]), 'instance-2');

    expectSuccess(run);
    expect(run.stderr).toContain('which still exists; the provider issued a new one');
    expect(outcomeLine(run, 'apply', w.spec)).toContain(`: updated client_id=${exported.client_id}`);
    const clients = await clientsNamed(dev, w.spec.clientName);
    expect(clients.map((c) => c.scope)).toEqual([WRITE]);
    expect(await exportOf(w.root, w.spec)).toEqual(exported);
    expect((await manage(await ledgerOf(w.root, w.spec), 'GET')).status).toBe(200);
  });

  test('apply at a provider without a way out stops with what to do there, and creates nothing', async () => {
    const w = world(plain, 'apply-plain');
    expectSuccess(await w.apply());
    const exported = await exportOf(w.root, w.spec);
    await updateWithLostAnswer(w, [READ, WRITE]);

    const run = await w.apply(withScopes(w.spec, [WRITE]), 'instance-2');

    const line = failureOf(run, w);
    expect(line).toContain(`the provider ${plain.issuer} rejects the management token of client ${exported.client_id}, which still exists`);
    expect(line).toContain(`delete client ${exported.client_id} at the provider`);
    expect(line).toContain(`its credentials replace the export at '${w.spec.secretExport.path}'`);
    expect(await clientsNamed(plain, w.spec.clientName)).toHaveLength(1);
    expect(await exportOf(w.root, w.spec)).toEqual(exported);
  });
});
