// The same stack deployed, updated and destroyed through the real `cdktf deploy` against a Hydra,
// a Keycloak and a light-portal host at once. No such servers can run here, so each host is the
// fake of test/providers/fakes (built from shared/provider-apis/, every behaviour cited); the
// handlers reach them over loopback HTTP exactly as they would reach the real APIs. Along the way
// a client made by hand in Keycloak is adopted, and the Hydra client's secret is rotated.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { E2eProject } from '../support/e2e-project';
import { collectStoreSecrets, expectSucceeded, leakedIn, storySteps } from '../support/e2e-story';
import { HydraFake } from '../providers/fakes/hydra-fake';
import { KeycloakFake } from '../providers/fakes/keycloak-fake';
import { LightPortalFake } from '../providers/fakes/light-portal-fake';
import { REPO_ROOT } from '../support/handler';

const STACK = 'e2e-fakes';
const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';

const hydra = new HydraFake();
const keycloak = new KeycloakFake('shop');
const portal = new LightPortalFake();
let project: E2eProject;
const secrets = new Set<string>();
const step = storySteps();

interface Version {
  readonly suffix: string;
  readonly scopes: readonly string[];
  /** Declare the Keycloak client made by hand (adopted before this deploy). */
  readonly legacy: boolean;
}

/** main.ts: three hosts, one service client on each (plus the adopted one on Keycloak). */
function declare(version: Version): void {
  const lib = path.join(REPO_ROOT, 'lib');
  const scopes = JSON.stringify({ [READ]: { description: 'Read' }, [WRITE]: { description: 'Write' } });
  const client = (host: string, id: string, name: string) =>
    `new OAuthClient(stack, ${JSON.stringify(id)}, { host: ${host}, clientName: ${JSON.stringify(name)}, flows: { clientCredentials: true }, scopes: ${JSON.stringify(version.scopes)}.map((s) => ${host}.scopes.find((x) => x.name === s)!) });`;
  fs.writeFileSync(
    path.join(project.dir, 'main.ts'),
    [
      `import { App, TerraformStack } from 'cdktf';`,
      `import { Host, OAuthClient } from ${JSON.stringify(lib)};`,
      `const app = new App();`,
      `const stack = new TerraformStack(app, ${JSON.stringify(STACK)});`,
      `const hydra = new Host(stack, 'hydra', { issuer: ${JSON.stringify(hydra.origin)}, flavour: 'hydra', environment: 'development', adminUrl: ${JSON.stringify(hydra.origin)}, scopes: ${scopes} });`,
      `const keycloak = new Host(stack, 'keycloak', { issuer: ${JSON.stringify(`${keycloak.origin}/realms/shop`)}, flavour: 'keycloak', environment: 'development', adminUrl: ${JSON.stringify(keycloak.origin)}, settings: { realm: 'shop' }, credentials: { clientId: 'KC_ADMIN_ID', clientSecret: 'KC_ADMIN_SECRET' }, scopes: ${scopes} });`,
      `const portal = new Host(stack, 'portal', { issuer: ${JSON.stringify(portal.origin)}, flavour: 'light-portal', environment: 'development', adminUrl: ${JSON.stringify(portal.origin)}, settings: { hostId: ${JSON.stringify(portal.hostId)}, providerId: ${JSON.stringify(portal.providerId)}, appId: 'tstapp' }, credentials: { bearerToken: 'PORTAL_TOKEN' }, scopes: ${scopes} });`,
      client('hydra', 'svc-hydra', `Hydra service${version.suffix}`),
      client('keycloak', 'svc-keycloak', `Keycloak service${version.suffix}`),
      client('portal', 'svc-portal', `Portal service${version.suffix}`),
      version.legacy ? client('keycloak', 'legacy', `Legacy app${version.suffix}`) : '',
      `app.synth();`,
      ``,
    ].join('\n'),
  );
}

/** A client_credentials token with the export's credentials (RFC 6749 §4.4, Basic auth). */
async function tokenStatus(exported: Record<string, unknown> | undefined, scope = READ): Promise<number> {
  if (!exported) throw new Error('no export');
  const basic = Buffer.from(`${encodeURIComponent(String(exported.client_id))}:${encodeURIComponent(String(exported.client_secret))}`).toString('base64');
  const response = await fetch(String(exported.token_endpoint), {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  return response.status;
}

const exportOf = async (host: string, id: string) => (await project.store()).get(`${host}/${STACK}/${id}`);
const counts = () => ({ hydra: hydra.clients.size, keycloak: keycloak.clientsOf('shop').length, portal: portal.activeClients().length });

beforeAll(async () => {
  await Promise.all([hydra.start(), keycloak.start(), portal.start()]);
  project = E2eProject.create(STACK, 'unused');
  Object.assign(project.extraEnv, { KC_ADMIN_ID: keycloak.admin.clientId, KC_ADMIN_SECRET: keycloak.admin.clientSecret, PORTAL_TOKEN: portal.adminToken });
});
afterAll(async () => {
  project?.remove();
  await Promise.all([hydra.stop(), keycloak.stop(), portal.stop()]);
});

test(
  'deploy: one client at each provider, its exported secret gets a token there',
  step('deploy', async () => {
    declare({ suffix: '', scopes: [READ], legacy: false });
    expectSucceeded(await project.deploy());
    expect(counts()).toEqual({ hydra: 1, keycloak: 1, portal: 1 });
    for (const host of ['hydra', 'keycloak', 'portal']) expect(await tokenStatus(await exportOf(host, `svc-${host}`))).toBe(200);
    await collectStoreSecrets(await project.store(), secrets);
  }),
  240_000,
);

test(
  'adopt a Keycloak client made by hand, then update everything in place: same ids, new names and scopes, secrets still working',
  step('adopt and update', async () => {
    const before = { hydra: (await exportOf('hydra', 'svc-hydra'))?.client_id, portal: (await exportOf('portal', 'svc-portal'))?.client_id };
    // a client someone made in the Keycloak console
    const token = await (await fetch(`${keycloak.origin}/realms/shop/protocol/openid-connect/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${keycloak.admin.clientId}:${keycloak.admin.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json();
    const made = await fetch(`${keycloak.origin}/admin/realms/shop/clients`, { method: 'POST', headers: { authorization: `Bearer ${(token as { access_token: string }).access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'legacy-app', name: 'made by hand', serviceAccountsEnabled: true }) });
    expect(made.status).toBe(201);

    declare({ suffix: ' v2', scopes: [READ, WRITE], legacy: true });
    expectSucceeded(await project.synth());
    const adopted = await runCli(['adopt', `${STACK}/legacy`, '--client-id', 'legacy-app'], { cwd: project.dir, env: project.env() });
    expect({ status: adopted.status, stderr: adopted.stderr }).toEqual({ status: 0, stderr: '' });
    const again = await runCli(['adopt', `${STACK}/svc-keycloak`, '--client-id', 'legacy-app'], { cwd: project.dir, env: project.env() });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already manages');

    expectSucceeded(await project.deploy({ skipSynth: true }));
    expect(counts()).toEqual({ hydra: 1, keycloak: 2, portal: 1 });
    expect((await exportOf('hydra', 'svc-hydra'))?.client_id).toBe(before.hydra);
    expect((await exportOf('portal', 'svc-portal'))?.client_id).toBe(before.portal);
    expect([...hydra.clients.values()][0]).toMatchObject({ client_name: 'Hydra service v2', scope: `${READ} ${WRITE}` });
    expect(keycloak.clientsOf('shop').find((c) => c.clientId === 'legacy-app')).toMatchObject({ name: 'Legacy app v2', optionalClientScopes: [READ, WRITE] });
    expect(portal.activeClients()[0]).toMatchObject({ clientName: 'Portal service v2', clientScope: `${READ} ${WRITE}` });
    for (const [host, id] of [['hydra', 'svc-hydra'], ['keycloak', 'svc-keycloak'], ['portal', 'svc-portal'], ['keycloak', 'legacy']]) {
      expect(await tokenStatus(await exportOf(host, id), WRITE)).toBe(200);
    }
    await collectStoreSecrets(await project.store(), secrets);
  }),
  240_000,
);

test(
  'rotate: the Hydra client gets a new secret in its export; the old one stops working',
  step('rotate', async () => {
    const old = await exportOf('hydra', 'svc-hydra');
    const rotated = await runCli(['rotate', `${STACK}/svc-hydra`], { cwd: project.dir, env: project.env() });
    expect({ status: rotated.status, stderr: rotated.stderr }).toEqual({ status: 0, stderr: '' });
    const fresh = await exportOf('hydra', 'svc-hydra');
    expect(fresh).toMatchObject({ client_id: old?.client_id, rotated_at: expect.any(String) });
    expect(fresh?.client_secret).not.toBe(old?.client_secret);
    expect(await tokenStatus(fresh)).toBe(200);
    expect(await tokenStatus(old)).toBe(401);
    expect(rotated.stdout).not.toContain(String(fresh?.client_secret));
    await collectStoreSecrets(await project.store(), secrets);
  }),
  60_000,
);

test(
  'destroy: every client deleted at its provider; no secret ever reached state, plans or output',
  step('destroy', async () => {
    expectSucceeded(await project.destroy());
    expect(counts()).toEqual({ hydra: 0, keycloak: 0, portal: 0 });
    // The ledger's spec names the Keycloak admin secret's env var under `clientSecret`: a name, not a secret.
    secrets.delete('KC_ADMIN_SECRET');
    expect(secrets.size).toBeGreaterThanOrEqual(5);
    // and the admin credentials the hosts name by env var never reached a file or the output either
    secrets.add(keycloak.admin.clientSecret);
    secrets.add(portal.adminToken);
    expect(leakedIn(project.transcript(), secrets)).toEqual([]);
    expect(project.snapshots.length).toBeGreaterThan(0);
    for (const snapshot of project.snapshots) expect({ file: snapshot.file, leaked: leakedIn(snapshot.text, secrets) }).toEqual({ file: snapshot.file, leaked: [] });
  }),
  240_000,
);
