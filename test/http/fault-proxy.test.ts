// The fault proxy used by backend and end-to-end tests: transparent by default, and each kind of
// injected fault does what it says — checked against a real target server.
import { HttpClient, Redactor } from '../../lib/http';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startServer, type LocalServer } from './local-server';

describe('startFaultProxy', () => {
  let target: LocalServer;
  let proxy: FaultProxy;
  let client: HttpClient;

  beforeEach(async () => {
    target = await startServer((req, res) => {
      // Answers in several chunks, so forwarding must stream rather than expect one write.
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      const body = JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, bodyLength: req.body.length });
      res.write(body.slice(0, 10));
      setTimeout(() => res.end(body.slice(10)), 5);
    });
    proxy = await startFaultProxy(target.origin);
    client = new HttpClient({ redactor: new Redactor(), retry: { maxAttempts: 1 } });
  });

  afterEach(async () => {
    await client.close();
    await proxy.close();
    await target.close();
  });

  it('given no rule, then method, path, query, body, status and headers pass through, with Host set to the target', async () => {
    const big = 'x'.repeat(256 * 1024);

    const response = await client.request({ method: 'POST', url: `${proxy.origin}/reg?a=1`, json: { big } });

    expect(response.status).toBe(201);
    expect(response.headers['x-upstream']).toBe('yes');
    expect(response.json).toEqual({
      method: 'POST',
      url: '/reg?a=1',
      host: new URL(target.origin).host,
      bodyLength: JSON.stringify({ big }).length,
    });
    expect(proxy.requests).toEqual([{ method: 'POST', path: '/reg?a=1', status: 201 }]);
  });

  it('given a respond rule for twice, then two matching requests get the canned response and the third is forwarded', async () => {
    proxy.inject({ method: 'GET', path: /^\/clients\/\w+$/, times: 2, respond: { status: 503, headers: { 'retry-after': '7' }, body: 'busy' } });

    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await client.request({ method: 'GET', url: `${proxy.origin}/clients/abc` }));
    }

    expect(answers.map((a) => [a.status, a.headers['retry-after'], a.text.slice(0, 4)])).toEqual([
      [503, '7', 'busy'],
      [503, '7', 'busy'],
      [200, undefined, '{"me'],
    ]);
    expect(target.seen).toHaveLength(1);
    expect(proxy.requests.map((r) => r.fault)).toEqual(['respond', 'respond', undefined]);
  });

  it('given a rule for another method or path, then the request is forwarded untouched', async () => {
    proxy.inject({ method: 'POST', path: /^\/clients/, respond: { status: 500 } });
    proxy.inject({ path: /^\/other$/, respond: { status: 500 } });

    const response = await client.request({ method: 'GET', url: `${proxy.origin}/clients/abc` });

    expect(response.status).toBe(200);
  });

  it('given a drop-request rule, then the client sees the connection close and the target sees nothing', async () => {
    proxy.inject({ method: 'POST', path: /^\/reg$/, drop: 'request' });

    const failed = client.request({ method: 'POST', url: `${proxy.origin}/reg`, json: {} });

    await expect(failed).rejects.toMatchObject({ name: 'HttpTransportError', code: 'ECONNRESET' });
    expect(target.seen).toHaveLength(0);
    expect(proxy.requests).toEqual([{ method: 'POST', path: '/reg', status: 0, fault: 'drop' }]);
  });

  it('given a drop-response rule, then the target acts on the request but the client never gets the answer', async () => {
    proxy.inject({ method: 'POST', path: /^\/reg$/, drop: 'response' });

    const failed = client.request({ method: 'POST', url: `${proxy.origin}/reg`, json: {} });

    await expect(failed).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(target.seen).toHaveLength(1);
    expect(proxy.requests).toEqual([{ method: 'POST', path: '/reg', status: 0, fault: 'drop' }]);
  });

  it('given a delay rule, then the request is forwarded after at least the delay', async () => {
    proxy.inject({ path: /^\/slow$/, delayMs: 300 });
    const started = Date.now();

    const response = await client.request({ method: 'GET', url: `${proxy.origin}/slow` });

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280); // slack for timer granularity
    expect(proxy.requests).toEqual([{ method: 'GET', path: '/slow', status: 200, fault: 'delay' }]);
  });

  it('given rules were cleared, then nothing is injected any more', async () => {
    proxy.inject({ path: /.*/, times: Infinity, respond: { status: 500 } });
    proxy.clear();

    const response = await client.request({ method: 'GET', url: `${proxy.origin}/x` });

    expect(response.status).toBe(200);
  });

  it('given a 503 injected once in front of a GET, then the HttpClient retries through the proxy and succeeds', async () => {
    const retrying = new HttpClient({ redactor: new Redactor(), retry: { baseDelayMs: 5 } });
    proxy.inject({ method: 'GET', path: /^\/clients\/abc$/, respond: { status: 503 } });

    const response = await retrying.request({ method: 'GET', url: `${proxy.origin}/clients/abc` });
    await retrying.close();

    expect(response.status).toBe(200);
    expect(proxy.requests.map((r) => r.status)).toEqual([503, 200]);
  });
});
