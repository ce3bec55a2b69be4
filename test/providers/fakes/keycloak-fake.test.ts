// The Keycloak fake against the examples recorded in shared/provider-apis/hydra-keycloak.md §B.6
// (and the error families of §B.5), so the conformance suite tests the adapter against Keycloak's
// documented behaviour and not against the fake's own ideas.
import { KeycloakFake } from './keycloak-fake';

let fake: KeycloakFake;
let token: string;
beforeAll(async () => {
  fake = await new KeycloakFake('demo').start();
  const basic = Buffer.from(`${fake.admin.clientId}:${fake.admin.clientSecret}`).toString('base64');
  const answer = await fetch(`${fake.origin}/realms/demo/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  token = ((await answer.json()) as { access_token: string }).access_token;
});
afterAll(() => fake.stop());

const call = async (method: string, path: string, body?: unknown, bearer = token) => {
  const response = await fetch(`${fake.origin}/admin/realms/demo${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
};

test('§B.1 a wrong admin token is 401 {"error":"HTTP 401 Unauthorized"}; an ordinary client token is 403', async () => {
  expect(await call('GET', '/clients', undefined, 'garbage')).toMatchObject({ status: 401, body: { error: 'HTTP 401 Unauthorized' } });
  await call('POST', '/clients', { clientId: 'svc', serviceAccountsEnabled: true, secret: 'svc-secret-123' });
  const basic = Buffer.from('svc:svc-secret-123').toString('base64');
  const answer = await fetch(`${fake.origin}/realms/demo/protocol/openid-connect/token`, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
  const plain = ((await answer.json()) as { access_token: string }).access_token;
  expect(await call('GET', '/clients', undefined, plain)).toMatchObject({ status: 403, body: { error: 'HTTP 403 Forbidden' } });
});

test('§B.6 create: 201 with an absolute Location and no body; the secret readable by GET and regenerable; duplicate 409 errorMessage', async () => {
  const created = await call('POST', '/clients', {
    clientId: 'billing', name: 'Billing', publicClient: false, standardFlowEnabled: true, serviceAccountsEnabled: true,
    redirectUris: ['https://app/cb'], webOrigins: ['+'], attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': 'https://app/bye##https://app/' },
  });
  expect(created.status).toBe(201);
  expect(created.text).toBe('');
  expect(created.headers.get('content-type')).toBeNull();
  const location = created.headers.get('location') ?? '';
  expect(location).toMatch(new RegExp(`^${fake.origin}/admin/realms/demo/clients/[0-9a-f-]{36}$`));
  const id = location.split('/').pop();
  const [listed] = (await call('GET', '/clients?clientId=billing')).body;
  expect(listed).toMatchObject({ id, clientId: 'billing', secret: expect.any(String), defaultClientScopes: expect.arrayContaining(['profile', 'email']) });
  const regenerated = await call('POST', `/clients/${id}/client-secret`);
  expect(regenerated.body).toEqual({ type: 'secret', value: expect.any(String) });
  expect(regenerated.body.value).not.toBe(listed.secret);
  expect(await call('POST', '/clients', { clientId: 'billing' })).toMatchObject({ status: 409, body: { errorMessage: 'Client billing already exists' } });
});

test('§B.4 PUT merges: an omitted property is kept, attributes merge key by key, scope lists in the body are ignored', async () => {
  await call('POST', '/clients', { clientId: 'merge', name: 'Merge', description: 'kept', attributes: { a: '1', b: '2' } });
  const [client] = (await call('GET', '/clients?clientId=merge')).body;
  expect((await call('PUT', `/clients/${client.id}`, { name: 'Merge v2', attributes: { b: '3' }, optionalClientScopes: [] })).status).toBe(204);
  const after = (await call('GET', `/clients/${client.id}`)).body;
  expect(after).toMatchObject({ name: 'Merge v2', description: 'kept', attributes: { a: '1', b: '3' }, optionalClientScopes: client.optionalClientScopes });
});

test('§B.5 errors: fragment 400 invalid_input, unknown id 404 bare error, scope 409 errorMessage', async () => {
  expect(await call('POST', '/clients', { clientId: 'frag', redirectUris: ['https://app/cb#x'] })).toMatchObject({ status: 400, body: { error: 'invalid_input', error_description: 'Redirect URIs must not contain an URI fragment' } });
  expect(await call('GET', '/clients/00000000-0000-0000-0000-000000000000')).toMatchObject({ status: 404, body: { error: 'Could not find client' } });
  expect(await call('POST', '/client-scopes', { name: 'profile' })).toMatchObject({ status: 409, body: { errorMessage: 'Client Scope profile already exists' } });
});
