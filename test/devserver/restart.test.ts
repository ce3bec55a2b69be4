// Stories of the development server across restarts, and of what it leaves on disk and prints:
// clients, tokens and keys survive; files are owner-only; no secret ever reaches its output.

import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { asUpdate, clientCredentials, confidentialClient, manage, registerOk, verifyAccessToken, type RegisteredClient } from './fixtures/oauth-calls';

let dataDir: string;
let server: DevServerProcess;
let client: RegisteredClient;
let tokenBeforeRestart: string;
const secretsSeen: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'devserver-restart-'));
  server = await startDevServerProcess({ dataDir });
  // given a registered client holding a token issued before the restart
  client = await registerOk(server.issuer, confidentialClient(), server.initialAccessToken);
  const answer = await clientCredentials(server.issuer, client, 'tstapp_data.read');
  tokenBeforeRestart = answer.body.access_token as string;
  secretsSeen.push(server.initialAccessToken, client.client_secret, client.registration_access_token, tokenBeforeRestart);

  // when the server is stopped and started again on the same data directory
  await server.restart();
});
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('after a restart', () => {
  it('keeps the issuer and the initial access token', async () => {
    const fresh = await registerOk(server.issuer, confidentialClient(), server.initialAccessToken);

    expect(server.initialAccessToken).toBe(secretsSeen[0]);
    expect(fresh.client_id).not.toBe(client.client_id);
    secretsSeen.push(fresh.client_secret, fresh.registration_access_token);
  });

  it('still knows the client: its secret gets tokens', async () => {
    const answer = await clientCredentials(server.issuer, client, 'tstapp_data.read');

    expect(answer.status).toBe(200);
    secretsSeen.push(answer.body.access_token as string);
  });

  it('still accepts the client’s registration access token for reads and updates', async () => {
    const read = await manage('GET', client, client.registration_access_token);
    const updated = await manage('PUT', client, client.registration_access_token, asUpdate(client, { client_name: 'Renamed after restart' }));

    expect(read.status).toBe(200);
    expect(read.body.client_id).toBe(client.client_id);
    expect(updated.status).toBe(200);
    expect(updated.body.client_name).toBe('Renamed after restart');
    secretsSeen.push(updated.body.registration_access_token as string);
  });

  it('still verifies a token issued before the restart against /jwks', async () => {
    const { payload } = await verifyAccessToken(server.issuer, tokenBeforeRestart);

    expect(payload).toMatchObject({ client_id: client.client_id, scp: ['tstapp_data.read'] });
  });
});

describe('what the server leaves on disk', () => {
  it('keeps every file owner-only (0600) and every folder 0700', async () => {
    const entries = await readdir(dataDir, { withFileTypes: true, recursive: true });

    expect(entries.length).toBeGreaterThan(5);
    for (const entry of entries) {
      const { mode } = await stat(join(entry.parentPath, entry.name));
      expect([entry.name, mode & 0o777]).toEqual([entry.name, entry.isDirectory() ? 0o700 : 0o600]);
    }
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  });

  it('describes the running server in server.json for scripts', async () => {
    const info = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'));

    expect(info).toEqual({
      issuer: server.issuer,
      port: server.port,
      pid: server.pid,
      initialAccessTokenFile: join(dataDir, 'initial-access-token'),
    });
  });

  it('refuses a second server on the same data directory while the first runs', async () => {
    await expect(startDevServerProcess({ dataDir, startTimeoutMs: 10_000 })).rejects.toThrow(/already using/);
  });
});

describe('what the server prints', () => {
  it('prints the issuer and the token file, with no secret and no oidc-provider noise', () => {
    const output = server.output();

    expect(output).toContain(`issuer: ${server.issuer}\n`);
    expect(output).toContain(`initial access token: ${join(dataDir, 'initial-access-token')}\n`);
    for (const secret of secretsSeen) {
      expect(secret.length).toBeGreaterThan(20);
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/oidc-provider (WARNING|NOTICE)/);
  });
});
