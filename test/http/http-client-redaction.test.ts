// HttpClient and secrets: once a credential has passed through the client, no log line, error
// message or exception can contain it — while the caller still receives the body untouched.
import { describeError, HttpClient, Redactor } from '../../lib/http';
import { drop, sendJson, startServer, type LocalServer } from './local-server';

const CLIENT_SECRET = 'cs-4f9a1c2e7b3d8e60a5f1';
const REGISTRATION_TOKEN = 'rat-9d8c7b6a5f4e3d2c1b0a';
const BEARER = 'at-0123456789abcdefXYZ';
const BASIC_PASSWORD = 'pw-correct-horse-battery';
const SECRETS = [CLIENT_SECRET, REGISTRATION_TOKEN, BEARER, BASIC_PASSWORD];

/** Everything printable about an error, its causes included. */
function everythingPrintedAbout(error: unknown, redactor: Redactor): string {
  const parts: string[] = [describeError(error, redactor)];
  for (let current = error; current instanceof Error; current = current.cause) {
    parts.push(current.message, current.stack ?? '', JSON.stringify(current));
  }
  return parts.join('\n');
}

describe('HttpClient redaction', () => {
  let server: LocalServer;
  let redactor: Redactor;
  let client: HttpClient;
  let lines: string[];

  beforeEach(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/register') {
        sendJson(res, 201, { client_id: 'app-1', client_secret: CLIENT_SECRET, registration_access_token: REGISTRATION_TOKEN });
      } else {
        drop(res);
      }
    });
    redactor = new Redactor();
    lines = [];
    client = new HttpClient({ redactor, log: (line) => lines.push(line), retry: { maxAttempts: 2, baseDelayMs: 5 } });
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('given secrets from a response, a bearer token and a basic password, then later failures never print them', async () => {
    // Given: a registration response hands out a client secret and a registration access token.
    const registered = await client.request({ method: 'POST', url: `${server.origin}/register`, json: { client_name: 'app' } });

    // When: requests carrying every secret (in credentials and in the URL path) fail at the transport level.
    const failures = await Promise.all([
      client.request({ method: 'GET', url: `${server.origin}/clients/${CLIENT_SECRET}`, bearer: REGISTRATION_TOKEN }).catch((e: unknown) => e),
      client.request({ method: 'GET', url: `${server.origin}/userinfo/${BEARER}`, bearer: BEARER }).catch((e: unknown) => e),
      client.request({ method: 'PUT', url: `${server.origin}/x/${BASIC_PASSWORD}`, basic: { username: 'app-1', password: BASIC_PASSWORD } }).catch((e: unknown) => e),
      client.request({ method: 'GET', url: `http://auth.example.test/clients/${CLIENT_SECRET}` }).catch((e: unknown) => e),
    ]);

    // Then: the caller got the secret it asked for...
    expect(registered.json).toMatchObject({ client_secret: CLIENT_SECRET });
    // ...the failures are the expected errors...
    expect(failures.map((failure) => (failure as Error).name)).toEqual([
      'HttpTransportError',
      'HttpTransportError',
      'HttpTransportError',
      'InsecureUrlError',
    ]);
    const printed = [...lines, ...failures.map((failure) => everythingPrintedAbout(failure, redactor))].join('\n');
    expect(printed).toContain('[REDACTED]');
    // ...and no secret appears anywhere.
    for (const secret of SECRETS) {
      expect(printed).not.toContain(secret);
    }
  });

  it('given a token in the query string, then log lines and errors show the URL without the query', async () => {
    const failed = await client.request({ method: 'GET', url: `${server.origin}/cb?code=one-time-code-123&state=s` }).catch((e: unknown) => e);

    expect(failed).toMatchObject({ url: `${server.origin}/cb` });
    expect([...lines, (failed as Error).message].join('\n')).not.toContain('one-time-code-123');
    expect(lines).toHaveLength(2);
  });
});
