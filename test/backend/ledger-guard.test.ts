// A runner that starts empty never duplicates a client (issue 10 item 7): when Terraform's state
// says the client exists (contract C3, `knownClientId`) and the ledger store has no record, apply
// stops before any provider call, naming the store and how to restore it; and a production host
// refuses the file store in a pipeline (CI set), before anything is sent.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyClient, BackendError, type HandlerContext } from '../../lib/backend';
import type { ProviderAdapter } from '../../lib/providers';
import { openSecretStore } from '../../lib/secrets';
import { clientSpec, runHandler, tempProject } from '../support/handler';

/** An adapter any call to which fails the test: the guard must stop before the provider. */
const untouchable = new Proxy({} as ProviderAdapter, {
  get: (_target, member) => () => {
    throw new Error(`the provider was called (${String(member)}) although the ledger is missing`);
  },
});

const roots: string[] = [];
afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

async function contextIn(root: string): Promise<HandlerContext> {
  const store = await openSecretStore({ kind: 'file', directory: '.oauth-clients/store' }, { projectRoot: root, env: {} });
  return { store, ledgerStore: store, localJournal: store, adapter: untouchable, issuer: 'https://auth.example.com', log: () => undefined, now: () => new Date(), newAttemptId: () => 'a1', checkpoint: () => undefined };
}

test('Terraform knows the client but the ledger store has no record: LEDGER_MISSING naming the store and how to restore it, and no provider call', async () => {
  const root = tempProject();
  roots.push(root);
  const spec = clientSpec('https://auth.example.com', { id: 'orders' });

  const error = await applyClient(await contextIn(root), spec, 'instance-2', { knownClientId: 'client-abc' }).then(() => undefined, (e: unknown) => e);

  expect(error).toBeInstanceOf(BackendError);
  expect(error).toMatchObject({ code: 'LEDGER_MISSING', clientKey: 'test-stack/orders' });
  const message = (error as Error).message;
  expect(message).toContain("Terraform's state says client client-abc exists");
  expect(message).toContain('file store .oauth-clients/store holds no ledger record');
  expect(message).toContain("restore the directory '.oauth-clients/store'");
  expect(message).toContain('oauth-clients store migrate');
  // and nothing was written: no intent, no journal
  expect(await (await contextIn(root)).ledgerStore.list('')).toEqual([]);
});

test('a production host refuses the file store in a pipeline (CI set): exit 1 with the reason, nothing written, before any request', async () => {
  const root = tempProject();
  roots.push(root);
  // An issuer nobody listens on: a request would fail differently.
  const spec = clientSpec('https://127.0.0.1:9', { id: 'billing', host: { environment: 'production' } });

  const run = await runHandler('apply', spec, { projectRoot: root, env: { CI: 'true', TEST_IAT: 'iat-value' } });

  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/host dev is a production host and its ledgerStore is the file store '\.oauth-clients\/store', which this pipeline runner \(CI=true\) throws away/);
  expect(run.stderr).toContain('allowInPipeline');
  expect(fs.existsSync(path.join(root, '.oauth-clients'))).toBe(false);
});

test('the same host with allowInPipeline goes on to the provider (and fails there, as nobody listens)', async () => {
  const root = tempProject();
  roots.push(root);
  const spec = clientSpec('https://127.0.0.1:9', { id: 'billing', host: { environment: 'production', store: { kind: 'file', allowInPipeline: true } } });

  const run = await runHandler('apply', spec, { projectRoot: root, env: { CI: 'true', TEST_IAT: 'iat-value' } });

  expect(run.status).toBe(1);
  expect(run.stderr).not.toContain('production host');
  expect(run.stderr).toMatch(/ECONNREFUSED/);
});
