// The mapping ClientSpec → RFC 7591 §2 client metadata, field by field. It is what every register
// and every RFC 7592 PUT sends (PUT replaces the whole client), so an omitted or wrong field here
// is a silently wrong client at the provider.
import { parseClientSpec, type ClientSpec } from '../../lib/model';
import { toClientMetadata } from '../../lib/providers/rfc7591/client-metadata';
import { SENSITIVE_FIELDS } from '../../lib/http/redactor';

/** A confidential service client, valid by the same schema and rules the handler applies. */
function spec(overrides: Record<string, unknown> = {}): ClientSpec {
  return parseClientSpec(
    {
      specVersion: 1,
      key: 'team-stack/orders',
      stack: 'team-stack',
      host: {
        name: 'dev',
        issuer: 'http://127.0.0.1:9400',
        flavour: 'rfc7591',
        environment: 'development',
        credentials: { initialAccessToken: 'AUTH_DEV_IAT' },
        store: { kind: 'file' },
      },
      clientName: 'Orders service',
      description: 'Reads orders for the nightly export',
      grantTypes: ['client_credentials'],
      requirePkce: true,
      publicClient: false,
      tokenEndpointAuthMethod: 'client_secret_basic',
      applicationType: 'web',
      scopes: ['tstapp_data.read'],
      redirectUrls: [],
      postLogoutRedirectUrls: [],
      contacts: [],
      customClaims: {},
      removalPolicy: 'retain',
      secretExport: { path: 'dev/team-stack/orders' },
      ...overrides,
    },
    'test spec',
  );
}

/** An authorization-code web app with every optional field set. */
const webApp = (overrides: Record<string, unknown> = {}) =>
  spec({
    clientName: 'Orders web',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['tstapp_data.write', 'tstapp_data.read'],
    redirectUrls: ['https://app.tstapp.test/cb', 'http://127.0.0.1:5173/cb'],
    postLogoutRedirectUrls: ['https://app.tstapp.test/bye'],
    policyUrl: 'https://app.tstapp.test/privacy',
    termsOfServiceUrl: 'https://app.tstapp.test/terms',
    logoUrl: 'https://app.tstapp.test/logo.png',
    contacts: ['oncall@tstapp.test', 'owner@tstapp.test'],
    ...overrides,
  });

describe('toClientMetadata', () => {
  test('maps a client-credentials service to exactly the RFC 7591 fields, nothing more', () => {
    expect(toClientMetadata(spec())).toEqual({
      client_name: 'Orders service',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      post_logout_redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: 'web',
      scope: 'tstapp_data.read',
      contacts: [],
    });
  });

  test('maps a web app with every optional field to exactly the RFC 7591 fields', () => {
    expect(toClientMetadata(webApp())).toEqual({
      client_name: 'Orders web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1:5173/cb', 'https://app.tstapp.test/cb'],
      post_logout_redirect_uris: ['https://app.tstapp.test/bye'],
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: 'web',
      scope: 'tstapp_data.read tstapp_data.write',
      contacts: ['oncall@tstapp.test', 'owner@tstapp.test'],
      policy_uri: 'https://app.tstapp.test/privacy',
      tos_uri: 'https://app.tstapp.test/terms',
      logo_uri: 'https://app.tstapp.test/logo.png',
    });
  });

  test('client_name is the declared name, verbatim', () => {
    expect(toClientMetadata(spec({ clientName: 'Orders — exports (ü)' })).client_name).toBe('Orders — exports (ü)');
  });

  test('grant_types are the declared grants', () => {
    expect(toClientMetadata(spec()).grant_types).toEqual(['client_credentials']);
    expect(toClientMetadata(webApp()).grant_types).toEqual(['authorization_code', 'refresh_token']);
    expect(toClientMetadata(webApp({ grantTypes: ['authorization_code', 'client_credentials'] })).grant_types).toEqual(['authorization_code', 'client_credentials']);
  });

  test("response_types are [] without the authorization code flow, ['code'] with it", () => {
    // [] explicitly: node-oidc-provider would otherwise default to ['code'] and add authorization_code
    expect(toClientMetadata(spec()).response_types).toEqual([]);
    expect(toClientMetadata(webApp()).response_types).toEqual(['code']);
    expect(toClientMetadata(webApp({ grantTypes: ['authorization_code', 'client_credentials'] })).response_types).toEqual(['code']);
  });

  test('redirect_uris and post_logout_redirect_uris are the declared URLs, each list on its own', () => {
    const metadata = toClientMetadata(webApp({ postLogoutRedirectUrls: ['https://app.tstapp.test/bye', 'http://127.0.0.1:5173/'] }));
    expect(metadata.redirect_uris).toEqual(['http://127.0.0.1:5173/cb', 'https://app.tstapp.test/cb']);
    expect(metadata.post_logout_redirect_uris).toEqual(['http://127.0.0.1:5173/', 'https://app.tstapp.test/bye']);
  });

  test('token_endpoint_auth_method is the declared method; a public client sends none', () => {
    expect(toClientMetadata(spec({ tokenEndpointAuthMethod: 'client_secret_post' })).token_endpoint_auth_method).toBe('client_secret_post');
    const spa = webApp({ publicClient: true, tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code'] });
    expect(toClientMetadata(spa).token_endpoint_auth_method).toBe('none');
  });

  test('application_type is the declared type', () => {
    expect(toClientMetadata(spec()).application_type).toBe('web');
    const mobile = webApp({ applicationType: 'native', redirectUrls: ['com.tstapp.orders:/cb'], publicClient: true, tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code'] });
    expect(toClientMetadata(mobile)).toMatchObject({ application_type: 'native', redirect_uris: ['com.tstapp.orders:/cb'] });
  });

  test('scope is one space-separated string of the declared scopes', () => {
    expect(toClientMetadata(spec()).scope).toBe('tstapp_data.read');
    expect(toClientMetadata(webApp()).scope).toBe('tstapp_data.read tstapp_data.write');
  });

  test('a client without scopes or with a token lifetime never reaches the mapping: the spec is refused by name', () => {
    // Without `scope`, node-oidc-provider lets the client ask for every scope (provider-apis G4);
    // RFC 7591 has no lifetime field, so it would be dropped silently. The handler parses with the same rules.
    expect(() => spec({ scopes: [] })).toThrow(/\bscopes: .*\[OAC_SCOPES_REQUIRED\]/);
    expect(() => spec({ accessTokenLifetimeSeconds: 900 })).toThrow(/\baccessTokenLifetimeSeconds: .*\[OAC_LIFETIME_UNSUPPORTED\]/);
  });

  test('contacts are the declared addresses', () => {
    expect(toClientMetadata(spec({ contacts: ['oncall@tstapp.test'] })).contacts).toEqual(['oncall@tstapp.test']);
    expect(toClientMetadata(spec()).contacts).toEqual([]);
  });

  test('policy_uri, tos_uri and logo_uri are sent only when declared, each on its own', () => {
    for (const metadata of [toClientMetadata(spec()), toClientMetadata(webApp({ policyUrl: undefined, termsOfServiceUrl: undefined, logoUrl: undefined }))]) {
      expect(metadata).not.toHaveProperty('policy_uri');
      expect(metadata).not.toHaveProperty('tos_uri');
      expect(metadata).not.toHaveProperty('logo_uri');
    }
    const onlyTerms = toClientMetadata(spec({ termsOfServiceUrl: 'https://tstapp.test/terms' }));
    expect(onlyTerms.tos_uri).toBe('https://tstapp.test/terms');
    expect(onlyTerms).not.toHaveProperty('policy_uri');
    expect(onlyTerms).not.toHaveProperty('logo_uri');
  });

  test("the backend's own fields (key, stack, host, store, removal policy, export path, description) never reach the provider", () => {
    const sent = JSON.stringify(toClientMetadata(webApp()));
    for (const internal of ['team-stack', 'AUTH_DEV_IAT', '.oauth-clients', 'retain', 'dev/team-stack/orders', 'nightly export']) {
      expect(sent).not.toContain(internal);
    }
  });

  test('no secret-bearing or server-managed field is ever in it', () => {
    // RFC 7592 §2.2: the client must not send these back; the secret is never sent nor blanked
    const forbidden = [...SENSITIVE_FIELDS, 'client_id', 'client_secret', 'client_secret_expires_at', 'client_id_issued_at', 'registration_client_uri', 'jwks', 'jwks_uri'];
    for (const metadata of [toClientMetadata(spec()), toClientMetadata(webApp())]) {
      for (const field of forbidden) expect(metadata).not.toHaveProperty(field);
      expect(Object.keys(metadata).filter((field) => /secret|password|access_token|assertion/i.test(field))).toEqual([]);
    }
  });

  test('returns fresh lists: changing the metadata does not change the spec', () => {
    const declared = webApp();
    const metadata = toClientMetadata(declared) as Record<string, string[]>;
    metadata.redirect_uris.push('https://evil.test/cb');
    metadata.grant_types.length = 0;
    metadata.contacts.push('x@evil.test');
    expect(declared.redirectUrls).toEqual(['http://127.0.0.1:5173/cb', 'https://app.tstapp.test/cb']);
    expect(declared.grantTypes).toEqual(['authorization_code', 'refresh_token']);
    expect(declared.contacts).toEqual(['oncall@tstapp.test', 'owner@tstapp.test']);
  });
});
