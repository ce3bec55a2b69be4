// The development server's admin routes (lib/devserver/admin-routes.ts): what RFC 7591/7592 cannot
// give a developer — a listing of the clients, and a new registration access token for a client
// whose token was lost. Against the real server process; authorized by the initial access token.
import { startDevServerProcess, type DevServerProcess } from '../support/devserver';

let server: DevServerProcess;
let plain: DevServerProcess;

beforeAll(async () => {
  [server, plain] = await Promise.all([startDevServerProcess(), startDevServerProcess({ admin: false })]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), plain?.stop()]);
});

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function register(name: string): Promise<{ client_id: string; registration_client_uri: string; registration_access_token: string }> {
  const answer = await call(`${server.issuer}/reg`, {
    method: 'POST',
    headers: { ...bearer(server.initialAccessToken), 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: name, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'tstapp_data.read' }),
  });
  expect(answer.status).toBe(201);
  return answer.body as never;
}

test('the discovery document names the admin endpoint, and a server started with --no-admin has none', async () => {
  expect((await call(`${server.issuer}/.well-known/openid-configuration`)).body.oauth_clients_dev_admin_endpoint).toBe(`${server.issuer}/dev-admin`);
  expect((await call(`${plain.issuer}/.well-known/openid-configuration`)).body).not.toHaveProperty('oauth_clients_dev_admin_endpoint');
  expect((await call(`${plain.issuer}/dev-admin/clients`, { headers: bearer(plain.initialAccessToken) })).status).toBe(404);
});

test('the listing names every client by id and name, and never holds a secret', async () => {
  const a = await register('Admin listing A');
  const b = await register('Admin listing B');

  const answer = await call(`${server.issuer}/dev-admin/clients`, { headers: bearer(server.initialAccessToken) });

  expect(answer.status).toBe(200);
  const clients = answer.body.clients as { client_id: string; client_name: string }[];
  expect(clients).toEqual(expect.arrayContaining([{ client_id: a.client_id, client_name: 'Admin listing A' }, { client_id: b.client_id, client_name: 'Admin listing B' }]));
  expect(JSON.stringify(answer.body)).not.toMatch(/secret|registration_access_token/);
});

test('a re-issued registration access token manages the client, and every earlier one is dead', async () => {
  const client = await register('Admin reissue');

  const answer = await call(`${server.issuer}/dev-admin/clients/${client.client_id}/registration-access-token`, { method: 'POST', headers: bearer(server.initialAccessToken) });

  expect(answer.status).toBe(201);
  expect(answer.body).toMatchObject({ client_id: client.client_id, registration_client_uri: client.registration_client_uri });
  const renewed = answer.body.registration_access_token as string;
  expect(renewed).not.toBe(client.registration_access_token);
  expect((await call(client.registration_client_uri, { headers: bearer(renewed) })).status).toBe(200);
  expect((await call(client.registration_client_uri, { headers: bearer(client.registration_access_token) })).status).toBe(401);
});

test('without an initial access token, or with a registration access token, the admin routes refuse', async () => {
  const client = await register('Admin refused');
  expect((await call(`${server.issuer}/dev-admin/clients`)).status).toBe(401);
  const withRat = await call(`${server.issuer}/dev-admin/clients/${client.client_id}/registration-access-token`, { method: 'POST', headers: bearer(client.registration_access_token) });
  expect(withRat.status).toBe(401);
  // and the client's own token still works: nothing was re-issued
  expect((await call(client.registration_client_uri, { headers: bearer(client.registration_access_token) })).status).toBe(200);
  expect((await call(`${server.issuer}/dev-admin/clients/unknown-client/registration-access-token`, { method: 'POST', headers: bearer(server.initialAccessToken) })).status).toBe(404);
});

test('a client deleted through the admin route is gone: its token endpoint and its registration refuse it', async () => {
  const client = await register('Admin delete');

  const answer = await call(`${server.issuer}/dev-admin/clients/${client.client_id}`, { method: 'DELETE', headers: bearer(server.initialAccessToken) });

  expect(answer.status).toBe(204);
  expect((await call(client.registration_client_uri, { headers: bearer(client.registration_access_token) })).status).toBe(401);
  const listed = (await call(`${server.issuer}/dev-admin/clients`, { headers: bearer(server.initialAccessToken) })).body.clients as { client_id: string }[];
  expect(listed.map((c) => c.client_id)).not.toContain(client.client_id);
});
