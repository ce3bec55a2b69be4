// Response bodies have a size cap (issue 12): a provider answering 200 MB must not make the handler
// buffer 200 MB. The cap is checked on Content-Length before a byte is read, and on the bytes
// counted while a body without a length streams in; the failure is not retried.
import { HttpClient, HttpTransportError, Redactor } from '../../lib/http';
import { startServer, type LocalServer } from './local-server';

let server: LocalServer;
let written = 0;
afterEach(() => server?.close());

const client = () => new HttpClient({ redactor: new Redactor(), maxResponseBytes: 64 * 1024, retry: { maxAttempts: 4, baseDelayMs: 1 } });

/** Streams `total` bytes in 16 KiB chunks as fast as the client reads, counting what it wrote. */
async function givenServerSending(total: number, announce: boolean): Promise<void> {
  written = 0;
  server = await startServer((_req, res) => {
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    res.writeHead(200, { 'content-type': 'application/json', ...(announce ? { 'content-length': String(total) } : {}) });
    let left = total;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        left -= chunk.length;
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on('close', () => (left = 0));
    pump();
  });
}

test.each([
  ['streamed without a length', false],
  ['announced by Content-Length', true],
])('given a 64 MiB body %s and a 64 KiB cap, when fetched, then RESPONSE_TOO_LARGE after one attempt, with most of it never sent', async (_how, announce) => {
  await givenServerSending(64 * 1024 * 1024, announce);
  const http = client();

  const failure = await http.request({ method: 'GET', url: `${server.origin}/big` }).catch((error: unknown) => error);
  await http.close();

  expect(failure).toBeInstanceOf(HttpTransportError);
  expect(failure).toMatchObject({ code: 'RESPONSE_TOO_LARGE', attempts: 1 });
  expect(server.seen).toHaveLength(1);
  expect(written).toBeLessThan(16 * 1024 * 1024);
});

test('given a body exactly at the cap, when fetched, then it is read whole', async () => {
  server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(64 * 1024)));
  const http = client();

  const response = await http.request({ method: 'GET', url: `${server.origin}/ok` });
  await http.close();

  expect(response.text).toHaveLength(64 * 1024);
});
