// The shared rules for endpoints a provider names (lib/providers/private/endpoint-policy.ts) and
// for provider text (lib/http/printable-text.ts), which every adapter uses before it sends a
// credential or prints what the provider said.
import { printable } from '../../lib/http';
import { clientIdRule } from '../../lib/providers/private/client-id';
import { checkLearnedEndpoint, UntrustedEndpointError } from '../../lib/providers/private/endpoint-policy';

const production = { name: 'prod', issuer: 'https://auth.example.com/realms/x', environment: 'production' as const };
const development = { name: 'dev', issuer: 'http://127.0.0.1:9400', environment: 'development' as const };

describe('an endpoint the provider names', () => {
  test.each([
    ['on the issuer origin', production, 'https://auth.example.com/token'],
    ['on the declared registration endpoint origin', { ...production, registrationEndpoint: 'https://reg.example.com/r' }, 'https://reg.example.com/clients/1'],
    ['on a declared endpoint origin', { ...production, endpointOrigins: ['https://api.example.com'] }, 'https://api.example.com/token'],
    ['plain http on loopback for a development host', development, 'http://127.0.0.1:9400/reg'],
  ])('is accepted %s', (_case, host, url) => {
    expect(checkLearnedEndpoint(url, 'token_endpoint', host)).toBe(url);
  });

  test.each([
    ['on another origin', production, 'https://evil.example.com/token', "is not on the issuer's origin https://auth.example.com"],
    ['on another port of the issuer host', production, 'https://auth.example.com:8443/token', 'is not on the issuer'],
    ['plain http on a production host', production, 'http://auth.example.com/token', 'does not use https'],
    ['plain http on loopback for a production host', { ...production, issuer: 'https://127.0.0.1' }, 'http://127.0.0.1/token', 'does not use https'],
    ['plain http off loopback for a development host', development, 'http://auth.example.com/reg', 'does not use https'],
    ['with user-info', production, 'https://u:p@auth.example.com/token', 'carries user-info'],
    ['not a string', production, 42, 'is missing or not a string'],
    ['relative', production, '/token', 'is not an absolute URL'],
  ])('is refused %s', (_case, host, url, says) => {
    expect(() => checkLearnedEndpoint(url, 'token_endpoint', host)).toThrow(UntrustedEndpointError);
    expect(() => checkLearnedEndpoint(url, 'token_endpoint', host)).toThrow(says);
  });

  test('an endpoint full of escape sequences is named neutralized', () => {
    expect(() => checkLearnedEndpoint('https://evil.example.com/\u001b[2J', 'token_endpoint', production)).toThrow("'https://evil.example.com/\\u{1b}[2J'");
  });
});

describe('provider text', () => {
  test('controls, escapes, bidi and invisible characters become visible escapes; long text is capped', () => {
    expect(printable('a\u001b[31mb\r\nc\u202Ed\u200Be\u0085')).toBe('a\\u{1b}[31mb\\u{d}\\u{a}c\\u{202e}d\\u{200b}e\\u{85}');
    expect(printable('x'.repeat(20), 5)).toBe('xxxxx…(15 more characters)');
    expect(printable('Bücher ✓')).toBe('Bücher ✓');
  });

  test.each([
    ['', 'no client_id'],
    ['x'.repeat(256), '256 characters'],
    ['id with space', 'outside visible ASCII'],
    ['id\u001b[2J', "'id\\u{1b}[2J'"],
  ])('a client_id %j is refused', (id, says) => {
    expect(clientIdRule(id)).toContain(says);
  });

  test.each(['b4c1f0e2-8a1d-4a0c-9a57-1f0e2b4c1f0e', 'orders-web', 'Xy_9.~+/=:@'])('a client_id %s is accepted', (id) => {
    expect(clientIdRule(id)).toBeUndefined();
  });
});
