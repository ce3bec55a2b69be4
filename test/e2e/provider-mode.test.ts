// A team's OAuth clients through their life in the provider mode (the default): the real `cdktf
// deploy|diff`, Terraform running our provider from the stack's plugin mirror, offline, and the
// real development provider (node-oidc-provider) on loopback. The steps share one project and run
// in order; a failed step stops the story.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type E2eClient, type E2eDeclaration } from '../support/e2e-project';
import { clientCredentialsToken, clientsAtProvider, clientsNamed, registrationOf, verifyAccessToken, type ExportedCredentials } from '../support/e2e-provider';
import { collectStoreSecrets, expectSucceeded, leakedIn, planLinesOf, storySteps } from '../support/e2e-story';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';

const spa: E2eClient = { id: 'spa', clientName: 'Provider-mode browser app', publicClient: true, scopes: [READ, WRITE], redirectUrls: ['http://127.0.0.1:3005/callback'] };
const orders: E2eClient = { id: 'orders', clientName: 'Provider-mode orders service', flows: { clientCredentials: true }, scopes: [READ] };
const reporting: E2eClient = { id: 'reporting', clientName: 'Provider-mode reporting job', flows: { clientCredentials: true }, scopes: [READ, WRITE] };
const orders2: E2eClient = { ...orders, scopes: [READ, WRITE] };

const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();
const scopesOf = (scope: unknown) => sorted(typeof scope === 'string' && scope !== '' ? scope.split(' ') : []);

let server: DevServerProcess;
let project: E2eProject;
const secrets = new Set<string>();
const ids: Record<string, string> = {};
const step = storySteps();

const declaration = (clients: readonly E2eClient[]): E2eDeclaration => ({
  issuer: server.issuer,
  scopes: { [READ]: 'Read tstapp data', [WRITE]: 'Change tstapp data' },
  clients,
  clientIdOutputs: { orders_client_id: 'orders' },
});

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

async function atProvider(client: E2eClient) {
  const answer = await registrationOf(await ledgerOf(client));
  expect(answer.status).toBe(200);
  return answer.body;
}

/** Terraform's own plan in the stack directory: 0 no changes, 2 changes (-detailed-exitcode). */
const planExitCode = async () => (await project.terraform(['plan', '-detailed-exitcode', '-no-color', '-lock-timeout=0s'])).code;

beforeAll(async () => {
  server = await startDevServerProcess();
  project = E2eProject.create('e2e-provider', server.initialAccessToken);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  project?.remove();
}, 30_000);

test(
  'a first deploy creates each client once through our provider, exports each secret once, and client_id is an output; a plan right after is empty',
  step('first deploy', async () => {
    // given a stack of an SPA and two services, in the default (provider) mode
    // when it is deployed with plain cdktf deploy (no flags, no registry)
    const run = await deployOk([spa, orders, reporting]);

    // then Terraform created three oauthclients_client resources
    expect(run.output).toMatch(/Apply complete! Resources: 3 added, 0 changed, 0 destroyed\./);
    for (const client of [spa, orders, reporting]) ids[client.id] = (await ledgerOf(client)).clientId;
    expect(sorted((await clientsAtProvider(server.dataDir)).map((c) => c.client_id))).toEqual(sorted(Object.values(ids)));
    // and the client_id is a Terraform output (a token other resources can use)
    expect(run.output).toContain(`orders_client_id = ${ids.orders}`);
    // and each service's exported secret gets a verifiable token
    expect(scopesOf((await atProvider(orders)).scope)).toEqual([READ]);
    const token = await clientCredentialsToken(await exported(orders), READ);
    expect(token.status).toBe(200);
    expect(await verifyAccessToken(server.issuer, token.body.access_token as string)).toMatchObject({ client_id: ids.orders, scp: [READ] });
    expect(await exported(spa)).toEqual({ client_id: ids.spa, issuer: server.issuer, token_endpoint: `${server.issuer}/token` });

    // and plain terraform in the stack directory refreshes every client from the provider and plans nothing
    expect(await planExitCode()).toBe(0);
  }),
  240_000,
);

test(
  '`cdktf diff` after a scope change shows an update in place with the scope line, and no destroy',
  step('diff', async () => {
    project.declare(declaration([spa, orders2, reporting]));

    const diff = expectSucceeded(await project.diff());

    const plan = planLinesOf(diff.output, 'e2e-provider', 'orders');
    expect(plan[0]).toMatch(/^# oauthclients_client\.orders_\w+ \(orders\/Resource\) will be updated in-place$/);
    expect(plan).toContain('+ "tstapp_data.write",');
    expect(diff.output).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy\./);
    expect(diff.output).not.toMatch(/must be replaced|forces replacement/);
    // and nothing changed at the provider yet
    expect((await clientCredentialsToken(await exported(orders), WRITE)).body).toMatchObject({ error: 'invalid_scope' });
  }),
  240_000,
);

test(
  'deploying the scope change updates the same client in place and exports nothing again',
  step('update in place', async () => {
    const exportsBefore = Object.fromEntries([spa, orders, reporting].map((c) => [c.id, project.exportBytes(c.id)]));

    const run = await deployOk([spa, orders2, reporting], { skipSynth: true });

    expect(run.output).toMatch(/Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
    expect((await ledgerOf(orders2)).clientId).toBe(ids.orders);
    expect(scopesOf((await atProvider(orders2)).scope)).toEqual([READ, WRITE]);
    expect((await clientCredentialsToken(await exported(orders2), WRITE)).status).toBe(200);
    for (const client of [spa, orders, reporting]) expect(project.exportBytes(client.id).equals(exportsBefore[client.id])).toBe(true);
    expect(await planExitCode()).toBe(0);
  }),
  240_000,
);

test(
  'a client deleted at the provider behind our back: the next plan creates it, and the deploy brings it back with new credentials',
  step('vanished client', async () => {
    // given someone deletes the reporting job at the provider (RFC 7592 §2.3), not through our code
    const ledger = await ledgerOf(reporting);
    const old = await exported(reporting);
    const deleted = await fetch(ledger.handle.registrationClientUri, { method: 'DELETE', headers: { authorization: `Bearer ${ledger.handle.registrationAccessToken}` } });
    expect(deleted.status).toBe(204);

    // when a reviewer runs cdktf diff: the refresh finds it gone and the plan creates it
    const diff = expectSucceeded(await project.diff());
    expect(planLinesOf(diff.output, 'e2e-provider', 'reporting')[0]).toMatch(/will be created$/);
    expect(diff.output).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy\./);

    // when deployed
    await deployOk([spa, orders2, reporting], { skipSynth: true });

    // then the reporting job exists once again, under a new client_id, with new working credentials
    const again = await ledgerOf(reporting);
    expect(again.clientId).not.toBe(ledger.clientId);
    expect((await clientsNamed(server.dataDir, reporting.clientName)).map((c) => c.client_id)).toEqual([again.clientId]);
    const credentials = await exported(reporting);
    expect(credentials.client_id).toBe(again.clientId);
    expect(credentials.client_secret).not.toBe(old.client_secret);
    expect((await clientCredentialsToken(credentials, WRITE)).status).toBe(200);
    ids.reporting = again.clientId;
    expect(await planExitCode()).toBe(0);
  }),
  240_000,
);

test(
  'a client removed from the code is deleted by Terraform itself, with its export and ledger record',
  step('removal', async () => {
    const removed = await exported(reporting);

    const run = await deployOk([spa, orders2]);

    expect(run.output).toMatch(/Apply complete! Resources: 0 added, 0 changed, 1 destroyed\./);
    expect(sorted((await clientsAtProvider(server.dataDir)).map((c) => c.client_id))).toEqual(sorted([ids.spa, ids.orders]));
    expect((await clientCredentialsToken(removed, READ)).body).toMatchObject({ error: 'invalid_client' });
    expect(await project.exportOf(reporting.id)).toBeUndefined();
    expect(await project.ledgerOf(reporting.id)).toBeUndefined();
  }),
  240_000,
);

test(
  '`terraform import` of a client made by hand, then a deploy brings it to the declaration; the import says it has no exported secret',
  step('import', async () => {
    // given a client someone registered by hand (RFC 7591 §3), with other metadata than we will declare
    const registered = await fetch(`${server.issuer}/reg`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.initialAccessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Hand-made billing', grant_types: ['client_credentials'], response_types: [], token_endpoint_auth_method: 'client_secret_basic', scope: READ }),
    });
    expect(registered.status).toBe(201);
    const hand = (await registered.json()) as { client_id: string; client_secret: string; registration_access_token: string };
    secrets.add(hand.client_secret).add(hand.registration_access_token);
    const billing: E2eClient = { id: 'billing', clientName: 'Provider-mode billing', flows: { clientCredentials: true }, scopes: [READ, WRITE] };

    // when it is declared in the code and imported in the stack directory, its management token in the environment
    project.declare(declaration([spa, orders2, billing]));
    expectSucceeded(await project.synth());
    const synthesized = JSON.parse(fs.readFileSync(path.join(project.stackDir, 'cdk.tf.json'), 'utf8')) as { resource: { oauthclients_client: Record<string, { spec: { key: string } }> } };
    const [name] = Object.entries(synthesized.resource.oauthclients_client).find(([, body]) => body.spec.key === project.keyOf('billing'))!;
    const imported = expectSucceeded(
      await project.terraform(['import', '-no-color', '-input=false', `oauthclients_client.${name}`, `${project.hostName}/${project.keyOf('billing')}=${hand.client_id}`], { OAUTH_CLIENTS_IMPORT_TOKEN: hand.registration_access_token }),
    );

    // then the import says the client has no exported secret
    expect(imported.output).toContain('Import successful!');
    expect(imported.output).toContain(`imported client ${hand.client_id} has no exported secret`);

    // when deployed: the declaration is applied to the same client, in place
    const run = await deployOk([spa, orders2, billing], { skipSynth: true });
    expect(run.output).toMatch(/Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);

    // then the provider holds it once, under its own client_id, with the declared name and scopes
    expect((await ledgerOf(billing)).clientId).toBe(hand.client_id);
    const metadata = await atProvider(billing);
    expect(metadata).toMatchObject({ client_id: hand.client_id, client_name: 'Provider-mode billing' });
    expect(scopesOf(metadata.scope)).toEqual([READ, WRITE]);
    expect((await clientsAtProvider(server.dataDir)).filter((c) => c.client_id === hand.client_id)).toHaveLength(1);
    // and its creator's secret still works, now for the declared scope; nothing was exported for it
    const credentials = { client_id: hand.client_id, client_secret: hand.client_secret, issuer: server.issuer, token_endpoint: `${server.issuer}/token` };
    expect((await clientCredentialsToken(credentials, WRITE)).status).toBe(200);
    expect(await project.exportOf(billing.id)).toBeUndefined();
    expect(await planExitCode()).toBe(0);
  }),
  240_000,
);

test(
  'no client secret, registration access token or initial access token ever reached Terraform state or output',
  step('no secret leaked', async () => {
    expect(secrets.size).toBeGreaterThanOrEqual(5);
    const watched = [...secrets, server.initialAccessToken];
    const stateSnapshots = project.snapshots.filter((s) => /\.tfstate(\.backup)?$/.test(s.file));
    expect(stateSnapshots.some((s) => s.text.includes('Provider-mode orders service'))).toBe(true);
    for (const snapshot of project.snapshots) expect({ file: snapshot.file, after: snapshot.after, leaked: leakedIn(snapshot.text, watched) }).toEqual({ file: snapshot.file, after: snapshot.after, leaked: [] });
    expect(leakedIn(project.transcript(), watched)).toEqual([]);
  }),
  30_000,
);
