// What the Hydra and Keycloak adapters must get right beyond the shared conformance suite, against
// their fakes (test/providers/fakes; no such server can run here): every declarable field reaches
// the provider in its own vocabulary and reads back equal; an update never touches the secret nor
// a field an operator set that the declaration does not own; bad admin credentials are named.
import { HttpClient, Redactor } from '../../lib/http';
import type { ClientSpec } from '../../lib/model';
import { HydraAdapter, KeycloakAdapter, ProviderError } from '../../lib/providers';
import type { HostProps } from '../../lib';
import { clientSpec } from '../support/handler';
import { HydraFake } from './fakes/hydra-fake';
import { KeycloakFake } from './fakes/keycloak-fake';

const http = new HttpClient({ redactor: new Redactor(), retry: { baseDelayMs: 10 } });
afterAll(() => http.close());

/** A web client using every field the declaration has, minus `drop` (what the API cannot store). */
function richSpec(host: Partial<HostProps>, drop: { customClaims?: boolean; contacts?: boolean } = {}): ClientSpec {
  return clientSpec('http://127.0.0.1:1', {
    id: 'web',
    clientName: 'Web app',
    description: 'The storefront',
    flows: { authorizationCode: true, refreshToken: true },
    redirectUrls: ['https://shop.example.com/cb'],
    postLogoutRedirectUrls: ['https://shop.example.com/bye'],
    policyUrl: 'https://shop.example.com/privacy',
    termsOfServiceUrl: 'https://shop.example.com/terms',
    logoUrl: 'https://shop.example.com/logo.png',
    ...(drop.contacts ? {} : { contacts: ['team@example.com'] }),
    accessTokenLifetimeSeconds: 900,
    ...(drop.customClaims ? {} : { customClaims: { tenant: 'eu', tier: 2 } }),
    host,
  });
}

const reported = (spec: ClientSpec, fields: Record<string, unknown>) => Object.fromEntries(Object.keys(fields).map((k) => [k, (spec as unknown as Record<string, unknown>)[k]]));

describe('Hydra', () => {
  let fake: HydraFake;
  beforeAll(async () => {
    fake = await new HydraFake().start();
  });
  afterAll(() => fake.stop());

  test('every field in Hydra vocabulary, read back equal; an update sends no secret and keeps what an operator set (skip_consent, metadata)', async () => {
    const spec = richSpec({ issuer: fake.origin, flavour: 'hydra', adminUrl: fake.origin, settings: { audience: 'https://api.example.com https://billing.example.com' } }, { customClaims: true });
    const adapter = new HydraAdapter({ http, host: spec.host });
    const created = await adapter.create(spec);
    const stored = fake.clients.get(created.clientId)!;
    expect(stored).toMatchObject({
      scope: 'tstapp_data.read',
      audience: ['https://api.example.com', 'https://billing.example.com'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      client_credentials_grant_access_token_lifespan: '900s',
      skip_consent: false,
    });
    const observed = await adapter.observe(spec, created.clientId);
    if (observed === 'gone') throw new Error('gone');
    expect(observed.fields).toEqual(reported(spec, observed.fields));
    expect(Object.keys(observed.fields)).toEqual(expect.arrayContaining(['policyUrl', 'termsOfServiceUrl', 'logoUrl', 'contacts', 'accessTokenLifetimeSeconds', 'postLogoutRedirectUrls']));

    // an operator turns consent off and adds metadata by hand; the declaration changes its name and drops the logo
    stored.skip_consent = true;
    stored.metadata = { owner: 'shop team' };
    const secret = stored.client_secret;
    const { logoUrl: _logo, ...withoutLogo } = spec;
    const changed: ClientSpec = { ...withoutLogo, clientName: 'Web app v2' };
    await adapter.update(changed, created.clientId);
    expect(fake.clients.get(created.clientId)).toMatchObject({ client_name: 'Web app v2', logo_uri: '', skip_consent: true, metadata: { owner: 'shop team' }, client_secret: secret });
    const patches = fake.server.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
  });

  test('rotateSecret replaces the secret the provider checks with a new one', async () => {
    const spec = clientSpec('http://127.0.0.1:1', { id: 'rotating', host: { issuer: fake.origin, flavour: 'hydra', adminUrl: fake.origin } });
    const adapter = new HydraAdapter({ http, host: spec.host });
    const created = await adapter.create(spec);
    const rotated = await adapter.rotateSecret(spec, created.clientId, created.handle);
    expect(rotated.clientSecret).not.toBe(created.clientSecret);
    expect(fake.clients.get(created.clientId)?.client_secret).toBe(rotated.clientSecret);
  });
});

describe('Keycloak', () => {
  let fake: KeycloakFake;
  beforeAll(async () => {
    fake = await new KeycloakFake('shop').start();
  });
  afterAll(() => fake.stop());

  const host = () => ({ issuer: `${fake.origin}/realms/shop`, flavour: 'keycloak' as const, adminUrl: fake.origin, settings: { realm: 'shop' }, credentials: { clientId: 'KC_ID', clientSecret: 'KC_SECRET' } });

  test('flows as booleans, PKCE S256 and consent URLs as attributes, scopes made and attached, claims as hardcoded-claim mappers; read back equal', async () => {
    const spec = richSpec(host(), { contacts: true });
    expect(fake.scopeNames('shop')).not.toContain('tstapp_data.read');
    const adapter = new KeycloakAdapter({ http, host: spec.host, adminClient: () => fake.admin });
    const created = await adapter.create(spec);
    const [stored] = fake.clientsOf('shop');
    expect(stored).toMatchObject({
      clientId: created.clientId, standardFlowEnabled: true, serviceAccountsEnabled: false, implicitFlowEnabled: false, directAccessGrantsEnabled: false,
      attributes: expect.objectContaining({ 'pkce.code.challenge.method': 'S256', policyUri: 'https://shop.example.com/privacy', tosUri: 'https://shop.example.com/terms', logoUri: 'https://shop.example.com/logo.png', 'post.logout.redirect.uris': 'https://shop.example.com/bye', 'use.refresh.tokens': 'true', 'access.token.lifespan': '900' }),
      optionalClientScopes: ['tstapp_data.read'],
    });
    expect(fake.scopeNames('shop')).toContain('tstapp_data.read');
    expect(stored.protocolMappers.map((m) => [m.protocolMapper, (m.config as Record<string, string>)['claim.name']])).toEqual([
      ['oidc-hardcoded-claim-mapper', 'tenant'],
      ['oidc-hardcoded-claim-mapper', 'tier'],
    ]);
    expect(created.clientSecret).toBe(stored.secret);
    const observed = await adapter.observe(spec, created.clientId, created.handle);
    if (observed === 'gone') throw new Error('gone');
    expect(observed.fields).toEqual(reported(spec, observed.fields));

    // a mapper added by hand survives an update that changes a claim and swaps the scope
    stored.protocolMappers.push({ id: 'by-hand', name: 'audience by hand', protocolMapper: 'oidc-audience-mapper', config: {} });
    const changed: ClientSpec = { ...spec, customClaims: { tenant: 'us' }, scopes: ['tstapp_data.write'] };
    await adapter.update(changed, created.clientId, created.handle);
    const after = fake.clientsOf('shop')[0];
    expect(after.protocolMappers.map((m) => m.name).sort()).toEqual(['audience by hand', 'oauth-clients claim tenant']);
    expect(after.optionalClientScopes).toEqual(['tstapp_data.write']);
    expect(after.secret).toBe(created.clientSecret);
    const again = await adapter.observe(changed, created.clientId, created.handle);
    expect(again).not.toBe('gone');
    if (again !== 'gone') expect(again.fields).toEqual(reported(changed, again.fields));
  });

  test('wrong admin credentials fail before anything is created, naming the realm', async () => {
    const spec = clientSpec('http://127.0.0.1:1', { id: 'denied', host: host() });
    const adapter = new KeycloakAdapter({ http, host: spec.host, adminClient: () => ({ clientId: fake.admin.clientId, clientSecret: 'wrong' }) });
    const failure = await adapter.prepareCreate().then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(String((failure as Error).message)).toContain('realm shop refused the admin client');
  });
});
