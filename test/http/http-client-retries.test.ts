// HttpClient when the server fails: which requests are tried again, how long the client waits,
// and what the caller gets once it stops.
import { HttpClient, HttpTransportError, Redactor, type HttpClientOptions } from '../../lib/http';
import { closedPort, drop, sendJson, startServer, type Handler, type LocalServer } from './local-server';

/** Fails the first `failures` requests with `fail`, then answers 200 `{ ok: true }`. */
function failing(failures: number, fail: Handler): Handler {
  return (req, res, index) => (index < failures ? fail(req, res, index) : sendJson(res, 200, { ok: true }));
}

const status =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    sendJson(res, code, { error: 'temporarily_unavailable' }, headers);

describe('HttpClient retries', () => {
  let server: LocalServer | undefined;
  let client: HttpClient;
  let lines: string[];

  // Backoff of at most a few ms keeps the suite fast; the delays themselves are tested in retry-policy.test.ts.
  const newClient = (options: Partial<HttpClientOptions> = {}) => {
    lines = [];
    client = new HttpClient({ redactor: new Redactor(), log: (line) => lines.push(line), retry: { baseDelayMs: 5 }, ...options });
    return client;
  };

  afterEach(async () => {
    await client.close();
    await server?.close();
    server = undefined;
  });

  describe('given a GET', () => {
    it('when the server answers 503 once, then the GET is sent again and succeeds', async () => {
      server = await startServer(failing(1, status(503)));

      const response = await newClient().request({ method: 'GET', url: `${server.origin}/clients/1` });

      expect(response.status).toBe(200);
      expect(server.seen).toHaveLength(2);
      expect(lines[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/clients\/1 -> 503 \(attempt 1\/4, \d+ ms\)$/);
      expect(lines[1]).toMatch(/-> 200 \(attempt 2\/4/);
    });

    it('when the connection is dropped once, then the GET is sent again and succeeds', async () => {
      server = await startServer(failing(1, (_req, res) => drop(res)));

      const response = await newClient().request({ method: 'GET', url: `${server.origin}/clients/1` });

      expect(response.status).toBe(200);
      expect(server.seen).toHaveLength(2);
      expect(lines[0]).toMatch(/-> ECONNRESET \(attempt 1\/4/);
    });

    it('when every attempt fails with 500, then the last 500 is returned after maxAttempts', async () => {
      server = await startServer(status(500));

      const response = await newClient({ retry: { maxAttempts: 3, baseDelayMs: 5 } }).request({ method: 'GET', url: `${server.origin}/x` });

      expect(response.status).toBe(500);
      expect(server.seen).toHaveLength(3);
    });

    it('when the server answers 400, then it is not retried', async () => {
      server = await startServer(status(400));

      const response = await newClient().request({ method: 'GET', url: `${server.origin}/x` });

      expect(response.status).toBe(400);
      expect(server.seen).toHaveLength(1);
    });
  });

  describe('given a plain POST (not idempotent)', () => {
    it('when the server answers 500, then it is not sent again and the 500 is returned', async () => {
      server = await startServer(failing(1, status(500)));

      const response = await newClient().request({ method: 'POST', url: `${server.origin}/reg`, json: { client_name: 'a' } });

      expect(response.status).toBe(500);
      expect(server.seen).toHaveLength(1);
    });

    it('when the connection is dropped after the server read it, then it is not sent again and a transport error is thrown', async () => {
      server = await startServer(failing(1, (_req, res) => drop(res)));

      const failed = newClient().request({ method: 'POST', url: `${server.origin}/reg`, json: { client_name: 'a' } });

      await expect(failed).rejects.toBeInstanceOf(HttpTransportError);
      await expect(failed).rejects.toMatchObject({ method: 'POST', code: 'ECONNRESET', attempts: 1 });
      expect(server.seen).toHaveLength(1);
    });

    it('when nothing listens (connection refused, so nothing was sent), then it is tried again up to maxAttempts', async () => {
      const port = await closedPort();

      const failed = newClient({ retry: { maxAttempts: 3, baseDelayMs: 5 } }).request({ method: 'POST', url: `http://127.0.0.1:${port}/reg?x=1` });

      await expect(failed).rejects.toMatchObject({ code: 'ECONNREFUSED', attempts: 3, url: `http://127.0.0.1:${port}/reg` });
      expect(lines).toHaveLength(3);
    });
  });

  describe('given a POST declared idempotent', () => {
    it('when the server answers 503 once, then it is sent again and succeeds', async () => {
      server = await startServer(failing(1, status(503)));

      const response = await newClient().request({ method: 'POST', url: `${server.origin}/x`, json: {}, idempotent: true });

      expect(response.status).toBe(200);
      expect(server.seen).toHaveLength(2);
    });

    it('when the connection is dropped once, then it is sent again and succeeds', async () => {
      server = await startServer(failing(1, (_req, res) => drop(res)));

      const response = await newClient().request({ method: 'POST', url: `${server.origin}/x`, json: {}, idempotent: true });

      expect(response.status).toBe(200);
      expect(server.seen.map((req) => req.body)).toEqual(['{}', '{}']);
    });
  });

  describe('given a 429', () => {
    it('when it says Retry-After: 1, then even a POST waits at least that long and is sent again', async () => {
      server = await startServer(failing(1, status(429, { 'retry-after': '1' })));
      const started = Date.now();

      const response = await newClient().request({ method: 'POST', url: `${server.origin}/token`, form: { grant_type: 'client_credentials' } });

      expect(response.status).toBe(200);
      expect(server.seen).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900); // slack for timer granularity
    });

    // The server would answer 200 to a second attempt: a client that waited out the Retry-After
    // and tried again would return that 200, so the status and the one request tell, with no clock.
    it('when Retry-After is above maxRetryAfterMs, then the 429 is returned without another attempt', async () => {
      server = await startServer(failing(1, status(429, { 'retry-after': '2' })));

      const response = await newClient({ retry: { baseDelayMs: 5, maxRetryAfterMs: 1000 } }).request({ method: 'GET', url: `${server.origin}/x` });

      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('2');
      expect(server.seen).toHaveLength(1);
      expect(lines).toHaveLength(1);
    });
  });

  describe('given a response timeout', () => {
    it('when the server never answers a GET, then it is tried again and then a transport error is thrown', async () => {
      server = await startServer(() => undefined);

      const failed = newClient({ responseTimeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 5 } }).request({
        method: 'GET',
        url: `${server.origin}/slow`,
      });

      await expect(failed).rejects.toMatchObject({ name: 'HttpTransportError', code: 'RESPONSE_TIMEOUT', attempts: 2 });
      expect(server.seen).toHaveLength(2);
    });

    it('when the body stalls after the headers, then the same deadline applies to the body', async () => {
      server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      });

      const failed = newClient({ responseTimeoutMs: 200, retry: { maxAttempts: 1 } }).request({ method: 'GET', url: `${server.origin}/stall` });

      await expect(failed).rejects.toMatchObject({ code: 'RESPONSE_TIMEOUT', attempts: 1 });
    });

    it('when a plain POST times out, then it is not sent again', async () => {
      server = await startServer(() => undefined);

      const failed = newClient({ responseTimeoutMs: 200 }).request({ method: 'POST', url: `${server.origin}/reg`, json: {} });

      await expect(failed).rejects.toMatchObject({ code: 'RESPONSE_TIMEOUT', attempts: 1 });
      expect(server.seen).toHaveLength(1);
    });
  });
});
