// A story of Terraform's parallelism (10 provisioners by default): ten handler processes apply ten
// different clients at the same moment, all sharing one fresh file store in one project root —
// racing to create its key file, its directories and their records. A barrier holds each process
// at its first write until all ten are there (test/support/write-barrier.ts): without it, start-up
// spread them out and the key-file race happened in only some runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordKeys } from '../../lib/backend';
import { STORE_KEY_FILE } from '../../lib/secrets';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { clientSpec, runHandler, tempProject } from '../support/handler';
import { startWriteBarrier } from '../support/write-barrier';
import { exportOf, filesBelow, hostStore, ledgerOf, localJournalStore, outcomeLine, verifiedToken, fileStoreDirectory } from './support-backend';

const READ = 'tstapp_data.read';

let server: DevServerProcess;
let root: string;

beforeAll(async () => {
  server = await startDevServerProcess();
  root = tempProject('oac-concurrency-');
});
afterAll(async () => {
  await server?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('ten handlers applying ten clients at once against one new store all succeed, each with its own client', async () => {
  // given ten clients of one stack, and a project whose store does not exist yet
  const specs = Array.from({ length: 10 }, (_, i) => clientSpec(server.issuer, { id: `service-${i}` }));
  const storeDirectory = path.join(root, fileStoreDirectory(specs[0]));
  expect(fs.existsSync(storeDirectory)).toBe(false);

  // when their create-time provisioners all run at the same time, every one released at once
  // from its first write, when none has created anything yet
  const barrier = await startWriteBarrier(specs.length);
  const runs = await Promise.all(
    specs.map((spec, i) =>
      runHandler('apply', spec, { projectRoot: root, instance: `instance-${i}`, env: { TEST_IAT: server.initialAccessToken, ...barrier.env } }),
    ),
  ).finally(() => barrier.close());
  expect({ opened: await barrier.opened, arrived: barrier.arrived() }).toEqual({ opened: 'all-arrived', arrived: 10 });

  // then every one exits 0 having created its client
  runs.forEach((run, i) => {
    // (the stderr rides along so a failure shows what that process said)
    expect({ client: specs[i].key, status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    expect(outcomeLine(run, 'apply', specs[i])).toContain(': created client_id=');
  });

  // and the store holds one readable ledger record and one readable export per client, nothing more
  const store = await hostStore(root, specs[0]);
  expect(await store.list(recordKeys.ledgerPrefix)).toEqual(specs.map((spec) => recordKeys.ledger('dev', spec.key)).sort());
  expect(await store.list('_oauth-clients/')).toHaveLength(10);
  expect(await (await localJournalStore(root)).list('')).toEqual([]);
  const exports = await Promise.all(specs.map((spec) => exportOf(root, spec)));
  const ledgers = await Promise.all(specs.map((spec) => ledgerOf(root, spec)));
  ledgers.forEach((ledger, i) => expect(ledger.clientId).toBe(exports[i].client_id));

  // and the clients are ten different ones, each working with its own export
  expect(new Set(exports.map((e) => e.client_id)).size).toBe(10);
  expect(new Set(exports.map((e) => e.client_secret)).size).toBe(10);
  for (const exported of exports) {
    expect(await verifiedToken(server.issuer, exported, READ)).toMatchObject({ client_id: exported.client_id });
  }

  // and the racing processes agreed on one store key: one key file, no temp files left over
  const storeFiles = filesBelow(storeDirectory).map((file) => path.relative(storeDirectory, file));
  expect(storeFiles.filter((file) => path.basename(file) === STORE_KEY_FILE)).toEqual([STORE_KEY_FILE]);
  expect(storeFiles.filter((file) => path.basename(file).startsWith('.') && path.basename(file) !== STORE_KEY_FILE)).toEqual([]);
  expect(storeFiles.filter((file) => file.endsWith('.jwe'))).toHaveLength(20);
});
