// Deleting a stack's LAST OAuthClient from the code. Terraform runs no destroy-time provisioner for
// a resource removed from the configuration (docs/design.md §3), so deleting a client relies on the stack's
// reconciler running `handle prune`. A Host in the stack keeps the reconciler alive after the last
// client is gone, so prune still runs and deletes it.
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type E2eClient, type E2eDeclaration } from '../support/e2e-project';
import { clientCredentialsToken, clientsAtProvider, type ExportedCredentials } from '../support/e2e-provider';
import { expectSucceeded, storySteps } from '../support/e2e-story';

const READ = 'tstapp_data.read';
const lonely: E2eClient = { id: 'lonely', clientName: 'E2E only service', flows: { clientCredentials: true }, scopes: [READ] };

let server: DevServerProcess;
let project: E2eProject;
let credentials: ExportedCredentials;
const step = storySteps();

// The provisioner mode's reconciler (our provider's resources are deleted by Terraform itself).
const declaration = (clients: readonly E2eClient[]): E2eDeclaration => ({ issuer: server.issuer, resourceType: 'terraform_data', scopes: { [READ]: 'Read tstapp data' }, clients });

beforeAll(async () => {
  server = await startDevServerProcess();
  project = E2eProject.create('e2e-last', server.initialAccessToken);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  project?.remove();
}, 30_000);

test(
  'given a stack with a single client, deployed',
  step('deploy one client', async () => {
    project.declare(declaration([lonely]));
    expectSucceeded(await project.deploy());

    credentials = (await project.exportOf(lonely.id)) as unknown as ExportedCredentials;
    expect(credentials.client_id).toEqual(expect.any(String));
    expect((await clientsAtProvider(server.dataDir)).map((c) => c.client_id)).toEqual([credentials.client_id]);
  }),
  120_000,
);

test(
  'when the client is deleted from the code, the deploy succeeds, the reconciler is replaced and prunes, and it and the stack witness are the only resources left',
  step('deploy no client', async () => {
    project.declare(declaration([]));
    const run = expectSucceeded(await project.deploy());

    // the client's resource and the old reconciler go; a reconciler declaring no client comes and prunes
    expect(run.output).toMatch(/Apply complete! Resources: 1 added, 0 changed, 2 destroyed\./);
    expect(run.output).toMatch(/1 undeclared client\(s\) pruned/);
    const state = JSON.parse(project.snapshots.filter((s) => s.file.endsWith(`terraform.${project.stack}.tfstate`)).at(-1)!.text) as { resources: { type: string; name: string }[] };
    expect(state.resources.map((r) => r.name)).toEqual([expect.stringMatching(/^OAuthClientsReconciler_(?!Witness)/), expect.stringMatching(/^OAuthClientsReconciler_Witness_/)]);
  }),
  120_000,
);

test(
  'then the client is deleted at the provider, with its export and its ledger record',
  step('last client pruned', async () => {
    expect(await clientsAtProvider(server.dataDir)).toEqual([]);
    expect((await clientCredentialsToken(credentials, READ)).body).toMatchObject({ error: 'invalid_client' });
    // only the stack's witness is left: the stack (its host) is still deployed
    expect(await project.allStoreEntries()).toEqual([project.witnessPath]);
  }),
  30_000,
);
