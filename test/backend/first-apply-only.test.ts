// Stories of the first-apply-only export (docs/design.md §4): a client's credentials are exported exactly
// once, by its first apply, and never rewritten by later applies; a value at the export path that
// the backend did not write is someone else's, and apply refuses before creating anything.
import * as fs from 'node:fs';
import type { ClientSpec } from '../../lib/model';
import { clientSpec, runHandler, withScopes } from '../support/handler';
import {
  entryFile,
  expectSuccess,
  exportBytes,
  exportOf,
  givenDevServer,
  hostStore,
  ledgerOf,
  localJournalStore,
  manage,
  outcomeLine,
  verifiedToken,
} from './support-backend';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';
const RESERVED = '_oauth-clients/';

const { server, project, clientCount } = givenDevServer('oac-first-apply-');


const apply = (spec: ClientSpec, projectRoot: string, instance: string) =>
  runHandler('apply', spec, { projectRoot, instance, env: { TEST_IAT: server.initialAccessToken } });

test('after a create, updates and an unchanged apply, the store holds exactly one export, written once, matching the provider', async () => {
  // given a client created by its first apply
  const root = project();
  const spec = clientSpec(server.issuer, { id: 'orders-once' });
  expectSuccess(await apply(spec, root, 'instance-1'));
  const firstExport = exportBytes(root, spec);

  // when it is applied again and again: a scope added, renamed, unchanged, the scope removed
  const revisions: Array<[ClientSpec, string, string]> = [
    [withScopes(spec, [READ, WRITE]), 'instance-2', 'updated'],
    [{ ...withScopes(spec, [READ, WRITE]), clientName: 'Orders, renamed' }, 'instance-3', 'updated'],
    [{ ...withScopes(spec, [READ, WRITE]), clientName: 'Orders, renamed' }, 'instance-3', 'unchanged'],
    [{ ...spec, clientName: 'Orders, renamed' }, 'instance-4', 'updated'],
  ];
  for (const [revision, instance, action] of revisions) {
    const run = await apply(revision, root, instance);
    expectSuccess(run);
    expect(outcomeLine(run, 'apply', spec)).toContain(`: ${action} client_id=`);
    // then the export file is the very one the first apply wrote
    expect(exportBytes(root, spec).equals(firstExport)).toBe(true);
  }

  // then the store holds one export (at the declared path) and one ledger record, nothing else
  const store = await hostStore(root, spec);
  const entries = await store.list('');
  expect(entries.filter((key) => !key.startsWith(RESERVED))).toEqual([spec.secretExport.path]);
  expect(entries.filter((key) => key.startsWith(RESERVED))).toEqual([`${RESERVED}ledger/dev/${spec.key}`]);
  expect(await (await localJournalStore(root)).list('')).toEqual([]);

  // and the exported secret is the one the provider holds for the client
  const exported = await exportOf(root, spec);
  const atProvider = await manage(await ledgerOf(root, spec), 'GET');
  expect(atProvider.status).toBe(200);
  expect(atProvider.body).toMatchObject({ client_id: exported.client_id, client_secret: exported.client_secret, client_name: 'Orders, renamed', scope: READ });
  expect(await verifiedToken(server.issuer, exported, READ)).toMatchObject({ client_id: exported.client_id, scp: [READ] });
});

describe('a value the backend did not write at the export path', () => {
  async function expectRefusedBeforeCreating(foreign: Record<string, unknown>, id: string): Promise<void> {
    // given someone else's value at the path the client would export to
    const root = project();
    const spec = clientSpec(server.issuer, { id });
    const store = await hostStore(root, spec);
    await store.put(spec.secretExport.path, foreign);
    const foreignFile = fs.readFileSync(entryFile(root, spec, spec.secretExport.path));
    const clientsBefore = await clientCount();

    // when the client's first apply runs
    const run = await apply(spec, root, 'instance-1');

    // then it fails, naming the path and refusing to overwrite
    expect(run.status).toBe(1);
    const line = outcomeLine(run, 'apply', spec);
    expect(line).toContain(`export path '${spec.secretExport.path}'`);
    expect(line).toContain('refusing to overwrite');
    // and nothing was registered at the provider, nor recorded as an attempt or a client
    expect(await clientCount()).toBe(clientsBefore);
    expect(await store.list(RESERVED)).toEqual([]);
    expect(await (await localJournalStore(root)).list('')).toEqual([]);
    // and the foreign value is untouched, byte for byte
    expect(await store.get(spec.secretExport.path)).toEqual(foreign);
    expect(fs.readFileSync(entryFile(root, spec, spec.secretExport.path)).equals(foreignFile)).toBe(true);
  }

  test("another client's credentials: apply fails naming the path, creates nothing, leaves the value alone", async () => {
    await expectRefusedBeforeCreating(
      { client_id: 'hand-made-client', client_secret: 'kept-here-by-someone-else', issuer: 'https://elsewhere.example', token_endpoint: 'https://elsewhere.example/token' },
      'orders-foreign-credentials',
    );
  });

  // Not only credentials: any value the ledger does not know is refused before the create, or the
  // client would be registered and then left unexported with a journal behind.
  test('a value that is not client credentials: apply fails naming the path, creates nothing, leaves the value alone', async () => {
    await expectRefusedBeforeCreating({ password: 'a database password kept here by hand' }, 'orders-foreign-other');
  });
});
