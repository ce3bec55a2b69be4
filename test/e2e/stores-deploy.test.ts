// Each durable store through real `cdktf deploy` (issue 10): one stack, three hosts, one client each,
// deployed, updated (a scope added) and destroyed by cdktf and Terraform, with the handlers writing
// to a FAKE Vault (KV v2) and a FAKE AWS Secrets Manager (local HTTP servers built from the published
// APIs: test/support/fake-vault.ts, fake-aws-secrets-manager.ts) and a real `pass` with a throwaway
// GnuPG home. The AWS host keeps its ledger in Vault: exports and ledger in different stores. The
// PostgreSQL store goes through cdktf in fresh-runners.test.ts, the file store in deploy-lifecycle.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSecretStore, type SecretStoreBackend } from '../../lib/secrets';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { startFakeSecretsManager, type FakeSecretsManager } from '../support/fake-aws-secrets-manager';
import { startFakeVault, type FakeVault } from '../support/fake-vault';
import { E2eProject, IAT_ENV } from '../support/e2e-project';
import { clientCredentialsToken, clientsAtProvider, clientsNamed, type ExportedCredentials } from '../support/e2e-provider';
import { REPO_ROOT } from '../support/handler';
import { expectSucceeded, leakedIn, storySteps } from '../support/e2e-story';

const STACK = 'stores-e2e';
const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';
const VAULT_TOKEN = `hvs.${randomBytes(12).toString('hex')}`;
const ACCESS_KEY_ID = 'AKIAFAKEE2E000000001';
const HOSTS = ['vlt', 'aws', 'pss'] as const;

let server: DevServerProcess;
let vault: FakeVault;
let aws: FakeSecretsManager;
let project: E2eProject;
let gnupg: string;
let passDir: string;
const step = storySteps();
const stores: Record<string, SecretStoreBackend> = {};
const clientIds: Record<string, string> = {};
const secrets = new Set<string>();

function main(scopes: readonly string[]): string {
  const lib = path.join(REPO_ROOT, 'lib');
  return `// Written by test/e2e/stores-deploy.test.ts
import { App, TerraformStack } from 'cdktf';
import { Host, OAuthClient, SecretStore } from ${JSON.stringify(lib)};

const app = new App();
const stack = new TerraformStack(app, ${JSON.stringify(STACK)});
const vault = SecretStore.vault({ address: ${JSON.stringify(vault.address)}, mount: 'secret', pathPrefix: 'e2e', tokenEnv: 'E2E_VAULT_TOKEN' });
const common = { issuer: ${JSON.stringify(server.issuer)}, environment: 'development' as const, credentials: { initialAccessToken: ${JSON.stringify(IAT_ENV)} } };
const hosts = [
  new Host(stack, 'vlt', { ...common, store: vault }),
  new Host(stack, 'aws', { ...common, store: SecretStore.awsSecretsManager({ region: 'eu-central-1', prefix: 'e2e', endpoint: ${JSON.stringify(aws.endpoint)} }), ledgerStore: vault }),
  new Host(stack, 'pss', { ...common, store: SecretStore.pass({ prefix: 'e2e' }) }),
];
for (const host of hosts) {
  const scopes = ${JSON.stringify(scopes)}.map((name: string) => host.addScope(name, { description: name }));
  new OAuthClient(stack, host.name + '-svc', { host, clientName: 'Stores ' + host.name, flows: { clientCredentials: true }, scopes });
}
app.synth();
`;
}

const exportPath = (host: string) => `${host}/${STACK}/${host}-svc`;

beforeAll(async () => {
  [server, vault, aws] = await Promise.all([startDevServerProcess(), startFakeVault({ token: VAULT_TOKEN }), startFakeSecretsManager({ accessKeyId: ACCESS_KEY_ID })]);
  gnupg = fs.mkdtempSync(path.join(os.tmpdir(), 'oac-e2e-gpg-'));
  passDir = path.join(gnupg, 'password-store');
  const gpgEnv = { ...process.env, GNUPGHOME: gnupg, PASSWORD_STORE_DIR: passDir };
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'oauth-clients e2e <e2e@example.invalid>', 'default', 'default', 'never'], { env: gpgEnv, stdio: 'ignore' });
  execFileSync('pass', ['init', 'e2e@example.invalid'], { env: gpgEnv, stdio: 'ignore' });

  project = E2eProject.create(STACK, server.initialAccessToken);
  const env = {
    E2E_VAULT_TOKEN: VAULT_TOKEN,
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: randomBytes(20).toString('base64'),
    AWS_EC2_METADATA_DISABLED: 'true',
    GNUPGHOME: gnupg,
    PASSWORD_STORE_DIR: passDir,
  };
  Object.assign(project.extraEnv, env);
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY, AWS_EC2_METADATA_DISABLED: 'true' });
  const vaultSpec = { kind: 'vault', address: vault.address, mount: 'secret', pathPrefix: 'e2e', tokenEnv: 'E2E_VAULT_TOKEN' } as const;
  stores.vlt = await openSecretStore(vaultSpec, { projectRoot: project.dir, env });
  stores.aws = await openSecretStore({ kind: 'aws-secrets-manager', region: 'eu-central-1', prefix: 'e2e', endpoint: aws.endpoint }, { projectRoot: project.dir, env });
  stores.pss = await openSecretStore({ kind: 'pass', prefix: 'e2e' }, { projectRoot: project.dir, env });
}, 90_000);

afterAll(async () => {
  await Promise.all(Object.values(stores).map((s) => s.close?.()));
  project?.remove();
  try {
    execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gnupg }, stdio: 'ignore' });
  } catch {
    // no agent was started
  }
  if (gnupg) fs.rmSync(gnupg, { recursive: true, force: true });
  await Promise.all([server?.stop(), vault?.close(), aws?.close()]);
}, 60_000);

test(
  'deploy: one client per host at the provider, its credentials exported to its host store (Vault, Secrets Manager, pass), the AWS host ledger in Vault',
  step('deploy', async () => {
    project.writeMain(main([READ]));
    expectSucceeded(await project.deploy());

    for (const host of HOSTS) {
      expect(await clientsNamed(server.dataDir, `Stores ${host}`)).toHaveLength(1);
      const exported = (await stores[host].get(exportPath(host))) as unknown as ExportedCredentials;
      expect((await clientCredentialsToken(exported, READ)).status).toBe(200);
      clientIds[host] = exported.client_id;
      secrets.add(String(exported.client_secret));
    }
    // where each record lives: Vault holds the vlt and aws ledgers, pass its own; Secrets Manager only the export
    expect(await stores.vlt.list('_oauth-clients/ledger/')).toEqual([`_oauth-clients/ledger/aws/${STACK}/aws-svc`, `_oauth-clients/ledger/vlt/${STACK}/vlt-svc`]);
    expect(await stores.pss.list('_oauth-clients/ledger/')).toEqual([`_oauth-clients/ledger/pss/${STACK}/pss-svc`]);
    expect(await stores.aws.list('')).toEqual([exportPath('aws')]);
  }),
  240_000,
);

test(
  'update: a scope added to every client updates each in place (same client_id), exports untouched',
  step('update', async () => {
    project.writeMain(main([READ, WRITE]));
    expectSucceeded(await project.deploy());

    for (const host of HOSTS) {
      const atProvider = await clientsNamed(server.dataDir, `Stores ${host}`);
      expect(atProvider.map((c) => [c.client_id, c.scope])).toEqual([[clientIds[host], `${READ} ${WRITE}`]]);
      const exported = (await stores[host].get(exportPath(host))) as unknown as ExportedCredentials;
      expect(exported.client_id).toBe(clientIds[host]);
      expect((await clientCredentialsToken(exported, WRITE)).status).toBe(200);
    }
    // the Vault export was written once: still version 1
    expect(vault.requests.filter((r) => r.startsWith(`POST /v1/secret/data/e2e/${exportPath('vlt')} `))).toHaveLength(1);
  }),
  240_000,
);

test(
  'destroy: no client left at the provider, nothing left in any store, no secret in the output',
  step('destroy', async () => {
    expectSucceeded(await project.destroy({ skipSynth: true }));

    expect(await clientsAtProvider(server.dataDir)).toEqual([]);
    expect(await stores.vlt.list('')).toEqual([]);
    expect(await stores.pss.list('')).toEqual([]);
    expect(await stores.aws.list('')).toEqual([]);
    expect(leakedIn(project.transcript(), secrets)).toEqual([]);
    for (const snapshot of project.snapshots) expect({ file: snapshot.file, leaked: leakedIn(snapshot.text, secrets) }).toEqual({ file: snapshot.file, leaked: [] });
  }),
  240_000,
);
