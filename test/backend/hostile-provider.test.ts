// A provider that lies, seen by the real handler process (issue 12): endpoints elsewhere, a
// client_id that drives the terminal, error text full of escape sequences, a 200 MB answer, and a
// hand-edited spec. No real server here answers like that, so a small fake does
// (test/support/hostile-provider.ts, each behaviour citing the protocol it bends). What an operator
// checks: the exit status says which kind of failure, the message names it, nothing reached
// another origin with a credential, and the terminal output holds no escape byte.
import * as fs from 'node:fs';
import { startHostileProvider, type HostileProvider } from '../support/hostile-provider';
import { clientSpec, runHandler, tempProject, withScopes, type HandlerRun } from '../support/handler';
import type { ClientSpec } from '../../lib/model';

const IAT = 'hostile-test-initial-access-token';
let provider: HostileProvider;
let elsewhere: HostileProvider;
const projects: string[] = [];

beforeAll(async () => {
  [provider, elsewhere] = await Promise.all([startHostileProvider(), startHostileProvider()]);
});
afterEach(() => {
  provider.requests.length = 0;
  elsewhere.requests.length = 0;
});
afterAll(async () => {
  await Promise.all([provider?.close(), elsewhere?.close()]);
  for (const project of projects) fs.rmSync(project, { recursive: true, force: true });
});

function apply(spec: ClientSpec): Promise<HandlerRun> {
  const projectRoot = tempProject('oac-hostile-');
  projects.push(projectRoot);
  return runHandler('apply', spec, { projectRoot, env: { TEST_IAT: IAT } });
}

const specOf = (id: string) => clientSpec(provider.origin, { id });

/** The one `failed:` line; the run must have exited with `status`. */
function failure(run: HandlerRun, status: number): string {
  expect({ status: run.status, signal: run.signal }).toEqual({ status, signal: null });
  const lines = run.stderr.split('\n').filter((line) => line.includes(': failed'));
  expect(lines).toHaveLength(1);
  return lines[0];
}

const ESC = '\u001b';

describe('endpoints learned from the provider obey the rules of declared ones', () => {
  test.each([
    ['registration_endpoint', { registration_endpoint: () => `${elsewhere.origin}/reg` }],
    ['token_endpoint', { token_endpoint: () => `${elsewhere.origin}/token` }],
  ])('given discovery naming a %s on another origin, when applied, then it fails naming it and no request reaches that origin', async (endpoint, lie) => {
    provider.lie({ discovery: Object.fromEntries(Object.entries(lie).map(([k, v]) => [k, v()])) });

    const line = failure(await apply(specOf(`elsewhere-${endpoint.split('_')[0]}`)), 1);

    expect(line).toContain(`the provider's ${endpoint} '${elsewhere.origin}/`);
    expect(line).toContain(`is not on the issuer's origin ${provider.origin}`);
    expect(line).toContain('no credential was sent to it');
    expect(elsewhere.requests).toEqual([]);
    expect(provider.requests.filter((r) => r.credentials)).toEqual([]);
  });

  test('given discovery naming a plain-http registration endpoint on a public host, when applied, then nothing is registered', async () => {
    provider.lie({ discovery: { registration_endpoint: 'http://auth.example.com/reg' } });

    const line = failure(await apply(specOf('plain-http')), 1);

    expect(line).toContain("registration_endpoint 'http://auth.example.com/reg' does not use https");
    expect(provider.requests.filter((r) => r.credentials)).toEqual([]);
  });

  test('given a registration answer whose registration_client_uri is on another origin, when applied, then the client is reported unmanageable and its registration access token goes nowhere', async () => {
    provider.lie({ register: { status: 201, json: { client_id: 'c-1', client_secret: 's3cret-value-0001', registration_client_uri: `${elsewhere.origin}/reg/c-1`, registration_access_token: 'rat-value-0001' } } });

    const line = failure(await apply(specOf('foreign-management')), 1);

    expect(line).toContain(`registration_client_uri '${elsewhere.origin}/reg/c-1' is not on the issuer's origin`);
    expect(line).toContain("delete client 'c-1' at the provider");
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('provider text is printed neutralized and capped', () => {
  const forged = `${ESC}[2J${ESC}[H\roauth-clients apply dev/x: created client_id=forged\n${ESC}]0;pwned\u0007\u202E`;

  test('given a client_id with terminal escape sequences, when applied, then it is refused before it is stored, shown escaped, and the registration is deleted again', async () => {
    provider.lie({ register: { status: 201, json: { client_id: forged, client_secret: 's3cret-value-0002', registration_client_uri: `${provider.origin}/reg/forged`, registration_access_token: 'rat-value-0002' } } });

    const run = await apply(specOf('forged-id'));
    const line = failure(run, 1);

    expect(run.stderr).not.toContain(ESC);
    expect(run.stderr).not.toContain('\u202E');
    expect(run.stderr.split('\n').filter((l) => l.includes('created client_id='))).toEqual([line]);
    expect(line).toContain('\\u{1b}[2J');
    expect(line).toContain('outside visible ASCII');
    expect(provider.requests).toContainEqual({ method: 'DELETE', path: '/reg/forged', credentials: true });
  });

  test('given an error description of escape sequences and 20000 characters, when the provider refuses, then the line holds no control character and is capped', async () => {
    provider.lie({ register: { status: 400, json: { error: `invalid_client_metadata${ESC}[31m`, error_description: `scope ${forged}${'x'.repeat(20_000)}` } } });

    const run = await apply(specOf('noisy-error'));
    const line = failure(run, 1);

    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(line).toContain('invalid_client_metadata\\u{1b}[31m');
    expect(line).toMatch(/more characters\)/);
    expect(line.length).toBeLessThan(1500);
  });
});

describe('response bodies have a size cap', () => {
  test.each([
    ['streamed without a length', false],
    ['announced by Content-Length', true],
  ])('given a 200 MB registration answer %s, when applied, then the handler fails fast without reading it', async (_how, contentLength) => {
    provider.lie({ register: { status: 201, streamBytes: 200 * 1024 * 1024, contentLength } });
    const before = provider.bytesSent();

    const line = failure(await apply(specOf(`huge-${contentLength ? 'announced' : 'streamed'}`)), 1);

    expect(line).toContain('RESPONSE_TOO_LARGE');
    // Socket buffers hold a few MB at most: the rest of the 200 MB was never produced.
    expect(provider.bytesSent() - before).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('validation and transport failures have distinct exit codes', () => {
  test('given a hand-edited spec asking for a scope its host does not declare, when applied, then it exits 65 naming the scope, before any request', async () => {
    const spec = specOf('undeclared-scope');

    const run = await apply(withScopes(spec, [...spec.scopes, 'tstapp_data.admin']));
    const line = failure(run, 65);

    expect(line).toContain("'tstapp_data.admin' is not a scope host 'dev' declares [OAC_SCOPE_UNDECLARED]");
    expect(line).toContain(': failed: [exit 65: the spec is invalid, nothing was sent] ');
    expect(provider.requests).toEqual([]);
  });

  test('given a provider that is not there, when applied, then it exits 1 saying it is a transport failure', async () => {
    const gone = await startHostileProvider();
    await gone.close();

    const run = await apply(clientSpec(gone.origin, { id: 'gone' }));
    const line = failure(run, 1);

    expect(line).toContain('cannot reach the issuer');
    expect(line).toContain(': failed: [exit 1: provider, transport or store failure] ');
  });
});
