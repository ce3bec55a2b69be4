// One team's OAuth clients through their life, end to end: the real `cdktf deploy|diff|destroy`
// in a project of its own, Terraform running the bundled handler, the real development provider
// (node-oidc-provider) on loopback, and a fault proxy in front of its registration endpoint.
// The steps share one project and one provider and run in order; a failed step stops the story.
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type E2eClient, type E2eDeclaration } from '../support/e2e-project';
import {
  clientCredentialsToken,
  clientsAtProvider,
  clientsNamed,
  registrationOf,
  verifyAccessToken,
  type ExportedCredentials,
} from '../support/e2e-provider';
import { collectStoreSecrets, expectFailed, expectSucceeded, leakedIn, planLinesOf, storySteps } from '../support/e2e-story';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';

// Version 1 of the team's code: a single-page app and two services.
const spa: E2eClient = {
  id: 'spa',
  clientName: 'E2E browser app',
  publicClient: true,
  scopes: [READ, WRITE],
  redirectUrls: ['http://127.0.0.1:3005/callback', 'http://127.0.0.1:3005/silent-renew'],
};
const orders: E2eClient = { id: 'orders', clientName: 'E2E orders service', flows: { clientCredentials: true }, scopes: [READ] };
const reporting: E2eClient = { id: 'reporting', clientName: 'E2E reporting job', flows: { clientCredentials: true }, scopes: [READ, WRITE] };

// Version 2: a redirect URL swapped, a scope granted, a scope withdrawn and a new display name.
const spa2: E2eClient = { ...spa, redirectUrls: ['http://127.0.0.1:3005/callback', 'http://localhost:4200/callback'] };
const orders2: E2eClient = { ...orders, scopes: [READ, WRITE] };
const reporting2: E2eClient = { ...reporting, clientName: 'E2E nightly reporting job', scopes: [READ] };

// Version 3: orders renamed (while the reporting job, deleted for a while, comes back).
const orders3: E2eClient = { ...orders2, clientName: 'E2E orders API' };

const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();
const scopesOf = (scope: unknown) => sorted(typeof scope === 'string' && scope !== '' ? scope.split(' ') : []);

let server: DevServerProcess;
let proxy: FaultProxy;
let project: E2eProject;
/** Every client secret and registration access token the store held at any point. */
const secrets = new Set<string>();
/** The client_id of each construct id, as the story goes on. */
const ids: Record<string, string> = {};
/** The exported credentials of the reporting job before it was deleted. */
let removed: ExportedCredentials;
const step = storySteps();

function declaration(clients: readonly E2eClient[]): E2eDeclaration {
  return {
    issuer: server.issuer,
    // This story is the provisioner mode's (provider-mode.test.ts has the provider's).
    resourceType: 'terraform_data',
    // Registration goes through the fault proxy; management (RFC 7592) and tokens go straight to the provider.
    registrationEndpoint: `${proxy.origin}/reg`,
    scopes: { [READ]: 'Read tstapp data', [WRITE]: 'Change tstapp data' },
    clients,
  };
}

async function deployOk(clients: readonly E2eClient[], options: { readonly skipSynth?: boolean } = {}) {
  project.declare(declaration(clients));
  const run = expectSucceeded(await project.deploy(options));
  await collectStoreSecrets(await project.store(), secrets);
  return run;
}

async function exported(client: E2eClient): Promise<ExportedCredentials> {
  const value = await project.exportOf(client.id);
  if (!value) throw new Error(`no export for ${client.id}`);
  return value as unknown as ExportedCredentials;
}

async function ledgerOf(client: E2eClient) {
  const ledger = await project.ledgerOf(client.id);
  if (!ledger) throw new Error(`no ledger record for ${client.id}`);
  return ledger;
}

/** The provider's metadata of a client, read with the management handle from the ledger. */
async function atProvider(client: E2eClient) {
  const answer = await registrationOf(await ledgerOf(client));
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  server = await startDevServerProcess();
  proxy = await startFaultProxy(server.issuer);
  project = E2eProject.create('e2e-stack', server.initialAccessToken);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  project?.remove();
}, 30_000);

test(
  'a first deploy registers every declared client with its metadata and exports each one once',
  step('first deploy', async () => {
    // given a stack with an SPA on authorization code + PKCE and two client-credentials services
    // when it is deployed
    await deployOk([spa, orders, reporting]);

    // then each client exists at the provider with the declared metadata
    const spaMetadata = await atProvider(spa);
    expect(spaMetadata).toMatchObject({
      client_name: 'E2E browser app',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    expect(spaMetadata.client_secret).toBeUndefined();
    expect(scopesOf(spaMetadata.scope)).toEqual([READ, WRITE]);
    expect(sorted(spaMetadata.redirect_uris as string[])).toEqual(['http://127.0.0.1:3005/callback', 'http://127.0.0.1:3005/silent-renew']);
    for (const [client, scopes] of [
      [orders, [READ]],
      [reporting, [READ, WRITE]],
    ] as const) {
      const metadata = await atProvider(client);
      expect(metadata).toMatchObject({ client_name: client.clientName, grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' });
      expect(scopesOf(metadata.scope)).toEqual(scopes);
      expect(metadata.redirect_uris ?? []).toEqual([]);
    }

    // and the provider holds exactly these three clients
    for (const client of [spa, orders, reporting]) ids[client.id] = (await ledgerOf(client)).clientId;
    expect(sorted((await clientsAtProvider(server.dataDir)).map((c) => c.client_id))).toEqual(sorted(Object.values(ids)));

    // and the store holds exactly one export per client, with the credentials an application needs
    expect(await project.exportPaths()).toEqual(sorted([spa, orders, reporting].map((c) => project.exportPathOf(c.id))));
    const spaExport = await exported(spa);
    expect(spaExport).toEqual({ client_id: ids.spa, issuer: server.issuer, token_endpoint: `${server.issuer}/token` });
    for (const client of [orders, reporting]) {
      expect(await exported(client)).toEqual({ client_id: ids[client.id], client_secret: expect.any(String), issuer: server.issuer, token_endpoint: `${server.issuer}/token` });
    }

    // and a service gets a verifiable token for its scope with the exported credentials
    const token = await clientCredentialsToken(await exported(orders), READ);
    expect(token.status).toBe(200);
    const claims = await verifyAccessToken(server.issuer, token.body.access_token as string);
    expect(claims).toMatchObject({ client_id: ids.orders, scp: [READ] });
  }),
  240_000,
);

test(
  '`cdktf diff` shows a reviewer each changed scope, redirect URL and name on its own line, and changes nothing',
  step('diff', async () => {
    // given version 2 of the code: orders gains write, reporting loses write and is renamed, the SPA swaps a redirect URL
    project.declare(declaration([spa2, orders2, reporting2]));

    // when a reviewer runs cdktf diff
    const diff = expectSucceeded(await project.diff());

    // then each change is a line of its own in the plan, not buried in a JSON blob
    const plan = (client: E2eClient) => planLinesOf(diff.output, 'e2e-stack', client.id);
    expect(plan(orders2)).toContain('+ "tstapp_data.write",');
    expect(plan(reporting2)).toContain('- "tstapp_data.write",');
    expect(plan(reporting2)).toContain('~ clientName              = "E2E reporting job" -> "E2E nightly reporting job"');
    expect(plan(spa2)).toContain('~ "http://127.0.0.1:3005/silent-renew" -> "http://localhost:4200/callback",');
    // (each client is replaced by a new resource instance, which the backend turns into an update in place)
    for (const client of [spa2, orders2, reporting2]) expect(plan(client)[0]).toMatch(/must be replaced$/);
    expect(diff.output).toMatch(/Plan: 3 to add, 0 to change, 3 to destroy\./);

    // and nothing changed at the provider: orders still may not ask for write
    expect((await clientCredentialsToken(await exported(orders), WRITE)).body).toMatchObject({ error: 'invalid_scope' });
  }),
  240_000,
);

test(
  'deploying changed scopes, redirect URLs and a name updates the same clients in place and exports nothing again',
  step('update in place', async () => {
    const exportsBefore = Object.fromEntries([spa, orders, reporting].map((c) => [c.id, project.exportBytes(c.id)]));

    // when version 2, as the diff showed it, is deployed
    const run = await deployOk([spa2, orders2, reporting2], { skipSynth: true });

    // then every client keeps its client_id and the provider holds no extra client
    for (const client of [spa2, orders2, reporting2]) expect((await ledgerOf(client)).clientId).toBe(ids[client.id]);
    expect(sorted((await clientsAtProvider(server.dataDir)).map((c) => c.client_id))).toEqual(sorted(Object.values(ids)));
    expect(run.output).toMatch(/e2e-stack\/orders: updated client_id=/);

    // and the provider has the new metadata
    expect(sorted((await atProvider(spa2)).redirect_uris as string[])).toEqual(['http://127.0.0.1:3005/callback', 'http://localhost:4200/callback']);
    expect(scopesOf((await atProvider(orders2)).scope)).toEqual([READ, WRITE]);
    const reportingMetadata = await atProvider(reporting2);
    expect(reportingMetadata.client_name).toBe('E2E nightly reporting job');
    expect(scopesOf(reportingMetadata.scope)).toEqual([READ]);

    // and no export was written again: the encrypted files are byte for byte the same
    for (const client of [spa, orders, reporting]) expect(project.exportBytes(client.id).equals(exportsBefore[client.id])).toBe(true);

    // and the granted scope is in a token, the withdrawn one is refused
    const granted = await clientCredentialsToken(await exported(orders2), WRITE);
    expect(granted.status).toBe(200);
    expect(await verifyAccessToken(server.issuer, granted.body.access_token as string)).toMatchObject({ client_id: ids.orders, scp: [WRITE] });
    const withdrawn = await clientCredentialsToken(await exported(reporting2), WRITE);
    expect(withdrawn.status).toBe(400);
    expect(withdrawn.body).toMatchObject({ error: 'invalid_scope' });
    expect(withdrawn.body.access_token).toBeUndefined();
    expect((await clientCredentialsToken(await exported(reporting2), READ)).status).toBe(200);
  }),
  240_000,
);

test(
  'a client deleted from the code is deleted at the provider, with its export and its ledger record',
  step('delete', async () => {
    const removedCredentials = await exported(reporting2);

    // when the reporting job is deleted from the stack and the stack deployed
    const removal = await deployOk([spa2, orders2]);

    // then the reconciler pruned it, and the provider no longer knows the client
    expect(removal.output).toMatch(/oauth-clients prune e2e-dev\/e2e-stack\/reporting: deleted/);
    expect((await clientsAtProvider(server.dataDir)).map((c) => c.client_id)).not.toContain(ids.reporting);
    const refused = await clientCredentialsToken(removedCredentials, READ);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'invalid_client' });

    // and neither its export nor its ledger record is left in the store
    expect(await project.exportOf(reporting2.id)).toBeUndefined();
    expect(await project.ledgerOf(reporting2.id)).toBeUndefined();
    expect(await project.exportPaths()).toEqual(sorted([spa, orders].map((c) => project.exportPathOf(c.id))));
    // and the clients still declared are untouched
    expect(sorted((await clientsAtProvider(server.dataDir)).map((c) => c.client_id))).toEqual(sorted([ids.spa, ids.orders]));
    expect((await clientCredentialsToken(await exported(orders2), READ)).status).toBe(200);
    removed = removedCredentials;
  }),
  240_000,
);

test(
  'declared again while the provider fails its registration: the deploy fails naming it, the others are fine, the next deploy converges on a new client',
  step('re-add through a provider failure', async () => {
    // given the provider answers the next registration with a 500
    proxy.inject({
      method: 'POST',
      path: /^\/reg$/,
      times: 1,
      respond: { status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"server_error","error_description":"injected by the e2e test"}' },
    });

    // when the reporting job is declared again, orders renamed in the same change, and the stack deployed
    project.declare(declaration([spa2, orders3, reporting2]));
    const failed = expectFailed(await project.deploy());
    await collectStoreSecrets(await project.store(), secrets);

    // then the output names the client that failed, and the injected fault is what it hit
    expect(failed.output).toMatch(/oauth-clients apply e2e-dev\/e2e-stack\/reporting: failed/);
    expect(proxy.requests.filter((r) => r.fault === 'respond')).toEqual([{ method: 'POST', path: '/reg', status: 500, fault: 'respond' }]);
    // and nothing of it exists: no client of that name at the provider, no export, no ledger record
    expect(await clientsNamed(server.dataDir, reporting2.clientName)).toEqual([]);
    expect(await project.exportOf(reporting2.id)).toBeUndefined();
    expect(await project.ledgerOf(reporting2.id)).toBeUndefined();
    // and the other clients are fine: orders was renamed in place and still gets tokens, the SPA is unchanged
    expect(await atProvider(orders3)).toMatchObject({ client_id: ids.orders, client_name: 'E2E orders API' });
    expect((await clientCredentialsToken(await exported(orders3), WRITE)).status).toBe(200);
    expect(await atProvider(spa2)).toMatchObject({ client_id: ids.spa, client_name: 'E2E browser app' });

    // when the fault is gone and the same code is deployed again
    proxy.clear();
    await deployOk([spa2, orders3, reporting2], { skipSynth: true });

    // then the reporting job is a new client, exactly once at the provider, with a new export
    const ledger = await ledgerOf(reporting2);
    expect(ledger.clientId).not.toBe(ids.reporting);
    expect((await clientsNamed(server.dataDir, reporting2.clientName)).map((c) => c.client_id)).toEqual([ledger.clientId]);
    const credentials = await exported(reporting2);
    expect(credentials.client_id).toBe(ledger.clientId);
    expect(credentials.client_secret).toEqual(expect.any(String));
    expect(credentials.client_secret).not.toBe(removed.client_secret);
    expect((await clientCredentialsToken(credentials, READ)).status).toBe(200);
    ids.reporting = ledger.clientId;
    // and the store holds one export and one ledger record per client, and no leftover of the failed attempt
    expect(await project.allStoreEntries()).toEqual(sorted([...[spa, orders, reporting].flatMap((c) => [project.exportPathOf(c.id), project.ledgerPathOf(c.id)]), project.witnessPath]));
    expect(await project.localJournalEntries()).toEqual([]);
    // and the provider holds the three declared clients and nothing else
    expect(sorted((await clientsAtProvider(server.dataDir)).map((c) => c.client_id))).toEqual(sorted(Object.values(ids)));
  }),
  300_000,
);

test(
  '`cdktf destroy` deletes every client at the provider and leaves no export or ledger record in the store',
  step('destroy', async () => {
    const credentials = await Promise.all([orders3, reporting2].map(exported));

    // when the stack is destroyed
    const run = expectSucceeded(await project.destroy({ skipSynth: true }));

    // then the provider holds no client of the stack, and their credentials no longer work (3 clients, the reconciler, the witness)
    expect(run.output).toMatch(/Destroy complete! Resources: 5 destroyed\./);
    expect(await clientsAtProvider(server.dataDir)).toEqual([]);
    for (const credential of credentials) expect((await clientCredentialsToken(credential, READ)).body).toMatchObject({ error: 'invalid_client' });

    // and the store is empty: no export, no ledger record, no leftover intent or journal
    expect(await project.allStoreEntries()).toEqual([]);
    expect(await project.localJournalEntries()).toEqual([]);
  }),
  240_000,
);

test(
  'no client secret, registration access token or initial access token ever reached Terraform state or output',
  step('no secret leaked', async () => {
    // given every credential the store held during the story (3 client secrets, several rotated management tokens)
    expect(secrets.size).toBeGreaterThanOrEqual(8);
    const watched = [...secrets, server.initialAccessToken];

    // then no state file (local, or under cdktf.out), at any step, holds one
    const stateSnapshots = project.snapshots.filter((s) => /\.tfstate(\.backup)?$/.test(s.file));
    expect(stateSnapshots.length).toBeGreaterThan(0);
    // (the scan reads real state: it finds the clients' names)
    expect(stateSnapshots.some((s) => s.text.includes('E2E nightly reporting job'))).toBe(true);
    for (const snapshot of project.snapshots) expect({ file: snapshot.file, after: snapshot.after, leaked: leakedIn(snapshot.text, watched) }).toEqual({ file: snapshot.file, after: snapshot.after, leaked: [] });

    // and nothing cdktf or Terraform printed holds one
    expect(project.runs.length).toBeGreaterThanOrEqual(7);
    expect(leakedIn(project.transcript(), watched)).toEqual([]);
  }),
  30_000,
);
