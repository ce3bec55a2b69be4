// Stories of secrets staying where they belong (STYLE habit 6): through a client's create, updates
// (one the provider refuses) and destroy, the real credentials — the client secret, every
// registration access token, the initial access token, the store keys — appear in nothing the
// handler printed, in no file of the project outside the encrypted stores, and not in plaintext
// inside them either: raw, JSON-escaped, URL-encoded, base64, or as the HTTP Basic credentials
// base64(client_id:client_secret) (test/support/leak-scan.ts). Once as Terraform normally runs it,
// once with OAUTH_CLIENTS_DEBUG=1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientSpec } from '../../lib/model';
import { STORE_KEY_FILE } from '../../lib/secrets';
import { clientSpec, runHandler, withScopes, type HandlerRun } from '../support/handler';
import { LeakScan } from '../support/leak-scan';
import { expectSuccess, exportOf, filesBelow, givenDevServer, ledgerOf, LOCAL_JOURNAL_DIRECTORY, outcomeLine, fileStoreDirectory } from './support-backend';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';

const { server, project } = givenDevServer('oac-leaks-');

interface Sequence {
  readonly root: string;
  readonly spec: ClientSpec;
  readonly runs: Array<{ readonly step: string; readonly run: HandlerRun }>;
  /** Named secrets (a failure says which one leaked where, and in which form, never the value). */
  readonly secrets: LeakScan;
  /** Secrets found in the store files while the client existed, per file (should be none). */
  readonly plaintextInStore: Record<string, string[]>;
  /** How many encrypted entries that scan read: it must have had something to look at. */
  readonly storeEntriesScanned: number;
}

/** Create, update, a refused update, destroy — collecting every real secret as it appears. */
async function createUpdateDestroy(id: string, debug: boolean): Promise<Sequence> {
  const root = project();
  const env = { TEST_IAT: server.initialAccessToken, ...(debug ? { OAUTH_CLIENTS_DEBUG: '1' } : {}) };
  const spec = clientSpec(server.issuer, { id });
  const runs: Sequence['runs'] = [];
  const secrets = new LeakScan().add('initial access token', server.initialAccessToken);
  const handle = async (step: string, action: 'apply' | 'destroy', revision: ClientSpec, instance: string) => {
    const run = await runHandler(action, revision, { projectRoot: root, instance, env });
    runs.push({ step, run });
    return run;
  };
  const collectLedgerToken = async (step: string) => {
    const token = (await ledgerOf(root, spec)).handle.registrationAccessToken;
    if (!secrets.has(token)) secrets.add(`registration access token after ${step}`, token);
  };

  // create
  expectSuccess(await handle('create', 'apply', spec, 'instance-1'));
  const exported = await exportOf(root, spec);
  secrets.addClientCredentials('client secret', exported.client_id, exported.client_secret);
  await collectLedgerToken('create');
  const storeDirectories = [path.join(root, fileStoreDirectory(spec)), path.join(root, LOCAL_JOURNAL_DIRECTORY)];
  for (const directory of storeDirectories) secrets.add(`store key of ${path.relative(root, directory)}`, fs.readFileSync(path.join(directory, STORE_KEY_FILE), 'utf8').trim());

  // update (the server rotates the registration access token)
  const updated = withScopes(spec, [READ, WRITE]);
  expectSuccess(await handle('update', 'apply', updated, 'instance-2'));
  await collectLedgerToken('update');

  // while the client exists, its export and ledger are in the store: encrypted, not plaintext
  const plaintextInStore: Record<string, string[]> = {};
  let storeEntriesScanned = 0;
  for (const file of storeDirectories.flatMap((directory) => filesBelow(directory))) {
    if (path.basename(file) === STORE_KEY_FILE) continue;
    const text = fs.readFileSync(file, 'latin1');
    storeEntriesScanned += 1;
    // A JWE in compact form with `dir` key management: five parts, the second empty (RFC 7516 §7.1).
    if (!/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+\s*$/.test(text)) plaintextInStore[path.relative(root, file)] = ['(not a JWE compact serialization)'];
    const found = secrets.findInFile(file);
    if (found.length > 0) plaintextInStore[path.relative(root, file)] = found;
  }

  // an update the provider refuses (a scope it does not offer): the error path prints more
  // A spec without the host's scope list (as older versions synthesized it), so the provider, not the handler, refuses the scope.
  const refused = await handle('refused update', 'apply', withScopes({ ...spec, host: { ...spec.host, scopes: undefined } }, [READ, 'tstapp_data.admin']), 'instance-3');
  expect(refused.status).toBe(1);
  expect(outcomeLine(refused, 'apply', spec)).toContain('failed');
  await collectLedgerToken('refused update');

  // destroy, by the current owner
  const destroyed = await handle('destroy', 'destroy', updated, 'instance-2');
  expectSuccess(destroyed);
  expect(outcomeLine(destroyed, 'destroy', spec)).toContain(': deleted client_id=');

  return { root, spec, runs, secrets, plaintextInStore, storeEntriesScanned };
}

function expectNoLeaks(sequence: Sequence): void {
  const { root, runs, secrets } = sequence;
  // the scan holds every secret the sequence met: the IAT, the client secret, both store keys and
  // at least the tokens of the create and the update (the LeakScan refuses short or empty values)
  expect(secrets.names).toEqual(expect.arrayContaining(['initial access token', 'client secret', 'registration access token after create', 'registration access token after update']));
  expect(secrets.names.filter((name) => name.startsWith('store key of '))).toHaveLength(2);

  // nothing the handler printed holds any of them
  const printed = Object.fromEntries(runs.map(({ step, run }) => [step, secrets.find(run.stdout + run.stderr)]));
  expect(printed).toEqual(Object.fromEntries(runs.map(({ step }) => [step, []])));

  // no file of the project outside the two encrypted stores holds any of them
  const outside = filesBelow(root, [path.join(root, fileStoreDirectory(sequence.spec)), path.join(root, LOCAL_JOURNAL_DIRECTORY)]);
  expect(secrets.findInFiles(outside, (file) => path.relative(root, file))).toEqual({});
  // (today the handler writes no file there at all; one that appears must pass the scan above)
  expect(outside.map((file) => path.relative(root, file))).toEqual([]);

  // and the store files themselves are encrypted
  expect(sequence.storeEntriesScanned).toBeGreaterThanOrEqual(2);
  expect(sequence.plaintextInStore).toEqual({});
}

test('a create, update, refused update and destroy leak no secret into output or project files', async () => {
  const sequence = await createUpdateDestroy('orders-leaks', false);

  expectNoLeaks(sequence);
});

test('with OAUTH_CLIENTS_DEBUG=1 the per-request debug lines leak no secret either', async () => {
  const sequence = await createUpdateDestroy('orders-leaks-debug', true);

  // the debug lines are there (one per HTTP call), so the search below had them to look at
  const said = (step: string) => sequence.runs.find((r) => r.step === step)!.run.stderr;
  expect(said('create')).toMatch(/^oauth-clients apply POST http:\/\/127\.0\.0\.1:\d+\/reg -> 201 /m);
  expect(said('update')).toMatch(/^oauth-clients apply PUT http:\/\/127\.0\.0\.1:\d+\/reg\/\S+ -> 200 /m);
  expect(said('refused update')).toMatch(/^oauth-clients apply PUT http:\/\/127\.0\.0\.1:\d+\/reg\/\S+ -> 400 /m);
  expect(said('destroy')).toMatch(/^oauth-clients destroy DELETE http:\/\/127\.0\.0\.1:\d+\/reg\/\S+ -> 204 /m);
  expectNoLeaks(sequence);
});
