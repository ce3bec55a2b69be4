// HttpClient over TLS: certificates are always verified; `ca` adds trust, nothing removes it.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HttpClient, Redactor } from '../../lib/http';
import { sendJson, startServer, type LocalServer, type TlsIdentity } from './local-server';

const execFileAsync = promisify(execFile);

/** A fresh self-signed certificate for 127.0.0.1, made with the openssl CLI. */
function selfSignedIdentity(): TlsIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'http-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('HttpClient over https', () => {
  let identity: TlsIdentity;
  let server: LocalServer;
  let client: HttpClient | undefined;

  beforeAll(async () => {
    identity = selfSignedIdentity();
    server = await startServer((_req, res) => sendJson(res, 200, { issuer: 'https://127.0.0.1' }), identity);
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  afterAll(async () => {
    await server.close();
  });

  it('given a server with a self-signed certificate and no ca, then the request fails without being retried or sent', async () => {
    client = new HttpClient({ redactor: new Redactor() });

    const failed = client.request({ method: 'GET', url: `${server.origin}/.well-known/openid-configuration` });

    await expect(failed).rejects.toMatchObject({ name: 'HttpTransportError', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', attempts: 1 });
    expect(server.seen).toHaveLength(0);
  });

  it('given the same server and its certificate as ca, then the request succeeds', async () => {
    client = new HttpClient({ redactor: new Redactor(), ca: identity.cert });

    const response = await client.request({ method: 'GET', url: `${server.origin}/.well-known/openid-configuration` });

    expect(response.status).toBe(200);
    expect(response.json).toEqual({ issuer: 'https://127.0.0.1' });
  });

  it('given NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment, then verification still happens', async () => {
    // Node core reads the real process.env, which jest sandboxes, so this runs in a child process.
    const script = `
      const { HttpClient, Redactor } = require('./lib/http');
      const client = new HttpClient({ redactor: new Redactor(), retry: { maxAttempts: 1 } });
      client.request({ method: 'GET', url: process.argv[1] })
        .then((r) => console.log(JSON.stringify({ status: r.status })), (e) => console.log(JSON.stringify({ code: e.code })))
        .finally(() => client.close());`;

    const { stdout } = await execFileAsync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, `${server.origin}/`], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_NO_WARNINGS: '1' },
    });

    expect(JSON.parse(stdout)).toEqual({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('given a ca that is not PEM, then the client refuses to be built', () => {
    expect(() => new HttpClient({ redactor: new Redactor(), ca: '/etc/ssl/my-ca.pem' })).toThrow('ca must be one or more PEM certificates');
  });
});
