// A story of RFC 7592 §2.2 token rotation: the development server issues a new registration access
// token on every update and kills the old one at once, so the backend must persist each new token
// before anything else — or lose control of the client on the next update.
import * as fs from 'node:fs';
import type { ClientSpec } from '../../lib/model';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { clientSpec, runHandler, tempProject, withScopes } from '../support/handler';
import { expectSuccess, exportBytes, exportOf, ledgerOf, manage, outcomeLine, verifiedToken } from './support-backend';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';

let server: DevServerProcess;
let root: string;

beforeAll(async () => {
  server = await startDevServerProcess({ rotate: true });
  root = tempProject('oac-rotation-');
});
afterAll(async () => {
  await server?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('ten updates in a row all succeed and leave the provider holding the last declared metadata', async () => {
  // given a client created with tstapp_data.read
  const base = clientSpec(server.issuer, { id: 'orders-rotation' });
  const apply = (spec: ClientSpec, instance: string) => runHandler('apply', spec, { projectRoot: root, instance, env: { TEST_IAT: server.initialAccessToken } });
  expectSuccess(await apply(base, 'instance-0'));
  const exported = await exportOf(root, base);
  const exportFile = exportBytes(root, base);
  const tokensSeen = [(await ledgerOf(root, base)).handle.registrationAccessToken];

  // when ten updates follow, alternating the scopes and changing the name each time
  let last: ClientSpec = base;
  for (let i = 1; i <= 10; i++) {
    last = { ...withScopes(base, i % 2 === 1 ? [READ, WRITE] : [READ]), clientName: `Orders revision ${i}` };
    const run = await apply(last, `instance-${i}`);

    // then each one updates the same client, and the server handed out a new token the ledger kept
    expectSuccess(run);
    expect(outcomeLine(run, 'apply', base)).toContain(`: updated client_id=${exported.client_id} `);
    const token = (await ledgerOf(root, base)).handle.registrationAccessToken;
    expect(tokensSeen).not.toContain(token);
    tokensSeen.push(token);
  }

  // then the provider, asked with the ledger's current token, holds exactly the last spec
  const ledger = await ledgerOf(root, base);
  const atProvider = await manage(ledger, 'GET');
  expect(atProvider.status).toBe(200);
  expect(atProvider.body).toMatchObject({
    client_id: exported.client_id,
    client_name: 'Orders revision 10',
    scope: READ,
    grant_types: ['client_credentials'],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  expect(ledger).toMatchObject({ clientId: exported.client_id, ownerInstance: 'instance-10', spec: last });
  // and every earlier token is dead (rotation was real, so the test above did exercise it)
  expect((await manage(ledger, 'GET', tokensSeen[0])).status).toBe(401);
  expect((await manage(ledger, 'GET', tokensSeen[9])).status).toBe(401);
  // and the client still works with its first-apply export, never rewritten
  expect(exportBytes(root, base).equals(exportFile)).toBe(true);
  expect(await verifiedToken(server.issuer, exported, READ)).toMatchObject({ client_id: exported.client_id, scp: [READ] });
});
