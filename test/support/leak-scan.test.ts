// The leak scan finds a secret in every form it takes in transit, and nothing where it is not:
// a scan that cannot find anything would make every "no leak" assertion pass.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LeakScan, MIN_SECRET_LENGTH } from './leak-scan';

// Characters every encoding treats differently: quote, slash, plus, space, ampersand, non-ASCII.
// (Its base64 has '/' and padding, so base64 and base64url differ.)
const SECRET = 'p4ss/word+with "quotes" & spaces é?>~';
const CLIENT_ID = 'client id/with:colon';

const scan = () => new LeakScan().addClientCredentials('client secret', CLIENT_ID, SECRET).add('token', 'a-plain-base64url_token_0123456789');

describe('a leak scan', () => {
  const carriers: Array<[string, string, string]> = [
    ['a log line', `secret is ${SECRET}!`, 'raw'],
    ['a JSON body', JSON.stringify({ client_secret: SECRET }), 'JSON-escaped'],
    ['JSON with escaped slashes', `{"client_secret":"${JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/')}"}`, 'JSON-escaped with \\/'],
    ['ASCII-only JSON', '{"client_secret":"p4ss/word+with \\"quotes\\" & spaces \\u00e9?>~"}', 'JSON-escaped ASCII'],
    ['a URL query', `https://as.example/cb?client_secret=${encodeURIComponent(SECRET)}`, 'URL-encoded'],
    ['a lower-case percent-encoded URL', `?s=${encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())}`, 'URL-encoded (lower-case hex)'],
    ['a form body', new URLSearchParams({ grant_type: 'client_credentials', client_secret: SECRET }).toString(), 'form-encoded'],
    ['a base64 blob', `data:${Buffer.from(SECRET).toString('base64')}`, 'base64'],
    ['a base64url blob', `x=${Buffer.from(SECRET).toString('base64url')}`, 'base64url'],
    ['a Basic header', `authorization: Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`, 'Basic credentials'],
    [
      'an RFC 6749 §2.3.1 Basic header',
      `Authorization: Basic ${Buffer.from(`${new URLSearchParams({ v: CLIENT_ID }).toString().slice(2)}:${new URLSearchParams({ v: SECRET }).toString().slice(2)}`).toString('base64')}`,
      'Basic credentials (form-encoded)',
    ],
  ];
  test.each(carriers)('finds the secret in %s, naming the form', (_carrier, text, form) => {
    expect(scan().find(text)).toContain(`client secret (${form})`);
  });

  test('finds nothing in text that holds none of the secrets, nor a part of one', () => {
    expect(scan().find(`client_id=${CLIENT_ID} ${SECRET.slice(0, 20)} ${Buffer.from(SECRET.slice(1)).toString('base64')}`)).toEqual([]);
  });

  test('finds a secret in a file, whether the file is UTF-8 text or binary around it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oac-leak-scan-'));
    try {
      const text = path.join(dir, 'state.json');
      const binary = path.join(dir, 'blob.bin');
      fs.writeFileSync(text, JSON.stringify({ value: SECRET }), 'utf8');
      fs.writeFileSync(binary, Buffer.concat([Buffer.from([0, 255, 7]), Buffer.from('a-plain-base64url_token_0123456789'), Buffer.from([0])]));
      expect(scan().findInFiles([text, binary], (file) => path.basename(file))).toEqual({
        'state.json': ['client secret (JSON-escaped)'],
        'blob.bin': ['token (raw)'],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses a value too short to search for', () => {
    expect(() => new LeakScan().add('empty', '')).toThrow(`at least ${MIN_SECRET_LENGTH} characters`);
    expect(() => new LeakScan().addClientCredentials('short', 'id', 'short')).toThrow("'short'");
  });
});
