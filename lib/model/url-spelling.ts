// One spelling per redirect URL. Providers compare redirect URLs as exact strings (RFC 9700 §4.1.3,
// RFC 6749 §3.1.2.3) while browsers and reviewers read them parsed: `HTTPS://App.example.com`,
// `/cb/../admin`, `:443` or a Unicode host name are one URL to a reader and another to the
// provider. The declared text must therefore already be the parser's canonical form (WHATWG URL
// serialization: lower-case scheme and host, punycode hosts, no dot segments, no default or empty
// port); the message names that form so the fix is a copy. Refusing, not rewriting, keeps what the
// reviewer reads, what Terraform carries and what the provider stores one and the same string.
import { domainToUnicode } from 'node:url';

/** `scheme://authority` of an absolute URL with an authority, or undefined. */
const AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/;

/** The port rule the URL's text breaks (checked before parsing, so the port can be named), or undefined. */
export function portRule(value: string): string | undefined {
  const authority = AUTHORITY.exec(value)?.[2];
  if (authority === undefined) return undefined;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const colon = hostPort.startsWith('[') ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.lastIndexOf(':');
  if (colon < 0) return undefined;
  const port = hostPort.slice(colon + 1);
  if (port === '') return "has an empty port (remove the ':')";
  if (!/^\d+$/.test(port)) return `has a port that is not a number: '${port}'`;
  const number = Number(port);
  if (number === 0) return 'port 0 is not a port a browser can be sent to';
  if (number > 65_535) return `port ${port} is out of range (1-65535)`;
  return undefined;
}

/** Why `value` is not spelt as `url.href`, or undefined when it is. */
export function spellingRule(value: string, url: URL): string | undefined {
  if (value === url.href) return undefined;
  const [, scheme = '', authority = ''] = AUTHORITY.exec(value) ?? /^([^:]*):()/.exec(value) ?? [];
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const path = value.slice(scheme.length + 1 + (AUTHORITY.test(value) ? 2 + authority.length : 0)).split(/[?#]/)[0];
  const reasons: string[] = [];
  if (scheme !== scheme.toLowerCase()) reasons.push('the scheme in lower case');
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(host)) reasons.push('an internationalized host name in punycode (IDNA)');
  else if (host !== host.toLowerCase()) reasons.push('the host in lower case');
  if (path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) reasons.push("no '.' or '..' segments (also percent-encoded)");
  if ((url.protocol === 'https:' && /:443$/.test(host)) || (url.protocol === 'http:' && /:80$/.test(host))) reasons.push('no default port');
  const why = reasons.length > 0 ? reasons.join(', ') : 'the form the URL parser and the provider compare';
  return `must be spelt '${url.href}' (${why}): providers compare redirect URLs as exact strings`;
}

/**
 * Scripts a label may combine (UTS #39 §5.2 "Highly Restrictive"): Latin with the scripts of
 * Japanese, Chinese or Korean writing. Any other mix is the classic look-alike (`аpp` with a
 * Cyrillic `а`).
 */
const ALLOWED_MIXES: readonly ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

const SCRIPTS: readonly (readonly [string, RegExp])[] = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Devanagari', 'Bengali', 'Thai', 'Georgian',
  'Hangul', 'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Cherokee', 'Ethiopic', 'Tamil', 'Khmer',
].map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);

function scriptOf(char: string): string | undefined {
  if (!/\p{L}/u.test(char)) return undefined; // digits, '-' and marks belong to every script
  return SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'another script';
}

/** The rule a host name (as the URL parser gives it: punycode) breaks by mixing scripts in a label, or undefined. */
export function mixedScriptRule(hostname: string): string | undefined {
  // An ASCII label without the punycode prefix holds Latin letters only.
  if (!hostname.includes('xn--')) return undefined;
  const unicode = domainToUnicode(hostname);
  for (const label of unicode.split('.')) {
    const scripts = new Set([...label].map(scriptOf).filter((s): s is string => s !== undefined));
    if (scripts.size > 1 && !ALLOWED_MIXES.some((allowed) => [...scripts].every((s) => allowed.has(s)))) {
      return `the host '${hostname}' ('${unicode}') mixes ${[...scripts].join(' and ')} letters in the label '${label}': a look-alike of another host (UTS #39)`;
    }
  }
  return undefined;
}
