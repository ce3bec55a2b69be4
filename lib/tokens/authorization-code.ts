// A user's sign-in for a client, as a native app does it (RFC 8252): authorization code with
// PKCE S256 (RFC 7636), the redirect received on a loopback listener (§7.3), `state` checked
// (RFC 6749 §10.12), `iss` checked when sent (RFC 9207), and the code exchanged for tokens.
import type { HttpClient } from '../http';
import type { IssuerMetadata } from './issuer-metadata';
import { listenOnLoopback } from './loopback-listener';
import { newLoginSecrets } from './pkce';
import { TokenError } from './token-error';
import { requestToken, type ClientAuthentication, type TokenResponse } from './token-request';

export interface LoginRequest {
  readonly http: HttpClient;
  readonly metadata: IssuerMetadata;
  readonly client: ClientAuthentication;
  /** The registered redirect URL the listener answers (its port may be replaced, see `anyPort`). */
  readonly redirectUrl: string;
  /** RFC 8252 §7.3: the provider lets a loopback IP redirect take any port; listen on a free one. */
  readonly anyPort: boolean;
  readonly scopes: readonly string[];
  /** Send a nonce: only with the `openid` scope (OpenID Connect Core §3.1.2.1; providers refuse it otherwise). */
  readonly openid: boolean;
  /** Called with the URL the user opens (printed, and given to a browser). */
  readonly onAuthorizationUrl: (url: string) => void;
  readonly timeoutMs: number;
}

export interface LoginResult {
  readonly tokens: TokenResponse;
  /** The nonce sent, to check in the ID token; undefined without openid. */
  readonly nonce?: string;
  /** The redirect URL used (with the listener's port). */
  readonly redirectUri: string;
}

export async function authorizationCodeLogin(request: LoginRequest): Promise<LoginResult> {
  const { metadata } = request;
  if (!metadata.authorization_endpoint) throw new TokenError('refused', `the metadata of ${metadata.issuer} names no authorization_endpoint`);
  // RFC 8414 §2: a server that lists its PKCE methods must list S256 for this login to be safe.
  const methods = metadata.code_challenge_methods_supported;
  if (methods && !methods.includes('S256')) throw new TokenError('refused', `${metadata.issuer} does not support PKCE S256 (code_challenge_methods_supported: ${methods.join(', ')})`);

  const registered = new URL(request.redirectUrl);
  const address = registered.hostname === '[::1]' ? '::1' : '127.0.0.1';
  const port = request.anyPort ? 0 : Number(registered.port || 80);
  const listener = await listenOnLoopback(address, port, registered.pathname);
  try {
    const redirect = new URL(registered.href);
    redirect.port = String(listener.port);
    const redirectUri = request.anyPort ? redirect.href : request.redirectUrl;
    const secrets = newLoginSecrets();
    const url = new URL(metadata.authorization_endpoint);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: request.client.clientId,
      redirect_uri: redirectUri,
      scope: request.scopes.join(' '),
      state: secrets.state,
      code_challenge: secrets.codeChallenge,
      code_challenge_method: 'S256',
      ...(request.openid ? { nonce: secrets.nonce } : {}),
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const received = listener.response((query) => checkResponse(query, secrets.state, metadata), request.timeoutMs);
    request.onAuthorizationUrl(url.href);
    const code = await received;
    const tokens = await requestToken(request.http, metadata.token_endpoint, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: secrets.codeVerifier }, request.client);
    return { tokens, redirectUri, ...(request.openid ? { nonce: secrets.nonce } : {}) };
  } finally {
    await listener.close();
  }
}

/** The code of a response that belongs to this login; anything else fails it (RFC 6749 §4.1.2, §10.12; RFC 9207 §2.4). */
function checkResponse(query: URLSearchParams, state: string, metadata: IssuerMetadata): string {
  if (query.get('state') !== state) {
    throw new TokenError('rejected', "the authorization response's state does not match this login's (a forged or stale redirect): refused");
  }
  const iss = query.get('iss');
  if (iss !== null ? iss !== metadata.issuer : metadata.authorization_response_iss_parameter_supported === true) {
    throw new TokenError('rejected', `the authorization response comes from issuer '${iss ?? '(none)'}', not ${metadata.issuer} (RFC 9207): refused`);
  }
  const error = query.get('error');
  if (error !== null) {
    const description = query.get('error_description');
    throw new TokenError('refused', `the provider refused the sign-in (${error}${description ? `: ${description}` : ''})`, error);
  }
  const code = query.get('code');
  if (!code) throw new TokenError('rejected', 'the authorization response carries no code');
  return code;
}
