// HttpClient: what goes on the wire and what comes back, on a healthy server.
import dns from 'node:dns';
import { HttpClient, InsecureUrlError, Redactor } from '../../lib/http';
import { sendJson, startServer, type LocalServer } from './local-server';

describe('HttpClient on a healthy server', () => {
  let server: LocalServer;
  let client: HttpClient;

  beforeEach(async () => {
    server = await startServer((req, res) => {
      if (req.url.startsWith('/missing')) {
        sendJson(res, 404, { error: 'invalid_client', error_description: 'no such client' });
      } else if (req.url === '/text') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
      } else if (req.url === '/empty') {
        res.writeHead(204).end();
      } else {
        sendJson(res, 201, { echoed: req.body, method: req.method }, { 'x-request-id': 'abc-123' });
      }
    });
    client = new HttpClient({ redactor: new Redactor() });
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('given a JSON body, when POSTed, then the server receives JSON and the JSON answer comes back parsed', async () => {
    const response = await client.request({ method: 'POST', url: `${server.origin}/reg`, json: { client_name: 'app', grant_types: ['client_credentials'] } });

    expect(server.seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.seen[0].body)).toEqual({ client_name: 'app', grant_types: ['client_credentials'] });
    expect(response.status).toBe(201);
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(response.json).toEqual({ echoed: server.seen[0].body, method: 'POST' });
    expect(response.text).toBe(JSON.stringify(response.json));
  });

  it('given a form, when POSTed, then it arrives form-urlencoded', async () => {
    await client.request({ method: 'POST', url: `${server.origin}/token`, form: { grant_type: 'client_credentials', scope: 'a b' } });

    expect(server.seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(server.seen[0].body).toBe('grant_type=client_credentials&scope=a+b');
  });

  it('given a bearer token or basic credentials, then the Authorization header carries them', async () => {
    await client.request({ method: 'GET', url: `${server.origin}/a`, bearer: 'token-abc-123456' });
    await client.request({ method: 'GET', url: `${server.origin}/b`, basic: { username: 'client', password: 's3cret-pass' } });

    expect(server.seen[0].headers.authorization).toBe('Bearer token-abc-123456');
    expect(server.seen[1].headers.authorization).toBe(`Basic ${Buffer.from('client:s3cret-pass').toString('base64')}`);
  });

  it('given a query string and extra headers, then both reach the server and accept defaults to JSON', async () => {
    await client.request({ method: 'GET', url: `${server.origin}/list?page=2&per_page=50`, headers: { 'X-Trace': 't1' } });

    expect(server.seen[0].url).toBe('/list?page=2&per_page=50');
    expect(server.seen[0].headers['x-trace']).toBe('t1');
    expect(server.seen[0].headers.accept).toBe('application/json');
  });

  it('given an HTTP error status, then it is returned, not thrown, with the body for the adapter to read', async () => {
    const response = await client.request({ method: 'DELETE', url: `${server.origin}/missing/1` });

    expect(response.status).toBe(404);
    expect(response.json).toEqual({ error: 'invalid_client', error_description: 'no such client' });
    expect(server.seen).toHaveLength(1);
  });

  it('given a non-JSON or empty body, then text is returned and json is undefined', async () => {
    const text = await client.request({ method: 'GET', url: `${server.origin}/text` });
    const empty = await client.request({ method: 'GET', url: `${server.origin}/empty` });

    expect(text).toMatchObject({ status: 200, text: 'plain words', json: undefined });
    expect(empty).toMatchObject({ status: 204, text: '', json: undefined });
  });

  it('given both json and form, then the request is refused before it is sent', async () => {
    await expect(client.request({ method: 'POST', url: `${server.origin}/x`, json: {}, form: {} })).rejects.toThrow(TypeError);
    await expect(
      client.request({ method: 'POST', url: `${server.origin}/x`, bearer: 'abcdefghij', basic: { username: 'u', password: 'p' } }),
    ).rejects.toThrow('bearer and basic are mutually exclusive');
    expect(server.seen).toHaveLength(0);
  });

  describe('given a host that is not loopback', () => {
    let lookup: jest.SpyInstance;
    beforeEach(() => {
      lookup = jest.spyOn(dns, 'lookup');
    });
    afterEach(() => lookup.mockRestore());

    it('when called over plain http, then it is refused before any DNS lookup or connection', async () => {
      const lines: string[] = [];
      const logged = new HttpClient({ redactor: new Redactor(), log: (line) => lines.push(line) });

      const refused = logged.request({ method: 'GET', url: 'http://auth.example.test/.well-known/openid-configuration' });

      await expect(refused).rejects.toBeInstanceOf(InsecureUrlError);
      await expect(refused).rejects.toThrow('plain http is only allowed to a loopback host');
      expect(lookup).not.toHaveBeenCalled();
      expect(lines).toEqual([]);
      await logged.close();
    });

    it('when called over https, then it is looked up (the control for the test above)', async () => {
      const once = new HttpClient({ redactor: new Redactor(), retry: { maxAttempts: 1 } });

      await expect(once.request({ method: 'GET', url: 'https://auth.example.test/' })).rejects.toMatchObject({ name: 'HttpTransportError' });
      expect(lookup).toHaveBeenCalled();
      await once.close();
    });
  });

  it('given a closed client, then a request fails with a transport error', async () => {
    await client.close();

    await expect(client.request({ method: 'GET', url: `${server.origin}/x` })).rejects.toMatchObject({
      name: 'HttpTransportError',
      attempts: 1,
    });
  });
});
