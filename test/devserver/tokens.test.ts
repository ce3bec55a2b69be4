// Stories of clients getting access tokens from the development server, and of an API
// verifying them: client credentials, authorization code + PKCE, and the scopes in the JWT.

import { createHash, randomBytes } from 'node:crypto';

import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { authorize } from './fixtures/browser-walk';
import { clientCredentials, confidentialClient, registerOk, tokenRequest, verifyAccessToken, type RegisteredClient } from './fixtures/oauth-calls';

let server: DevServerProcess;
let service: RegisteredClient;
beforeAll(async () => {
  server = await startDevServerProcess();
  // given a confidential client registered for tstapp_data.read only
  service = await registerOk(server.issuer, confidentialClient(), server.initialAccessToken);
});
afterAll(async () => {
  await server?.stop();
});

describe('client credentials', () => {
  it('issues a JWT access token carrying the granted scope as `scope` and as `scp`', async () => {
    // when the service asks for tstapp_data.read
    const answer = await clientCredentials(server.issuer, service, 'tstapp_data.read');

    // then it gets a bearer token that the API can verify against the server's /jwks
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: 'tstapp_data.read', expires_in: 600 });
    const { payload, typ } = await verifyAccessToken(server.issuer, answer.body.access_token as string);
    expect(typ).toBe('at+jwt');
    expect(payload).toMatchObject({
      scope: 'tstapp_data.read',
      scp: ['tstapp_data.read'],
      client_id: service.client_id,
      sub: service.client_id,
      aud: 'urn:oauth-clients:dev-api',
    });
  });

  it('refuses a scope the server knows but the client did not register', async () => {
    const answer = await clientCredentials(server.issuer, service, 'tstapp_data.write');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_scope', scope: 'tstapp_data.write' });
    expect(answer.body.access_token).toBeUndefined();
  });

  it('refuses an unknown scope instead of dropping it silently', async () => {
    // when the service misspells its scope, alone or next to a valid one
    const alone = await clientCredentials(server.issuer, service, 'tstapp_data.raed');
    const mixed = await clientCredentials(server.issuer, service, 'tstapp_data.read tstapp_data.raed');

    // then no token is issued and the error names the unknown value
    for (const answer of [alone, mixed]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_scope', scope: 'tstapp_data.raed' });
      expect(answer.body.error_description).toContain('tstapp_data.raed');
      expect(answer.body.access_token).toBeUndefined();
    }
  });

  it('refuses a wrong client secret', async () => {
    const answer = await clientCredentials(server.issuer, { ...service, client_secret: 'guessed' }, 'tstapp_data.read');

    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
  });
});

describe('authorization code with PKCE', () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const request = () => ({
    client_id: service.client_id,
    response_type: 'code',
    redirect_uri: 'https://app.tstapp.test/cb',
    scope: 'tstapp_data.read',
    state: 'st-1',
  });

  it('refuses an authorization request without a code challenge, even from a confidential client', async () => {
    // when the confidential client starts the flow without PKCE
    const redirect = await authorize(server.issuer, request());

    // then the user is sent back to the client with an error and no code
    expect(redirect.origin + redirect.pathname).toBe('https://app.tstapp.test/cb');
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
    expect(redirect.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(redirect.searchParams.get('code')).toBeNull();
  });

  it('refuses an unknown scope at the authorization endpoint too', async () => {
    const redirect = await authorize(server.issuer, {
      ...request(),
      scope: 'tstapp_data.read tstapp_data.raed',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });

    expect(redirect.searchParams.get('error')).toBe('invalid_scope');
    expect(redirect.searchParams.get('code')).toBeNull();
  });

  it('signs any user in and exchanges the code for a JWT with the consented scope', async () => {
    // when the flow runs with an S256 challenge and alice signs in and consents
    const redirect = await authorize(server.issuer, { ...request(), code_challenge: challenge, code_challenge_method: 'S256' }, 'alice');
    const code = redirect.searchParams.get('code');
    expect(redirect.searchParams.get('state')).toBe('st-1');
    expect(code).toEqual(expect.any(String));

    // and the client redeems the code with its verifier
    const answer = await tokenRequest(server.issuer, service, {
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: 'https://app.tstapp.test/cb',
      code_verifier: verifier,
    });

    // then the access token is alice's, for the development API, with the scope in both claims
    expect(answer.status).toBe(200);
    const { payload } = await verifyAccessToken(server.issuer, answer.body.access_token as string);
    expect(payload).toMatchObject({ sub: 'alice', client_id: service.client_id, scope: 'tstapp_data.read', scp: ['tstapp_data.read'] });
  });

  it('refuses to redeem a code with the wrong verifier', async () => {
    const redirect = await authorize(server.issuer, { ...request(), code_challenge: challenge, code_challenge_method: 'S256' });

    const answer = await tokenRequest(server.issuer, service, {
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code')!,
      redirect_uri: 'https://app.tstapp.test/cb',
      code_verifier: randomBytes(32).toString('base64url'),
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
  });
});
