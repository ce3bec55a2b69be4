// Stories of a tool keeping a registered client up to date through RFC 7592: read, update with
// a rotating registration access token, delete.

import { startDevServerProcess, type DevServerProcess } from '../support/devserver';
import { asUpdate, clientCredentials, confidentialClient, manage, registerOk } from './fixtures/oauth-calls';

describe('with rotating registration access tokens (the default)', () => {
  let server: DevServerProcess;
  beforeAll(async () => {
    server = await startDevServerProcess();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('accepts five updates in a row, each with the newest token, and rejects every older one', async () => {
    // given a registered client and its first registration access token
    const client = await registerOk(server.issuer, confidentialClient(), server.initialAccessToken);
    const used: string[] = [];
    let current = client.registration_access_token;

    // when it is renamed five times, each time with the token the previous answer returned
    for (let round = 1; round <= 5; round++) {
      const answer = await manage('PUT', client, current, asUpdate(client, { client_name: `Orders service v${round}` }));

      // then each update succeeds and hands out a new token, keeping id and secret
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        client_name: `Orders service v${round}`,
        client_id: client.client_id,
        client_secret: client.client_secret,
      });
      expect(answer.body.registration_access_token).not.toBe(current);
      used.push(current);
      current = answer.body.registration_access_token as string;
    }

    // and every superseded token is refused, while the newest one reads the client
    for (const old of used) {
      const stale = await manage('GET', client, old);
      expect(stale.status).toBe(401);
      expect(stale.body.error).toBe('invalid_token');
    }
    const read = await manage('GET', client, current);
    expect(read.status).toBe(200);
    expect(read.body.client_name).toBe('Orders service v5');
  });

  it('deletes a client: its registration and its credentials stop working', async () => {
    const client = await registerOk(server.issuer, confidentialClient(), server.initialAccessToken);

    const deleted = await manage('DELETE', client, client.registration_access_token);

    expect(deleted.status).toBe(204);
    expect((await manage('GET', client, client.registration_access_token)).status).toBe(401);
    expect((await clientCredentials(server.issuer, client, 'tstapp_data.read')).status).toBe(401);
  });
});

describe('with rotation turned off (--no-rotate)', () => {
  let server: DevServerProcess;
  beforeAll(async () => {
    server = await startDevServerProcess({ rotate: false });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps the same registration access token across updates', async () => {
    const client = await registerOk(server.issuer, confidentialClient(), server.initialAccessToken);

    const first = await manage('PUT', client, client.registration_access_token, asUpdate(client, { client_name: 'Renamed once' }));
    const second = await manage('PUT', client, client.registration_access_token, asUpdate(client, { client_name: 'Renamed twice' }));

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.registration_access_token).toBe(client.registration_access_token);
  });
});
