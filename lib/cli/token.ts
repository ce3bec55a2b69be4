// `oauth-clients token <stack>/<client>`: a client-credentials access token (RFC 6749 §4.4) for a
// deployed client, got with its exported credentials, verified against the issuer's keys, and
// shown as claims. The demo ends with this verb; the secret itself is never printed.
import type { JWTPayload } from 'jose';
import { Redactor } from '../http';
import { PROVIDER_CAPABILITIES, type ClientSpec } from '../model';
import { TokenError } from '../tokens/token-error';
import { requestToken, type TokenResponse } from '../tokens/token-request';
import { isJwt } from '../tokens/verify-jwt';
import { CliError, reportFailures } from './private/cli-error';
import { resolveDeclaredClient, type ResolvedClient } from './private/declared-client';
import { requestedScopes } from './private/requested-scopes';
import { expiryLine, openTokenSession, scopeList, type TokenSession } from './private/token-session';
import { parseVerbArgs } from './private/verb-args';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients token <stack>/<client> [--scope S]... [--audience URI] [--raw] [--synth]

Gets a client-credentials access token with the client's exported credentials (read from its
host's store), verifies it against the issuer's published keys, and prints its claims as JSON on
stdout and its expiry on stderr. The client secret is never printed.

  <stack>/<client>      the stack and the client's construct path or key
  --scope S             ask for these of the client's declared scopes (repeat it, or separate
                        with spaces); default: every declared scope. An undeclared scope is
                        refused before any request
  --audience URI        the API the token is for: an RFC 8707 resource indicator, or Hydra's
                        audience parameter (refused where the host's API takes none)
  --raw                 print the access token alone:
                        curl -H "Authorization: Bearer $(npx oauth-clients token app/svc --raw)" ...
  --synth               synthesize the app instead of reading the last synthesized cdktf.out
  -h, --help            show this help

Test tokens, where the host's API mints them (capability testTokens, light-portal):
  --expires-in SECONDS  lifetime of the token
  --user-id ID          the user the token is for
  --roles R1,R2         the user's roles
  --claim KEY=VALUE     an extra claim (repeatable)
`;

const OPTIONS = {
  scope: { type: 'string', multiple: true },
  audience: { type: 'string' },
  raw: { type: 'boolean' },
  synth: { type: 'boolean' },
  'expires-in': { type: 'string' },
  'user-id': { type: 'string' },
  roles: { type: 'string' },
  claim: { type: 'string', multiple: true },
} as const;

const TEST_TOKEN_OPTIONS = ['expires-in', 'user-id', 'roles', 'claim'] as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseVerbArgs('token', args, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const redactor = new Redactor();
  return reportFailures('token', redactor, async () => {
    const client = await resolveDeclaredClient(parsed.positionals[0], { cwd: process.cwd(), synth: values.synth, log: (line) => process.stderr.write(`${line}\n`) });
    // Everything a user can get wrong is refused here, before the store is read or a request sent.
    checkClientCredentialsClient(client);
    const scopes = requestedScopes(client.spec, values.scope);
    const testOptions = TEST_TOKEN_OPTIONS.filter((name) => values[name] !== undefined);
    if (testOptions.length > 0) checkTestTokens(client.spec, testOptions);
    const audience = audienceParameter(client.spec, values.audience);

    const session = await openTokenSession(client, process.env, redactor);
    try {
      const { token, claims } = await clientCredentialsToken(session, scopes, audience, values.audience);
      if (values.raw) {
        process.stdout.write(`${token.access_token}\n`);
        return EXIT.ok;
      }
      printToken(session, token, claims, scopes);
      return EXIT.ok;
    } finally {
      await session.close();
    }
  });
}

/** Gets and verifies the token; a refusal says what to check, never the secret. */
export async function clientCredentialsToken(
  session: TokenSession,
  scopes: readonly string[],
  audienceParams: Readonly<Record<string, string>> = {},
  audience?: string,
): Promise<{ token: TokenResponse; claims?: JWTPayload }> {
  const metadata = await session.metadata();
  const params: Record<string, string> = { grant_type: 'client_credentials', ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}), ...audienceParams };
  let token: TokenResponse;
  try {
    token = await requestToken(session.http, metadata.token_endpoint, params, session.auth);
  } catch (error) {
    throw explainRefusal(session, error);
  }
  if (!isJwt(token.access_token)) return { token };
  const claims = await (await session.verifier()).verify(token.access_token, { what: 'access token', ...(audience ? { audience } : {}) });
  return { token, claims };
}

function explainRefusal(session: TokenSession, error: unknown): unknown {
  if (!(error instanceof TokenError) || error.oauthError !== 'invalid_client') return error;
  const { client, credentials } = session;
  return new CliError(
    `${error.message}: the provider does not accept the credentials exported for ${client.ref} (client_id ${credentials.client_id}, ` +
      `'${client.exportPath}' in ${session.store}). The secret was changed or the client re-created outside this project; ` +
      `the export is written on the first apply only, so restore the matching secret there`,
  );
}

function checkClientCredentialsClient(client: ResolvedClient): void {
  const { spec, ref } = client;
  if (spec.publicClient) {
    throw new CliError(`${ref} is a public client: it holds no secret, so it cannot get a client-credentials token (RFC 6749 §4.4). Sign in as a user instead: oauth-clients login ${ref}`, EXIT.usage);
  }
  if (!spec.grantTypes.includes('client_credentials')) {
    throw new CliError(
      `${ref} is not declared with the client-credentials flow (grant types: ${spec.grantTypes.join(', ')}), so the provider would refuse it. ` +
        `Sign in as a user with: oauth-clients login ${ref}, or declare flows: { clientCredentials: true }`,
      EXIT.usage,
    );
  }
}

function checkTestTokens(spec: ClientSpec, options: readonly string[]): void {
  const capabilities = PROVIDER_CAPABILITIES[spec.host.flavour];
  const flags = options.map((o) => `--${o}`).join(', ');
  if (!capabilities.testTokens) {
    throw new CliError(
      `${flags}: host '${spec.host.name}' (${spec.host.flavour}) cannot mint test tokens; only a host whose API mints them (light-portal) takes these options. ` +
        `A client-credentials token carries the client's own identity; for a user's token use: oauth-clients login`,
      EXIT.usage,
    );
  }
  throw new CliError(`${flags}: the ${spec.host.flavour} adapter does not mint test tokens yet`);
}

/** The token request's parameter for `--audience`, as the host's API names it; refused where it has none. */
function audienceParameter(spec: ClientSpec, audience: string | undefined): Record<string, string> {
  if (audience === undefined) return {};
  const parameter = PROVIDER_CAPABILITIES[spec.host.flavour].audienceParameter;
  if (parameter === 'none') {
    throw new CliError(`--audience: host '${spec.host.name}' (${spec.host.flavour}) takes no audience in a token request; the client's configuration at the provider decides it`, EXIT.usage);
  }
  return { [parameter]: audience };
}

function printToken(session: TokenSession, token: TokenResponse, claims: JWTPayload | undefined, asked: readonly string[]): void {
  const { client, credentials } = session;
  const granted = claims ? scopeList(claims.scope ?? claims.scp) : scopeList(token.scope);
  const what = claims ? 'verified JWT access token' : 'opaque access token (not a JWT: only the provider can read its claims, by introspection)';
  process.stderr.write(`${what} for ${client.ref} (client_id ${credentials.client_id}) from ${credentials.issuer}\n`);
  process.stderr.write(`scopes: ${granted.join(' ') || '(none)'}; ${expiryLine(claims, token.expires_in)}\n`);
  const missing = asked.filter((scope) => !granted.includes(scope));
  if (missing.length > 0) process.stderr.write(`note: asked for ${missing.join(' ')} and the provider did not grant ${missing.length === 1 ? 'it' : 'them'}\n`);
  const shown = claims ?? { token_type: token.token_type, ...(token.expires_in !== undefined ? { expires_in: token.expires_in } : {}), ...(token.scope !== undefined ? { scope: token.scope } : {}) };
  process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
}
