// Redactor: registered values and credential patterns disappear from any text; the rest stays readable.
import { inspect } from 'node:util';
import { describeError, REDACTED, redactError, Redactor, SENSITIVE_FIELDS } from '../../lib/http';

describe('Redactor', () => {
  describe('given a registered value', () => {
    const secret = 'sec/ret+"value" 42';
    const redactor = new Redactor();
    redactor.add(secret);

    it('then every occurrence is replaced', () => {
      expect(redactor.redact(`a ${secret} b ${secret}`)).toBe(`a ${REDACTED} b ${REDACTED}`);
    });

    it('then its URL-encoded, form-encoded and JSON-escaped spellings are replaced too', () => {
      const spellings = [
        encodeURIComponent(secret),
        new URLSearchParams({ v: secret }).toString().slice(2),
        JSON.stringify({ note: secret }),
      ];

      for (const spelling of spellings) {
        expect(redactor.redact(`x ${spelling} y`)).not.toContain('42');
      }
    });
  });

  it('given a value shorter than 8 characters, then it is ignored so short words stay readable', () => {
    const redactor = new Redactor();
    redactor.add('true');

    expect(redactor.redact('enabled: true')).toBe('enabled: true');
  });

  it('given two registered values where one contains the other, then the longer is replaced whole', () => {
    const redactor = new Redactor();
    redactor.add('abcdefgh');
    redactor.add('abcdefgh-ijklmnop');

    expect(redactor.redact('v=abcdefgh-ijklmnop;')).toBe(`v=${REDACTED};`);
  });

  describe('given credentials that were never registered', () => {
    const redactor = new Redactor();

    it.each(SENSITIVE_FIELDS)('then the JSON field %s is redacted and its neighbours kept', (field) => {
      const text = `{"client_id":"app","${field}":"v\\"al-ue-123","scope":"a"}`;

      expect(redactor.redact(text)).toBe(`{"client_id":"app","${field}":"${REDACTED}","scope":"a"}`);
    });

    it.each(SENSITIVE_FIELDS)('then the form field %s is redacted and its neighbours kept', (field) => {
      expect(redactor.redact(`grant_type=x&${field}=abc%2Fdef123&client_id=app`)).toBe(
        `grant_type=x&${field}=${REDACTED}&client_id=app`,
      );
    });

    it('then a field inside a JSON string quoted in a message is redacted', () => {
      const text = 'provider said "{\\"error\\":\\"x\\",\\"client_secret\\":\\"leaky-secret-1\\"}"';

      expect(redactor.redact(text)).not.toContain('leaky-secret-1');
      expect(redactor.redact(text)).toContain('\\"error\\":\\"x\\"');
    });

    it('then a field in util.inspect output (unquoted key, single-quoted value) is redacted', () => {
      const text = inspect({ client_id: 'app', client_secret: "it's-a-secret-1" });

      expect(redactor.redact(text)).toBe(`{ client_id: 'app', client_secret: "${REDACTED}" }`);
      expect(redactor.redact("{ refresh_token: 'rt-123456789' }")).toBe(`{ refresh_token: '${REDACTED}' }`);
    });

    it('then a prefixed field such as old_password is redacted', () => {
      expect(redactor.redact('{"old_password": "hunter2hunter2"}')).toBe(`{"old_password": "${REDACTED}"}`);
    });

    it.each([
      ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJhbGciOiJIUzI1NiJ9'],
      ['{"authorization":"Basic YXBwOnNlY3JldC12YWx1ZQ=="}', 'YXBwOnNlY3JldC12YWx1ZQ'],
      ['authorization=DPoP abcdefgh12345678', 'abcdefgh12345678'],
      ['retrying with bearer mF_9.B5f-4.1JqM after 401', 'mF_9.B5f-4.1JqM'],
      ['header was Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA'],
    ])('then the credential in %j is redacted', (text, credential) => {
      expect(redactor.redact(text)).not.toContain(credential);
    });

    it('then ordinary OAuth vocabulary is left alone', () => {
      const text =
        '{"authorization_endpoint":"https://idp/authorize","token_endpoint_auth_method":"client_secret_basic","grant_types":["refresh_token"]}';

      expect(redactor.redact(text)).toBe(text);
    });
  });

  it('given a nested JSON value, then addFieldsOf registers its sensitive string fields at any depth', () => {
    const redactor = new Redactor();
    redactor.addFieldsOf({ client: { client_id: 'app-public-id', credentials: [{ client_secret: 'nested-secret-9' }] } });

    expect(redactor.redact('nested-secret-9 app-public-id')).toBe(`${REDACTED} app-public-id`);
  });
});

describe('redactError', () => {
  const redactor = new Redactor();
  redactor.add('s3cr3t-token-value');

  it('given an error whose message and causes hold a secret, then the copy is clean and keeps name and code', () => {
    const root = Object.assign(new Error('token s3cr3t-token-value rejected'), { code: 'E_TOKEN' });
    const original = new TypeError('call failed with s3cr3t-token-value', { cause: root });

    const safe = redactError(original, redactor);

    expect(safe.name).toBe('TypeError');
    expect(safe.message).toBe(`call failed with ${REDACTED}`);
    expect(safe.stack).not.toContain('s3cr3t-token-value');
    expect(safe.cause).toMatchObject({ message: `token ${REDACTED} rejected`, code: 'E_TOKEN' });
    expect(original.message).toContain('s3cr3t-token-value'); // the original is not modified
  });

  it('given an AggregateError, then each inner error is redacted', () => {
    const safe = redactError(new AggregateError([new Error('a s3cr3t-token-value')], 'all failed'), redactor);

    expect((safe as AggregateError).errors.map((e: Error) => e.message)).toEqual([`a ${REDACTED}`]);
  });

  it('given something that is not an Error, then it becomes an Error with redacted text', () => {
    expect(redactError({ access_token: 'raw-object-token' }, redactor).message).toBe(`{"access_token":"${REDACTED}"}`);
  });
});

describe('describeError', () => {
  it('given an error with a cause, then one redacted line names both', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-token-value');
    const error = new Error('outer\nwith s3cr3t-token-value', { cause: new RangeError('inner') });

    expect(describeError(error, redactor)).toBe(`Error: outer with ${REDACTED}; caused by: RangeError: inner`);
  });
});
