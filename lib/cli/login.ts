// `oauth-clients login <stack>/<client>`: signs a user in with a deployed client, the way a native
// app does (RFC 8252): authorization code + PKCE S256 through the browser, the redirect received
// on a loopback listener, state, issuer and nonce checked; then the tokens' verified claims.
import type { JWTPayload } from 'jose';
import { Redactor } from '../http';
import type { ClientSpec } from '../model';
import { authorizationCodeLogin } from '../tokens/authorization-code';
import { isJwt } from '../tokens/verify-jwt';
import { CliError, reportFailures } from './private/cli-error';
import { resolveDeclaredClient } from './private/declared-client';
import { openBrowser } from './private/open-browser';
import { requestedScopes } from './private/requested-scopes';
import { expiryLine, openTokenSession, scopeList } from './private/token-session';
import { parseVerbArgs } from './private/verb-args';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients login <stack>/<client> [--scope S]... [--redirect-url URL] [--no-browser] [--timeout SECONDS] [--synth]

Signs a user in with the client (authorization code + PKCE S256) through the browser: listens on
the client's loopback redirect URL (127.0.0.1), opens the browser when there is one and always
prints the URL to open, checks the response's state and issuer and the ID token's nonce, and
prints the verified claims of the ID and access tokens as JSON. Tokens and secrets are never
printed. Works for public and confidential clients.

  <stack>/<client>    the stack and the client's construct path or key
  --scope S           ask for these of the client's declared scopes (default: all of them);
                      with 'openid' an ID token comes back
  --redirect-url URL  which of the client's loopback redirect URLs to listen on (default: the first)
  --no-browser        only print the URL (also when there is no display)
  --timeout SECONDS   how long to wait for the sign-in (default 300)
  --synth             synthesize the app instead of reading the last synthesized cdktf.out
  -h, --help          show this help
`;

const OPTIONS = {
  scope: { type: 'string', multiple: true },
  'redirect-url': { type: 'string' },
  'no-browser': { type: 'boolean' },
  timeout: { type: 'string' },
  synth: { type: 'boolean' },
} as const;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const IP_LITERALS = new Set(['127.0.0.1', '[::1]']);

export async function run(args: string[]): Promise<number> {
  const parsed = parseVerbArgs('login', args, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const timeoutSeconds = values.timeout === undefined ? 300 : Number(values.timeout);
  if (!(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0)) {
    process.stderr.write(`oauth-clients login: --timeout must be a whole number of seconds, got '${values.timeout}'\n\n${USAGE}`);
    return EXIT.usage;
  }
  const redactor = new Redactor();
  return reportFailures('login', redactor, async () => {
    const client = await resolveDeclaredClient(parsed.positionals[0], { cwd: process.cwd(), synth: values.synth, log: (line) => process.stderr.write(`${line}\n`) });
    const { spec, ref } = client;
    if (!spec.grantTypes.includes('authorization_code')) {
      throw new CliError(`${ref} does not sign users in (grant types: ${spec.grantTypes.join(', ')}): get a token as the client itself with: oauth-clients token ${ref}`, EXIT.usage);
    }
    const redirectUrl = loopbackRedirect(spec, values['redirect-url']);
    const scopes = requestedScopes(spec, values.scope);

    const session = await openTokenSession(client, process.env, redactor);
    try {
      const metadata = await session.metadata();
      // RFC 8252 §7.3: any port for a loopback IP literal; node-oidc-provider, like most, grants that to native clients only.
      const anyPort = spec.applicationType === 'native' && IP_LITERALS.has(new URL(redirectUrl).hostname);
      const { tokens, nonce } = await authorizationCodeLogin({
        http: session.http,
        metadata,
        client: session.auth,
        redirectUrl,
        anyPort,
        scopes,
        openid: scopes.includes('openid'),
        timeoutMs: timeoutSeconds * 1000,
        onAuthorizationUrl: (url) => {
          const opened = !values['no-browser'] && openBrowser(url, process.env);
          process.stderr.write(`${opened ? 'Opened the browser; if it did not show the sign-in, open' : 'Open'} this URL to sign in to ${metadata.issuer}:\n\n  ${url}\n\nWaiting for the redirect to ${redirectUrl} ...\n`);
        },
      });
      const verifier = await session.verifier();
      const idClaims = tokens.id_token ? await verifier.verify(tokens.id_token, { what: 'ID token', audience: session.credentials.client_id, ...(nonce ? { nonce } : {}) }) : undefined;
      if (nonce && !idClaims) throw new CliError(`the provider returned no ID token although 'openid' was asked for (OpenID Connect Core §3.1.3.3)`);
      const accessClaims = isJwt(tokens.access_token) ? await verifier.verify(tokens.access_token, { what: 'access token' }) : undefined;
      const granted = accessClaims ? scopeList(accessClaims.scope ?? accessClaims.scp) : scopeList(tokens.scope);
      process.stderr.write(
        `signed in with ${ref} (client_id ${session.credentials.client_id})${idClaims?.sub ? ` as '${idClaims.sub}'` : ''}: ` +
          `scopes ${granted.join(' ') || '(none)'}; access token ${expiryLine(accessClaims, tokens.expires_in)}` +
          `${tokens.refresh_token ? '; a refresh token was issued (not shown)' : ''}\n`,
      );
      const access: JWTPayload | Record<string, unknown> = accessClaims ?? { opaque: true, token_type: tokens.token_type, ...(tokens.expires_in !== undefined ? { expires_in: tokens.expires_in } : {}), ...(tokens.scope ? { scope: tokens.scope } : {}) };
      process.stdout.write(`${JSON.stringify({ ...(idClaims ? { id_token: idClaims } : {}), access_token: access }, null, 2)}\n`);
      return EXIT.ok;
    } finally {
      await session.close();
    }
  });
}

/** The redirect URL to listen on: a loopback one of the client's (RFC 8252 §7.3), or a clear error saying what to declare. */
function loopbackRedirect(spec: ClientSpec, chosen: string | undefined): string {
  const loopbacks = spec.redirectUrls.filter((url) => {
    const parsed = URL.parse(url);
    return parsed?.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
  });
  if (chosen !== undefined) {
    if (!loopbacks.includes(chosen)) {
      throw new CliError(`--redirect-url: '${chosen}' is not one of ${spec.key}'s loopback redirect URLs (${loopbacks.join(', ') || 'it has none'})`, EXIT.usage);
    }
    return chosen;
  }
  if (loopbacks.length > 0) return loopbacks[0];
  const advice =
    spec.host.environment === 'development'
      ? `add one to its redirectUrls on this development host, e.g. RedirectUrl.loopback(8765, { path: '/callback' }) (http://127.0.0.1:8765/callback), and deploy`
      : `host '${spec.host.name}' is a production host, which refuses loopback redirects: sign in with a client of a development host`;
  throw new CliError(`${spec.key} has no loopback redirect URL for login to listen on (RFC 8252 §7.3; its redirect URLs: ${spec.redirectUrls.join(', ') || 'none'}): ${advice}`, EXIT.usage);
}
