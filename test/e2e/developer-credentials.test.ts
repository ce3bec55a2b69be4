// A developer reads what a deploy exported, end to end: the real `cdktf deploy` against the real
// development provider, then the built `oauth-clients credentials` in the project, reading the
// host's store the way the handlers wrote it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliRun } from '../support/cli';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type E2eClient } from '../support/e2e-project';
import { clientCredentialsToken, verifyAccessToken } from '../support/e2e-provider';
import { expectSucceeded, storySteps } from '../support/e2e-story';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';
const STACK = 'e2e-creds';

const service: E2eClient = { id: 'service', clientName: 'E2E service', flows: { clientCredentials: true }, scopes: [READ, WRITE] };
const spa: E2eClient = { id: 'spa', clientName: 'E2E browser app', publicClient: true, scopes: ['openid', READ], redirectUrls: ['http://127.0.0.1:3005/callback', 'http://127.0.0.1:3005/silent-renew'] };

let server: DevServerProcess;
let project: E2eProject;
const step = storySteps();

const credentials = (...args: string[]): Promise<CliRun> => runCli(['credentials', ...args], { cwd: project.dir, env: project.env() });

beforeAll(async () => {
  server = await startDevServerProcess();
  project = E2eProject.create(STACK, server.initialAccessToken);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  project?.remove();
}, 30_000);

test(
  'the export of a deployed client comes out as stored, as env lines and as OpenID Connect settings',
  step('deploy and read', async () => {
    // given a deployed stack with a confidential service and a public SPA
    project.declare({ issuer: server.issuer, scopes: { openid: 'Sign in', [READ]: 'Read', [WRITE]: 'Write' }, clients: [service, spa] });
    expectSucceeded(await project.deploy());
    const stored = (await project.exportOf('service')) as Record<string, string>;

    // when the developer asks for the service's credentials (by construct path, then by key)
    const json = await credentials(`${STACK}/service`);
    const byKey = await credentials(`${STACK}/${project.keyOf('service')}`);

    // then they get exactly what the store holds, and the secret works at the token endpoint
    expect(json).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual({ client_id: stored.client_id, client_secret: stored.client_secret, issuer: server.issuer, token_endpoint: `${server.issuer}/token` });
    expect(byKey.stdout).toBe(json.stdout);
    const token = await clientCredentialsToken(JSON.parse(json.stdout), READ);
    expect((await verifyAccessToken(server.issuer, token.body.access_token as string)).client_id).toBe(stored.client_id);

    // and as environment lines a shell reads back unchanged
    const env = await credentials(`${STACK}/service`, '--format', 'env');
    expect(env.status).toBe(0);
    expect(env.stdout).toBe(`OAUTH_CLIENT_ID=${stored.client_id}\nOAUTH_CLIENT_SECRET=${stored.client_secret}\nOAUTH_ISSUER=${server.issuer}\nOAUTH_TOKEN_ENDPOINT=${server.issuer}/token\n`);

    // and a public client's export has no secret at all
    const spaJson = JSON.parse((await credentials(`${STACK}/spa`)).stdout);
    expect(Object.keys(spaJson).sort()).toEqual(['client_id', 'issuer', 'token_endpoint']);

    // and --format oidc gives exactly the five settings a sign-in library needs
    const oidc = await credentials(`${STACK}/spa`, '--format', 'oidc');
    expect(oidc.status).toBe(0);
    expect(JSON.parse(oidc.stdout)).toEqual({
      metadataUrl: `${server.issuer}/.well-known/openid-configuration`,
      authority: server.issuer,
      client_id: spaJson.client_id,
      scope: `openid ${READ}`,
      redirect_uri: 'http://127.0.0.1:3005/callback',
    });
    expect(oidc.stderr).toContain('redirect_uri is the first of the client');
    // which point at the provider's real metadata
    const metadata = (await (await fetch(JSON.parse(oidc.stdout).metadataUrl)).json()) as { issuer: string };
    expect(metadata.issuer).toBe(server.issuer);
  }),
  240_000,
);

test(
  '--output writes a 0600 file atomically, replacing one that was open to others',
  step('output file', async () => {
    // given a file of the same name that others may read
    const file = path.join(project.dir, 'service.env');
    fs.writeFileSync(file, 'old\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);

    // when the credentials are written to it
    const run = await credentials(`${STACK}/service`, '--format', 'env', '--output', 'service.env');

    // then it holds them, owner-only, and nothing went to stdout
    expect(run).toMatchObject({ status: 0, stdout: '' });
    expect(run.stderr).toContain(`to ${file} (mode 0600)`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe((await credentials(`${STACK}/service`, '--format', 'env')).stdout);
    // and a shell reads the secret back unchanged
    const stored = (await project.exportOf('service')) as Record<string, string>;
    const sourced = spawnSync('sh', ['-c', 'set -a; . ./service.env; printf %s "$OAUTH_CLIENT_SECRET"'], { cwd: project.dir, encoding: 'utf8' });
    expect(sourced.stdout).toBe(stored.client_secret);
    // and no temporary file is left beside it
    expect(fs.readdirSync(project.dir).filter((name) => name.includes('service.env'))).toEqual(['service.env']);
  }),
  60_000,
);

test(
  'mistakes get one clear line and the usage exit status, and never a secret',
  step('errors', async () => {
    const stored = (await project.exportOf('service')) as Record<string, string>;
    const runs: CliRun[] = [];
    const expectRun = async (args: string[], status: number, message: RegExp) => {
      const run = await credentials(...args);
      runs.push(run);
      expect(run.status).toBe(status);
      expect(run.stderr).toMatch(message);
      return run;
    };
    await expectRun([`${STACK}/nope`], 64, /stack 'e2e-creds' declares no client 'nope' \(its clients: service, spa\)/);
    await expectRun([`${STACK}/service`, '--bogus'], 64, /Unknown option '--bogus'/);
    await expectRun([`${STACK}/service`, '--format', 'yaml'], 64, /--format must be one of json, env, oidc, got 'yaml'/);
    await expectRun(['service'], 64, /expected <stack>\/<client>/);
    await expectRun([`${STACK}/service`, '--format', 'oidc'], 64, /client 'e2e-creds\/service' does not sign users in/);
    expect((await credentials('--help')).status).toBe(0);
    // (--synth reads the app afresh instead of cdktf.out, and finds the same client)
    expect((await credentials(`${STACK}/service`, '--synth')).stdout).toBe((await credentials(`${STACK}/service`)).stdout);

    // when the export is not in the store (another machine deployed it, or the store moved)
    const store = await project.store();
    await store.delete(project.exportPathOf('service'));
    try {
      await expectRun([`${STACK}/service`], 1, new RegExp(`no credentials for e2e-creds/service at '${project.exportPathOf('service')}' in file store .oauth-clients/store: .*run 'cdktf deploy e2e-creds'`));
    } finally {
      await store.put(project.exportPathOf('service'), stored);
    }
    for (const run of runs) expect(`${run.stdout}${run.stderr}`).not.toContain(stored.client_secret);
  }),
  60_000,
);
