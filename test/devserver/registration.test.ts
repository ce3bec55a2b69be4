// Stories of a developer's tool registering clients at the development server (RFC 7591).

import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { asUpdate, confidentialClient, manage, register, registerOk } from './fixtures/oauth-calls';

let server: DevServerProcess;
beforeAll(async () => {
  server = await startDevServerProcess();
});
afterAll(async () => {
  await server?.stop();
});

describe('registering a client', () => {
  it('creates a confidential client when the initial access token is presented', async () => {
    // given the initial access token the server wrote to its data directory
    // when a confidential client asking for tstapp_data.read is registered with it
    const answer = await register(server.issuer, confidentialClient(), server.initialAccessToken);

    // then it is created, with credentials and the RFC 7592 management handle
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      client_name: 'Orders service',
      scope: 'tstapp_data.read',
      token_endpoint_auth_method: 'client_secret_basic',
      registration_client_uri: expect.stringMatching(`^${server.issuer}/reg/`),
    });
    expect(answer.body.client_id).toEqual(expect.any(String));
    expect(answer.body.client_secret).toEqual(expect.any(String));
    expect(answer.body.registration_access_token).toEqual(expect.any(String));
  });

  it('refuses a registration without the initial access token', async () => {
    // when the same client is registered with no Authorization header, or a made-up token
    const without = await register(server.issuer, confidentialClient());
    const wrong = await register(server.issuer, confidentialClient(), 'not-the-token');

    // then both are refused as unauthenticated
    expect(without.status).toBe(401);
    expect(without.body.error).toBe('invalid_token');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_token');
  });

  it('refuses a scope the server does not offer', async () => {
    const answer = await register(server.issuer, confidentialClient({ scope: 'tstapp_data.delete' }), server.initialAccessToken);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_client_metadata', error_description: expect.stringContaining('scope') });
  });

  it('offers only the authorization code flow with S256 PKCE in its discovery document', async () => {
    const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;

    expect(discovery).toMatchObject({
      issuer: server.issuer,
      registration_endpoint: `${server.issuer}/reg`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: expect.arrayContaining(['openid', 'offline_access', 'tstapp_data.read', 'tstapp_data.write']),
    });
    expect(discovery.grant_types_supported).not.toContain('implicit');
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'client_credentials']));
  });
});

describe('redirect URI rules', () => {
  it('refuses an http redirect URI on a host other than loopback', async () => {
    const answer = await register(
      server.issuer,
      confidentialClient({ redirect_uris: ['https://app.tstapp.test/cb', 'http://app.tstapp.test/cb'] }),
      server.initialAccessToken,
    );

    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_redirect_uri');
    expect(answer.body.error_description).toMatch(/^redirect_uris must use https \(except loopback\).*http:\/\/app\.tstapp\.test\/cb/);
  });

  it('accepts http on the loopback addresses for local development', async () => {
    const loopback = ['http://127.0.0.1:5173/cb', 'http://[::1]:5173/cb', 'http://localhost:5173/cb'];
    const client = await registerOk(server.issuer, confidentialClient({ redirect_uris: loopback }), server.initialAccessToken);

    expect(client.redirect_uris).toEqual(loopback);
  });

  it('accepts a private-use scheme for a native app, and only for a native app', async () => {
    const mobile = {
      client_name: 'Orders mobile',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['com.tstapp.orders:/oauth2redirect'],
      scope: 'tstapp_data.read',
    };
    const asNative = await register(server.issuer, mobile, server.initialAccessToken);
    const asWeb = await register(server.issuer, { ...mobile, application_type: 'web' }, server.initialAccessToken);

    expect(asNative.status).toBe(201);
    expect(asWeb.status).toBe(400);
    expect(asWeb.body.error).toBe('invalid_redirect_uri');
  });

  it('applies the same rules when a client is updated (RFC 7592)', async () => {
    // given a registered client
    const client = await registerOk(server.issuer, confidentialClient(), server.initialAccessToken);

    // when its redirect URI is changed to plain http on a public host
    const answer = await manage('PUT', client, client.registration_access_token, asUpdate(client, { redirect_uris: ['http://app.tstapp.test/cb'] }));

    // then the update is refused and the client keeps its https redirect
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_redirect_uri');
    const current = await manage('GET', client, client.registration_access_token);
    expect(current.body.redirect_uris).toEqual(['https://app.tstapp.test/cb']);
  });
});
