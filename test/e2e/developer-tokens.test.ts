// A developer gets tokens for deployed clients, end to end: the real `cdktf deploy` against the
// real development provider (node-oidc-provider), then the built `oauth-clients token` and
// `oauth-clients login` in the project, which read the exported credentials from the store the
// handlers wrote; `login` is driven through a real headless Chromium signing in on the provider.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { STORE_DEFAULTS } from '../../lib/model';
import { openSecretStore } from '../../lib/secrets';
import { runCli, type CliRun } from '../support/cli';
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { E2eProject, type E2eClient } from '../support/e2e-project';
import { DEV_API_AUDIENCE, verifyAccessToken } from '../support/e2e-provider';
import { launchChromium, loopbackPage, signInOnDevProvider } from '../support/browser';
import { expectSucceeded, storySteps } from '../support/e2e-story';

const READ = 'tstapp_data.read';
const WRITE = 'tstapp_data.write';
const STACK = 'e2e-tok';

const service: E2eClient = { id: 'service', clientName: 'E2E service', flows: { clientCredentials: true }, scopes: [READ, WRITE] };
// The browser clients' loopback ports are picked free when the test starts (the machine is shared).
let spa: E2eClient;
let web: E2eClient;
/** A native app: its loopback IP redirect has no port, any port may be used (RFC 8252 §7.3). */
const native: E2eClient = { id: 'native', clientName: 'E2E native app', publicClient: true, applicationType: 'native', scopes: [READ], redirectUrls: ['http://127.0.0.1/callback'] };
/** Redirects only to an https site: nothing for login to listen on. */
const portal: E2eClient = { id: 'portal', clientName: 'E2E portal', scopes: [READ], redirectUrls: ['https://portal.example.com/cb'] };

let server: DevServerProcess;
let project: E2eProject;
let stored: { client_id: string; client_secret: string };
/** Everything the commands printed, searched for secrets at the end. */
const runs: CliRun[] = [];
const step = storySteps();

async function cli(args: string[], cwd = project.dir, onStderr?: (soFar: string) => void): Promise<CliRun> {
  const run = await runCli(args, { cwd, env: project.env(), ...(onStderr ? { onStderr } : {}) });
  runs.push(run);
  return run;
}

/** Runs `login` and hands the authorization URL it prints to `signIn` while it waits. */
async function login(args: string[], signIn: (authorizationUrl: string) => Promise<unknown>): Promise<{ run: CliRun; signedIn: unknown }> {
  let signedIn: Promise<unknown> | undefined;
  const run = await cli(['login', ...args, '--no-browser', '--timeout', '60'], project.dir, (soFar) => {
    const url = /sign in to \S+:\n\n {2}(\S+)\n/.exec(soFar)?.[1];
    if (url && !signedIn) signedIn = signIn(url).catch((error: unknown) => error);
  });
  return { run, signedIn: await signedIn };
}

beforeAll(async () => {
  const [spaPort, webPort] = [await freePort(), await freePort()];
  spa = { id: 'spa', clientName: 'E2E browser app', publicClient: true, scopes: ['openid', READ], redirectUrls: [`http://127.0.0.1:${spaPort}/callback`] };
  web = { id: 'web', clientName: 'E2E web app', scopes: ['openid', READ, WRITE], redirectUrls: [`http://localhost:${webPort}/auth`] };
  server = await startDevServerProcess();
  project = E2eProject.create(STACK, server.initialAccessToken);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  project?.remove();
}, 30_000);

test(
  'a deployed service gets a token that verifies and carries exactly the scopes it asked for',
  step('token', async () => {
    // given a deployed stack
    project.declare({ issuer: server.issuer, scopes: { openid: 'Sign in', [READ]: 'Read', [WRITE]: 'Write' }, clients: [service, spa, web, native, portal] });
    expectSucceeded(await project.deploy());
    stored = (await project.exportOf('service')) as typeof stored;

    // when the developer asks for a token with one of the service's two scopes
    const run = await cli(['token', `${STACK}/service`, '--scope', READ]);

    // then the claims printed are those of a token for exactly that scope, and the expiry is said
    expect(run.status).toBe(0);
    const claims = JSON.parse(run.stdout);
    expect(claims).toMatchObject({ iss: server.issuer, client_id: stored.client_id, scope: READ, scp: [READ], aud: DEV_API_AUDIENCE });
    expect(run.stderr).toMatch(new RegExp(`verified JWT access token for ${STACK}/service \\(client_id ${stored.client_id}\\)`));
    expect(run.stderr).toMatch(/scopes: tstapp_data\.read; expires \d{4}-\d\d-\d\dT[\d:.]+Z \(in \d+ s\)/);

    // and --raw prints the token alone, which a resource server verifies independently
    const raw = await cli(['token', `${STACK}/service`, '--raw']);
    expect(raw).toMatchObject({ status: 0, stderr: '' });
    expect(raw.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verified = await verifyAccessToken(server.issuer, raw.stdout.trim());
    // (without --scope: every declared scope)
    expect([...(verified.scp as string[])].sort()).toEqual([READ, WRITE]);
    expect(verified.client_id).toBe(stored.client_id);

    // and --audience names the API as an RFC 8707 resource; one the provider does not serve is refused by it
    expect(JSON.parse((await cli(['token', `${STACK}/service`, '--audience', DEV_API_AUDIENCE])).stdout).aud).toBe(DEV_API_AUDIENCE);
    const other = await cli(['token', `${STACK}/service`, '--audience', 'urn:example:other-api']);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/the token endpoint refused \(invalid_target, HTTP 400/);
  }),
  240_000,
);

test(
  'an undeclared scope is refused before any request is sent',
  step('undeclared scope', async () => {
    // given a copy of the project whose host's issuer is a server that records every request
    const requests: string[] = [];
    const recorder = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
    const copy = await copyProjectWithIssuer(origin);
    try {
      // when a scope the client does not declare is asked for
      const refused = await cli(['token', `${STACK}/service`, '--scope', `${READ} admin`], copy);

      // then it is refused with the usage status, naming the scope, and nothing reached the issuer
      expect(refused.status).toBe(64);
      expect(refused.stderr).toContain(`--scope: 'admin' is not declared for client '${STACK}/service' (its scopes: ${READ} ${WRITE}); nothing was sent`);
      expect(requests).toEqual([]);

      // (while a declared scope does reach it: the recorder would have seen a request)
      const sent = await cli(['token', `${STACK}/service`, '--scope', READ], copy);
      expect(sent.status).toBe(1);
      expect(requests[0]).toBe('GET /.well-known/openid-configuration');
    } finally {
      await new Promise((resolve) => recorder.close(resolve));
    }

    try {
      // and with the provider down, the developer is told so
      const down = await cli(['token', `${STACK}/service`], copy);
      expect(down.status).toBe(1);
      expect(down.stderr).toContain(`oauth-clients token: cannot reach the issuer ${origin} (ECONNREFUSED): is the provider up?`);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }),
  60_000,
);

test(
  'a wrong secret gets a clear error that does not print it',
  step('wrong secret', async () => {
    // given an export whose secret the provider does not know
    const store = await project.store();
    const wrong = `wrong-${stored.client_secret.slice(0, 8)}-${Date.now()}-secret`;
    await store.put(project.exportPathOf('service'), { ...stored, client_secret: wrong });
    try {
      // when a token is asked for
      const run = await cli(['token', `${STACK}/service`]);

      // then the provider's refusal is explained, naming the client and where its export is
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('the token endpoint refused (invalid_client, HTTP 401');
      expect(run.stderr).toContain(`does not accept the credentials exported for ${STACK}/service (client_id ${stored.client_id}, '${project.exportPathOf('service')}' in file store .oauth-clients/store)`);
      // and the secret is nowhere in what was printed, in any spelling
      expect(spellings(wrong).filter((s) => run.stderr.includes(s))).toEqual([]);
    } finally {
      await store.put(project.exportPathOf('service'), stored);
    }
  }),
  60_000,
);

test(
  'clients that cannot get a client-credentials token, and options the host cannot honour, are told what to do',
  step('refusals', async () => {
    const spaRun = await cli(['token', `${STACK}/spa`]);
    expect(spaRun.status).toBe(64);
    expect(spaRun.stderr).toContain(`${STACK}/spa is a public client: it holds no secret, so it cannot get a client-credentials token (RFC 6749 §4.4). Sign in as a user instead: oauth-clients login ${STACK}/spa`);

    const webRun = await cli(['token', `${STACK}/web`]);
    expect(webRun.status).toBe(64);
    expect(webRun.stderr).toContain(`is not declared with the client-credentials flow (grant types: authorization_code)`);

    const mint = await cli(['token', `${STACK}/service`, '--user-id', 'alice', '--claim', 'tier=gold']);
    expect(mint.status).toBe(64);
    expect(mint.stderr).toContain(`--user-id, --claim: host 'e2e-dev' (rfc7591) cannot mint test tokens`);

    expect((await cli(['token', `${STACK}/service`, '--scopes', READ])).status).toBe(64);
    expect((await cli(['token', '--help'])).status).toBe(0);
  }),
  60_000,
);

test(
  'login signs a user in through a real browser, for a public and a confidential client',
  step('login', async () => {
    const browser = await launchChromium();
    try {
      for (const client of [spa, web]) {
        const ids = (await project.exportOf(client.id)) as { client_id: string };
        const redirect = client.redirectUrls![0];
        // when the developer runs login and signs in as alice on the provider's pages in the browser
        const { run, signedIn } = await login([`${STACK}/${client.id}`], (url) => loopbackPage(browser).then((page) => signInOnDevProvider(page, url, 'alice', (at) => at.startsWith(`${redirect}?`))));

        // then the browser was sent to the client's loopback redirect, where the listener answered
        expect(signedIn).toContain('Signed in. You can close this window');
        // and the code was exchanged (with the PKCE verifier) for tokens whose verified claims are printed
        expect(run.status).toBe(0);
        const { id_token: idToken, access_token: accessToken } = JSON.parse(run.stdout);
        expect(idToken).toMatchObject({ iss: server.issuer, sub: 'alice', aud: ids.client_id, nonce: expect.any(String) });
        expect(accessToken).toMatchObject({ iss: server.issuer, sub: 'alice', client_id: ids.client_id, aud: DEV_API_AUDIENCE });
        // and the access token holds the client's declared API scopes
        expect([...(accessToken.scp as string[])].sort()).toEqual(client.scopes.filter((scope) => scope !== 'openid'));
        expect(run.stderr).toMatch(new RegExp(`signed in with ${STACK}/${client.id} \\(client_id ${ids.client_id}\\) as 'alice'`));
        // and the URL the user opens asked for PKCE S256 and the client's registered redirect
        const asked = new URL(/sign in to \S+:\n\n {2}(\S+)\n/.exec(run.stderr)![1]).searchParams;
        expect(asked.get('code_challenge_method')).toBe('S256');
        expect(asked.get('redirect_uri')).toBe(redirect);
      }

      // and a native app's loopback IP redirect takes whatever port is free (RFC 8252 §7.3)
      const { run } = await login([`${STACK}/native`], (url) => loopbackPage(browser).then((page) => signInOnDevProvider(page, url, 'bob', (at) => /^http:\/\/127\.0\.0\.1:\d+\/callback\?/.test(at))));
      expect(run.status).toBe(0);
      const used = new URL(new URL(/sign in to \S+:\n\n {2}(\S+)\n/.exec(run.stderr)![1]).searchParams.get('redirect_uri')!);
      expect(used.port).not.toBe('');
      expect(used.pathname).toBe('/callback');
      expect(JSON.parse(run.stdout).access_token).toMatchObject({ sub: 'bob', scp: [READ] });
    } finally {
      await browser.close();
    }
  }),
  180_000,
);

test(
  'a redirect whose state is not the login\'s is refused',
  step('state mismatch', async () => {
    // when a redirect with a code but another state reaches the listener (a forged or stale one)
    let answered: Response | undefined;
    const { run } = await login([`${STACK}/spa`], async (url) => {
      const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
      redirect.searchParams.set('code', 'attacker-code');
      redirect.searchParams.set('state', 'not-the-state-of-this-login');
      answered = await fetch(redirect);
    });

    // then the browser is told, and the login fails without exchanging the code
    expect(answered?.status).toBe(400);
    expect(await answered?.text()).toContain('state does not match');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("oauth-clients login: the authorization response's state does not match this login's (a forged or stale redirect): refused");
  }),
  60_000,
);

test(
  'login explains what a client needs when it cannot sign users in',
  step('login refusals', async () => {
    const serviceRun = await cli(['login', `${STACK}/service`]);
    expect(serviceRun.status).toBe(64);
    expect(serviceRun.stderr).toContain(`does not sign users in (grant types: client_credentials): get a token as the client itself with: oauth-clients token ${STACK}/service`);

    const portalRun = await cli(['login', `${STACK}/portal`]);
    expect(portalRun.status).toBe(64);
    expect(portalRun.stderr).toContain(`has no loopback redirect URL for login to listen on (RFC 8252 §7.3; its redirect URLs: https://portal.example.com/cb): add one to its redirectUrls on this development host, e.g. RedirectUrl.loopback(8765`);

    expect((await cli(['login', `${STACK}/spa`, '--scope', WRITE])).stderr).toContain(`--scope: '${WRITE}' is not declared for client '${STACK}/spa'`);
    expect((await cli(['login', `${STACK}/spa`, '--browser'])).status).toBe(64);
  }),
  60_000,
);

test('no token or login command ever printed the client secret', () => {
  const printed = runs.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
  expect(spellings(stored.client_secret).filter((s) => printed.includes(s))).toEqual([]);
});

/** A secret as it could leak: raw, JSON-escaped, URL-encoded, and inside HTTP Basic credentials. */
function spellings(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), Buffer.from(`${stored.client_id}:${secret}`).toString('base64')];
}

/** The project's cdktf.json, synthesized output and store, with the host's issuer replaced in the declaration and the export. */
async function copyProjectWithIssuer(issuer: string): Promise<string> {
  const copy = fs.mkdtempSync(path.join(path.dirname(project.dir), 'oac-e2e-copy-'));
  fs.cpSync(path.join(project.dir, 'cdktf.json'), path.join(copy, 'cdktf.json'));
  fs.cpSync(path.join(project.dir, '.oauth-clients', 'store'), path.join(copy, '.oauth-clients', 'store'), { recursive: true });
  const stackJson = path.join('cdktf.out', 'stacks', STACK, 'cdk.tf.json');
  fs.mkdirSync(path.dirname(path.join(copy, stackJson)), { recursive: true });
  fs.writeFileSync(path.join(copy, stackJson), fs.readFileSync(path.join(project.dir, stackJson), 'utf8').split(server.issuer).join(issuer));
  const store = await openSecretStore({ kind: 'file', directory: STORE_DEFAULTS.fileDirectory, keyEnv: STORE_DEFAULTS.fileKeyEnv }, { projectRoot: copy, env: {} });
  await store.put(project.exportPathOf('service'), { ...stored, issuer, token_endpoint: `${issuer}/token` });
  return copy;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
