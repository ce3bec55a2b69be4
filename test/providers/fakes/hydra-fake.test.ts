// The Hydra fake against the examples recorded in shared/provider-apis/hydra-keycloak.md §A.6
// (shapes from ory/hydra client/.snapshots), so the conformance suite tests the adapter against
// Hydra's documented behaviour and not against the fake's own ideas.
import { HydraFake } from './hydra-fake';

let fake: HydraFake;
beforeAll(async () => {
  fake = await new HydraFake().start();
});
afterAll(() => fake.stop());

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${fake.origin}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
};

test('§A.6 create: 201 with Location, the secret in this answer only, and the validator defaults', async () => {
  const created = await call('POST', '/admin/clients', {
    client_id: 'billing', client_secret: 'averylongsecret', redirect_uris: ['http://localhost:3000/cb'],
    grant_types: ['authorization_code', 'refresh_token'], scope: 'openid offline', audience: ['https://api'],
  });
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toBe('/admin/clients/billing');
  expect(created.body).toMatchObject({
    client_id: 'billing', client_secret: 'averylongsecret', scope: 'openid offline', token_endpoint_auth_method: 'client_secret_basic',
    subject_type: 'public', userinfo_signed_response_alg: 'none', metadata: {}, skip_consent: false, skip_logout_consent: null,
    client_credentials_grant_access_token_lifespan: null,
  });
  const read = await call('GET', '/admin/clients/billing');
  expect(read.status).toBe(200);
  expect(read.body).not.toHaveProperty('client_secret');
});

test('§A.3 PUT replaces: an omitted scope falls back to the default, an omitted secret is kept (and not echoed)', async () => {
  await call('POST', '/admin/clients', { client_id: 'put-me', client_secret: 'keepthissecret', scope: 'a b', grant_types: ['client_credentials'] });
  const put = await call('PUT', '/admin/clients/put-me', { client_name: 'renamed', grant_types: ['client_credentials'] });
  expect(put.status).toBe(200);
  expect(put.body).toMatchObject({ client_name: 'renamed', scope: 'offline_access offline openid' });
  expect(put.body).not.toHaveProperty('client_secret');
  expect(fake.clients.get('put-me')?.client_secret).toBe('keepthissecret');
});

test('§A.3 PATCH replaces only the named path and keeps the secret; a patched secret is echoed once', async () => {
  await call('POST', '/admin/clients', { client_id: 'patch-me', client_secret: 'keepthissecret', scope: 'a b' });
  const renamed = await call('PATCH', '/admin/clients/patch-me', [{ op: 'replace', path: '/client_name', value: 'Billing' }]);
  expect(renamed.body).toMatchObject({ client_name: 'Billing', scope: 'a b' });
  expect(renamed.body).not.toHaveProperty('client_secret');
  const rotated = await call('PATCH', '/admin/clients/patch-me', [{ op: 'replace', path: '/client_secret', value: 'anothersecret' }]);
  expect(rotated.body).toMatchObject({ client_secret: 'anothersecret' });
  expect((await call('PATCH', '/admin/clients/patch-me', [{ op: 'move', from: '/a', path: '/b' }])).status).toBe(500);
});

test('§A.5 errors: duplicate id 409, unknown id 404, short secret and fragment 400, each as {error, error_description}', async () => {
  await call('POST', '/admin/clients', { client_id: 'dup' });
  expect(await call('POST', '/admin/clients', { client_id: 'dup' })).toMatchObject({ status: 409, body: { error: expect.stringContaining('exists already') } });
  expect(await call('GET', '/admin/clients/nope')).toMatchObject({ status: 404, body: { error: 'Unable to locate the resource', error_description: '' } });
  expect(await call('DELETE', '/admin/clients/nope')).toMatchObject({ status: 404 });
  expect(await call('POST', '/admin/clients', { client_secret: 'short' })).toMatchObject({ status: 400, body: { error: 'invalid_client_metadata' } });
  expect(await call('POST', '/admin/clients', { redirect_uris: ['https://a/cb#x'] })).toMatchObject({ status: 400, body: { error: 'invalid_redirect_uri' } });
  expect(await call('DELETE', '/admin/clients/dup')).toMatchObject({ status: 204, body: undefined });
});

test('§A.4 listing: pages of page_size, the next page only in Link rel="next", absent on the last page', async () => {
  for (const id of ['page-a', 'page-b', 'page-c']) await call('POST', '/admin/clients', { client_id: id, client_name: 'paged' });
  const first = await call('GET', '/admin/clients?page_size=2&client_name=paged');
  expect(first.body.map((c: { client_id: string }) => c.client_id)).toEqual(['page-a', 'page-b']);
  const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
  expect(first.headers.get('link')).toContain('rel="first"');
  const second = await call('GET', `${next}&client_name=paged`);
  expect(second.body.map((c: { client_id: string }) => c.client_id)).toEqual(['page-c']);
  expect(second.headers.get('link')).not.toContain('rel="next"');
  expect(first.headers.get('x-total-count')).toBeNull();
});
