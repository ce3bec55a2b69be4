// The redirect URL rules on their own (lib/model/url-rules.ts): which strings a client may register,
// of which kind, on which host environment (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §4.1).
import { checkIssuerUrl, checkRedirectUrl, checkWebUrl, type HostEnvironment, type RedirectUrlKind } from '../../lib/model';

interface Accepted {
  readonly url: string;
  readonly environment: HostEnvironment;
  readonly kind: RedirectUrlKind;
}

const accepted: Accepted[] = [
  { url: 'https://app.example.com/auth', environment: 'production', kind: 'https' },
  { url: 'https://app.example.com:8443/auth?tenant=eu', environment: 'production', kind: 'https' },
  { url: 'https://app.example.com/auth', environment: 'development', kind: 'https' },
  { url: 'http://127.0.0.1:3000/auth', environment: 'development', kind: 'loopback' },
  { url: 'http://[::1]:3000/auth', environment: 'development', kind: 'loopback' },
  { url: 'http://localhost:3005/auth', environment: 'development', kind: 'loopback' },
  { url: 'https://localhost:8443/auth', environment: 'development', kind: 'loopback' },
  // `localhost.` is `localhost` to a resolver.
  { url: 'http://localhost.:3000/auth', environment: 'development', kind: 'loopback' },
  { url: 'https://localhost./auth', environment: 'development', kind: 'loopback' },
  { url: 'com.example.app:/callback', environment: 'production', kind: 'private-use' },
  { url: 'com.example.app:/callback', environment: 'development', kind: 'private-use' },
  { url: 'io.github.some-team.app:/oauth2redirect', environment: 'production', kind: 'private-use' },
];

interface Refused {
  readonly url: string;
  readonly environment: HostEnvironment;
  /** The rule's wording, as the synth error will print it after the field. */
  readonly rule: string;
}

const refused: Refused[] = [
  { url: 'http://app.example.com/auth', environment: 'production', rule: 'must use https (plain http is only for loopback URLs on development hosts)' },
  { url: 'http://app.example.com/auth', environment: 'development', rule: 'must use https (plain http is only for loopback URLs on development hosts)' },
  { url: 'http://127.0.0.2:3000/auth', environment: 'development', rule: 'must use https' },
  { url: 'http://localhost.example.com/auth', environment: 'development', rule: 'must use https' },
  { url: 'http://127.0.0.1:3000/auth', environment: 'production', rule: 'loopback URLs are only accepted by development hosts' },
  { url: 'http://[::1]:3000/auth', environment: 'production', rule: 'loopback URLs are only accepted by development hosts' },
  { url: 'http://localhost:3000/auth', environment: 'production', rule: 'loopback URLs are only accepted by development hosts' },
  { url: 'https://localhost/auth', environment: 'production', rule: 'loopback URLs are only accepted by development hosts' },
  { url: 'https://127.0.0.1/auth', environment: 'production', rule: 'loopback URLs are only accepted by development hosts' },
  { url: 'https://*.example.com/auth', environment: 'production', rule: 'wildcards are not allowed' },
  { url: 'https://app.example.com/*', environment: 'development', rule: 'wildcards are not allowed' },
  { url: 'https://app.example.com/auth#state', environment: 'production', rule: 'fragments are not allowed (RFC 6749 §3.1.2)' },
  { url: 'https://app.example.com/auth#', environment: 'production', rule: 'fragments are not allowed' },
  { url: 'com.example.app:/callback#x', environment: 'production', rule: 'fragments are not allowed' },
  { url: 'https://user@app.example.com/auth', environment: 'production', rule: 'user-info is not allowed' },
  { url: 'https://user:secret@app.example.com/auth', environment: 'production', rule: 'user-info is not allowed' },
  { url: 'http://user@127.0.0.1:3000/auth', environment: 'development', rule: 'user-info is not allowed' },
  { url: 'javascript:alert(1)', environment: 'development', rule: 'the javascript: scheme is not allowed' },
  { url: 'JavaScript:alert(1)', environment: 'production', rule: 'the javascript: scheme is not allowed' },
  { url: 'data:text/html,hello', environment: 'development', rule: 'the data: scheme is not allowed' },
  { url: 'file:///etc/hosts', environment: 'development', rule: 'the file: scheme is not allowed' },
  { url: 'vbscript:msgbox(1)', environment: 'production', rule: 'the vbscript: scheme is not allowed' },
  { url: 'blob:https://app.example.com/1', environment: 'production', rule: 'the blob: scheme is not allowed' },
  { url: 'https://app.example.com/a b', environment: 'production', rule: 'must not contain whitespace' },
  { url: 'https://app.example.com/auth\n', environment: 'production', rule: 'must not contain whitespace' },
  // A control character is never what a browser sends back; clientName already refuses them.
  { url: 'https://app.example.com/auth\u0000', environment: 'production', rule: 'must not contain whitespace or control characters' },
  { url: 'https://app.example.com/auth\u007f', environment: 'production', rule: 'must not contain whitespace or control characters' },
  // Providers compare redirect URLs as exact strings: a spelling the URL parser repairs never matches.
  { url: 'https:/app.example.com/auth', environment: 'production', rule: "an http(s) URL starts with 'scheme://host'" },
  { url: 'https:app.example.com/auth', environment: 'production', rule: "an http(s) URL starts with 'scheme://host'" },
  { url: 'https:///app.example.com/auth', environment: 'production', rule: "an http(s) URL starts with 'scheme://host'" },
  { url: 'HTTPS:/app.example.com/auth', environment: 'production', rule: "an http(s) URL starts with 'scheme://host'" },
  { url: 'http:/127.0.0.1:3000/auth', environment: 'development', rule: "an http(s) URL starts with 'scheme://host'" },
  { url: 'https://app.example.com\\auth', environment: 'production', rule: 'must not contain backslashes' },
  { url: 'com.example.app:\\callback', environment: 'production', rule: 'must not contain backslashes' },
  // `localhost.` is the fully-qualified loopback name: still loopback, so not for production hosts.
  { url: 'https://localhost./auth', environment: 'production', rule: 'loopback URLs are only accepted by development hosts' },
  { url: 'http://localhost.:3000/auth', environment: 'production', rule: 'loopback URLs are only accepted by development hosts' },
  { url: '/auth/callback', environment: 'production', rule: 'is not an absolute URL' },
  { url: 'app.example.com/auth', environment: 'production', rule: 'is not an absolute URL' },
  { url: '', environment: 'production', rule: 'is not an absolute URL' },
  { url: `https://app.example.com/${'a'.repeat(1977)}`, environment: 'production', rule: 'must be at most 2000 characters' },
  { url: 'com.example.app://callback', environment: 'production', rule: 'a private-use scheme URL has a single slash' },
  { url: 'myapp:/callback', environment: 'production', rule: "the scheme 'myapp' is neither https nor a reverse-domain private-use scheme" },
  { url: 'ftp://files.example.com/auth', environment: 'production', rule: "the scheme 'ftp' is neither https nor a reverse-domain private-use scheme" },
];

/** Test titles: the URL quoted (control characters visible) and long ones shortened. */
const show = (url: string) => (url.length > 60 ? `${JSON.stringify(url.slice(0, 40))}… (${url.length} characters)` : JSON.stringify(url));
const titled = <T extends { readonly url: string }>(cases: readonly T[]) => cases.map((c) => ({ ...c, shown: show(c.url) }));

describe('checkRedirectUrl', () => {
  test('the exact 2000-character limit is accepted and one more is refused', () => {
    const at = `https://app.example.com/${'a'.repeat(2000 - 'https://app.example.com/'.length)}`;

    expect(at).toHaveLength(2000);
    expect(checkRedirectUrl(at, 'production')).toEqual({ ok: true, kind: 'https' });
    expect(checkRedirectUrl(`${at}a`, 'production')).toEqual({ ok: false, rule: 'must be at most 2000 characters' });
  });

  test.each(titled(accepted))('accepts $shown on a $environment host as $kind', ({ url, environment, kind }) => {
    expect(checkRedirectUrl(url, environment)).toEqual({ ok: true, kind });
  });

  test.each(titled(refused))('refuses $shown on a $environment host: $rule', ({ url, environment, rule }) => {
    const result = checkRedirectUrl(url, environment);

    expect(result.ok).toBe(false);
    expect(result).toEqual({ ok: false, rule: expect.stringContaining(rule) });
  });
});

describe('checkWebUrl (policy, terms of service, logo)', () => {
  test.each(['https://app.example.com/privacy', 'https://cdn.example.com/logo.png?v=2'])('accepts %s', (url) => {
    expect(checkWebUrl(url)).toBeUndefined();
  });

  test.each([
    ['http://app.example.com/privacy', 'must use https'],
    ['javascript:alert(1)', 'must use https'],
    ['data:image/png;base64,iVBORw0KGgo=', 'must use https'],
    ['https://user:pw@app.example.com/terms', 'user-info is not allowed'],
    ['privacy.html', 'is not an absolute URL'],
    [`https://app.example.com/${'a'.repeat(2000)}`, 'must be at most 2000 characters'],
  ].map(([url, rule]) => ({ url, rule, shown: show(url) })))('refuses $shown: $rule', ({ url, rule }) => {
    expect(checkWebUrl(url)).toBe(rule);
  });
});

describe('checkIssuerUrl', () => {
  test.each([
    ['https://auth.example.com', 'production'],
    ['https://auth.example.com/realms/team', 'production'],
    ['http://127.0.0.1:9400', 'development'],
    ['http://localhost:9400', 'development'],
    ['http://localhost.:9400', 'development'],
  ] as const)('accepts %s on a %s host', (url, environment) => {
    expect(checkIssuerUrl(url, environment)).toBeUndefined();
  });

  test.each([
    ['http://auth.example.com', 'production', 'must use https'],
    ['http://auth.example.com', 'development', 'must use https'],
    ['http://127.0.0.1:9400', 'production', 'plain http is only for loopback issuers of development hosts'],
    ['http://localhost.:9400', 'production', 'plain http is only for loopback issuers of development hosts'],
    ['https://auth.example.com?tenant=eu', 'production', 'must not have a query or fragment (RFC 8414 §2)'],
    ['https://auth.example.com#x', 'production', 'must not have a query or fragment'],
    // An empty query or fragment is still a component (RFC 8414 §2).
    ['https://auth.example.com?', 'production', 'must not have a query or fragment'],
    ['https://auth.example.com#', 'production', 'must not have a query or fragment'],
    ['https://admin:pw@auth.example.com', 'production', 'user-info is not allowed'],
    ['auth.example.com', 'production', 'is not an absolute URL'],
  ] as const)('refuses %s on a %s host: %s', (url, environment, rule) => {
    expect(checkIssuerUrl(url, environment)).toEqual(expect.stringContaining(rule));
  });

  test('the exact 2000-character limit is accepted and one more is refused', () => {
    const at = `https://auth.example.com/${'a'.repeat(2000 - 'https://auth.example.com/'.length)}`;

    expect(at).toHaveLength(2000);
    expect(checkIssuerUrl(at, 'production')).toBeUndefined();
    expect(checkIssuerUrl(`${at}a`, 'production')).toBe('must be at most 2000 characters');
  });
});
