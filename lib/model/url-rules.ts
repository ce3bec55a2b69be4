// Rules for the URLs a client declares: redirect URLs (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §4.1)
// and the consent-screen URLs (policy, terms, logo). Pure functions: constructs and the handler share them.
import { LIMITS } from './defaults';
import { mixedScriptRule, portRule, spellingRule } from './url-spelling';
import type { HostEnvironment } from './vocabulary';

/** How a redirect URL reaches the client. */
export type RedirectUrlKind = 'https' | 'loopback' | 'private-use';

/** RFC 8252 §7.3 loopback hosts; `localhost` is allowed but discouraged there. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** `localhost.` is `localhost` to a resolver. */
const isLoopback = (hostname: string) => LOOPBACK_HOSTS.has(hostname.replace(/\.$/, ''));

/** Schemes a browser would execute or read locally instead of redirecting. */
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'file:', 'vbscript:', 'blob:', 'about:']);

export type UrlCheck = { readonly ok: true; readonly kind: RedirectUrlKind } | { readonly ok: false; readonly rule: string };

const fail = (rule: string): UrlCheck => ({ ok: false, rule });

/** Classifies a redirect URL, or says which rule it breaks (the caller adds field and value). */
export function checkRedirectUrl(value: string, environment: HostEnvironment): UrlCheck {
  if (value.length > LIMITS.url) return fail(`must be at most ${LIMITS.url} characters`);
  if (value.includes('*')) return fail('wildcards are not allowed (redirect URLs are matched exactly, RFC 9700 §4.1.3)');
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return fail('must not contain whitespace or control characters');
  if (value.includes('\\')) return fail('must not contain backslashes');
  // The URL parser repairs `https:/host` and `https:host`; providers compare the registered string exactly.
  if (/^https?:/i.test(value) && !/^https?:\/\/[^/]/i.test(value)) return fail("an http(s) URL starts with 'scheme://host'");
  const port = portRule(value);
  if (port) return fail(port);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('is not an absolute URL');
  }
  if (FORBIDDEN_SCHEMES.has(url.protocol)) return fail(`the ${url.protocol} scheme is not allowed`);
  if (url.hash !== '' || value.includes('#')) return fail('fragments are not allowed (RFC 6749 §3.1.2)');
  if (url.username !== '' || url.password !== '') return fail('user-info is not allowed');
  // Before the spelling: a look-alike host is refused whichever way it is spelt.
  const mixed = url.protocol === 'https:' ? mixedScriptRule(url.hostname) : undefined;
  if (mixed) return fail(mixed);
  const spelling = spellingRule(value, url);
  if (spelling) return fail(spelling);
  if (url.protocol === 'https:') {
    if (isLoopback(url.hostname)) {
      return environment === 'development' ? { ok: true, kind: 'loopback' } : fail('loopback URLs are only accepted by development hosts');
    }
    return { ok: true, kind: 'https' };
  }
  if (url.protocol === 'http:') {
    if (!isLoopback(url.hostname)) return fail('must use https (plain http is only for loopback URLs on development hosts)');
    if (environment !== 'development') return fail('loopback URLs are only accepted by development hosts');
    return { ok: true, kind: 'loopback' };
  }
  // RFC 8252 §7.1: a private-use scheme is a reverse domain name the app owns, e.g. com.example.app:/cb.
  const scheme = url.protocol.slice(0, -1);
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(scheme)) {
    return fail(`the scheme '${scheme}' is neither https nor a reverse-domain private-use scheme (RFC 8252 §7.1, e.g. com.example.app:/callback)`);
  }
  if (value.startsWith(`${url.protocol}//`)) return fail('a private-use scheme URL has a single slash (RFC 8252 §7.1, e.g. com.example.app:/callback)');
  return { ok: true, kind: 'private-use' };
}

/** Consent-screen URLs (policy, terms of service, logo) are shown to users: https only. */
export function checkWebUrl(value: string): string | undefined {
  if (value.length > LIMITS.url) return `must be at most ${LIMITS.url} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (url.username !== '' || url.password !== '') return 'user-info is not allowed';
  return undefined;
}

/** The issuer: https, or plain http on loopback for a development host (the local provider). */
export function checkIssuerUrl(value: string, environment: HostEnvironment): string | undefined {
  if (value.length > LIMITS.url) return `must be at most ${LIMITS.url} characters`;
  if (value.includes('?') || value.includes('#')) return 'must not have a query or fragment (RFC 8414 §2)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.search !== '' || url.hash !== '') return 'must not have a query or fragment (RFC 8414 §2)';
  if (url.username !== '' || url.password !== '') return 'user-info is not allowed';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) {
    return environment === 'development' ? undefined : 'plain http is only for loopback issuers of development hosts';
  }
  return 'must use https (plain http only for a loopback issuer of a development host)';
}
