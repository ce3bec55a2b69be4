// The light-portal fake against the examples recorded in shared/provider-apis/light-portal.md §B3
// (JSON-RPC create, legacy-envelope getClient, delete) and §B1/§D (envelopes, Status errors, lag).
import { LightPortalFake } from './light-portal-fake';

let fake: LightPortalFake;
beforeAll(async () => {
  fake = await new LightPortalFake().start();
});
afterAll(() => fake.stop());

const command = async (method: string, params: Record<string, unknown>, token = fake.adminToken) => {
  const response = await fetch(`${fake.origin}/portal/command`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: `lightapi.net/oauth/${method}/0.1.0`, id: '3f1c', params }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};
const query = async (action: string, data: Record<string, unknown>) => {
  const cmd = JSON.stringify({ host: 'lightapi.net', service: 'oauth', action, version: '0.1.0', data });
  const response = await fetch(`${fake.origin}/portal/query?cmd=${encodeURIComponent(cmd)}`, { headers: { authorization: `Bearer ${fake.adminToken}` } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

const petstore = () => ({
  hostId: fake.hostId, providerId: fake.providerId, appId: 'petstore', clientName: 'petstore-web', clientType: 'confidential', clientProfile: 'webserver',
  clientScope: 'petstore.r petstore.w', customClaim: '{"c1":"361"}', redirectUri: 'https://petstore.example.com/authorization',
});

test('§B3 create (JSON-RPC): the result echoes the fields with the new clientId and the secret shown once; the read model lags one query', async () => {
  const created = await command('createClient', petstore());
  expect(created).toMatchObject({ status: 200, body: { jsonrpc: '2.0', id: '3f1c', result: { ...petstore(), clientId: expect.any(String), clientSecret: expect.any(String), newAggregateVersion: 1 } } });
  const clientId = created.body.result.clientId as string;
  expect(await query('getClientById', { hostId: fake.hostId, clientId })).toMatchObject({ status: 404, body: { code: 'ERR11637' } });
  const read = await query('getClientById', { hostId: fake.hostId, clientId });
  expect(read).toMatchObject({ status: 200, body: { clientId, clientName: 'petstore-web', aggregateVersion: 1, active: true } });
  expect(read.body).not.toHaveProperty('clientSecret');
  const listed = await query('getClient', { hostId: fake.hostId, offset: 0, limit: 10, sorting: '[]', filters: '[]', globalFilter: 'petstore-web', active: true });
  expect(listed.body).toMatchObject({ total: 1, clients: [{ clientId, clientScope: 'petstore.r petstore.w', aggregateVersion: 1, active: true }] });

  // §B3 delete with the aggregate version: a soft delete; a stale version fails
  expect(await command('deleteClient', { hostId: fake.hostId, clientId, aggregateVersion: 7 })).toMatchObject({ status: 409, body: { jsonrpc: '2.0', error: { code: 409, data: { code: 'ERR11645' } } } });
  expect(await command('deleteClient', { hostId: fake.hostId, clientId, aggregateVersion: 1 })).toMatchObject({ status: 200, body: { result: { newAggregateVersion: 2 } } });
  await query('getClientById', { hostId: fake.hostId, clientId });
  expect(await query('getClientById', { hostId: fake.hostId, clientId })).toMatchObject({ body: { active: false, aggregateVersion: 2 } });
});

test('§B1/§D errors: schema before token as a plain Status (ERR11004), then a wrong token 401 ERR10000', async () => {
  const tooLong = { ...petstore(), redirectUri: `https://x/${'a'.repeat(1100)}` };
  expect(await command('createClient', tooLong, 'wrong')).toMatchObject({ status: 400, body: { statusCode: 400, code: 'ERR11004', description: expect.stringContaining('$.redirectUri') } });
  expect(await command('createClient', petstore(), 'wrong')).toMatchObject({ status: 401, body: { code: 'ERR10000' } });
  expect(await command('createClient', { ...petstore(), appId: undefined })).toMatchObject({ status: 400, body: { code: 'ERR11004' } });
});

test('§B3 regenerateClientSecret: a new secret once; the old one fails at the token endpoint (§C ERR12007)', async () => {
  const created = (await command('createClient', { ...petstore(), clientProfile: 'service', redirectUri: undefined })).body.result;
  const regenerated = await command('regenerateClientSecret', { hostId: fake.hostId, clientId: created.clientId, aggregateVersion: 1 });
  expect(regenerated.body.result).toMatchObject({ clientId: created.clientId, clientSecret: expect.any(String), aggregateVersion: 2 });
  const token = (secret: string) =>
    fetch(`${fake.origin}/oauth2/${fake.providerId}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${created.clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=petstore.r',
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  expect(await token(created.clientSecret)).toMatchObject({ status: 401, body: { code: 'ERR12007' } });
  expect(await token(regenerated.body.result.clientSecret)).toMatchObject({ status: 200, body: { token_type: 'bearer', expires_in: 600 } });
});
