// Which URLs the client may call, decided from the URL text alone — before any DNS lookup, so a
// hostile resolver cannot turn a refused name into an allowed address.
import { InsecureUrlError } from './errors';

/**
 * Parses `url` and enforces the transport rules: http or https only, no credentials in the URL,
 * and plain http only to loopback (127.0.0.0/8, [::1], localhost) — OAuth 2.0 requires TLS for
 * every endpoint that carries credentials (RFC 6749 §1.6, §2.3.1, §3.1, §3.2).
 * @throws InsecureUrlError when a rule is broken
 */
export function checkedUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The text is not echoed: a malformed URL may still hold a token in what looks like its query.
    throw new InsecureUrlError('<invalid>', 'not an absolute URL');
  }
  const printable = printableUrl(parsed);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InsecureUrlError(printable, `scheme ${parsed.protocol} is not supported, use https:`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new InsecureUrlError(printable, 'credentials in the URL are not allowed, pass them as basic or bearer');
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new InsecureUrlError(printable, 'plain http is only allowed to a loopback host, use https:');
  }
  return parsed;
}

/** The URL without userinfo, query string or fragment — the only form of a URL that goes into a log line or an error. */
export function printableUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * True for names that cannot leave the machine. `URL` has already normalised the host
 * (`127.1` → `127.0.0.1`, `LOCALHOST` → `localhost`, `[0:0::1]` → `[::1]`), so exact checks suffice.
 * `localhost` is trusted by name because RFC 6761 §6.3 reserves it for loopback.
 */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
