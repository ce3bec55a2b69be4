// One request to the token endpoint (RFC 6749 §3.2) with the client authentication the client was
// registered with, and the answer read as RFC 6749 §5.1 (success) or §5.2 (error).
import { HttpTransportError, oauthErrorOf, type HttpClient } from '../http';
import type { TokenEndpointAuthMethod } from '../model';
import { TokenError } from './token-error';

export interface ClientAuthentication {
  readonly clientId: string;
  /** Absent for a public client. */
  readonly clientSecret?: string;
  readonly method: TokenEndpointAuthMethod;
}

/** RFC 6749 §5.1 (and OpenID Connect Core §3.1.3.3 `id_token`). */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in?: number;
  readonly scope?: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
}

/** RFC 6749 §2.3.1: client id and secret are form-encoded before they go into Basic credentials. */
const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

export async function requestToken(http: HttpClient, tokenEndpoint: string, params: Record<string, string>, client: ClientAuthentication): Promise<TokenResponse> {
  const form: Record<string, string> = { ...params };
  let basic: { username: string; password: string } | undefined;
  switch (client.method) {
    case 'none':
      form.client_id = client.clientId; // RFC 6749 §3.2.1: a public client identifies itself
      break;
    case 'client_secret_basic':
      basic = { username: formEncode(client.clientId), password: formEncode(secretOf(client)) };
      break;
    case 'client_secret_post':
      form.client_id = client.clientId;
      form.client_secret = secretOf(client);
      break;
    default:
      throw new TokenError('usage', `client authentication '${client.method}' needs a signed assertion (RFC 7523), which this command does not make`);
  }
  let response;
  try {
    response = await http.request({ method: 'POST', url: tokenEndpoint, form, ...(basic ? { basic } : {}) });
  } catch (error) {
    const code = error instanceof HttpTransportError ? error.code : error instanceof Error ? error.message : String(error);
    throw new TokenError('unreachable', `cannot reach the token endpoint ${tokenEndpoint} (${code}): is the provider up?`, undefined, { cause: error });
  }
  const oauthError = oauthErrorOf(response);
  if (response.status !== 200 || oauthError) {
    const code = oauthError?.error;
    const description = oauthError?.error_description ? `: ${oauthError.error_description}` : '';
    throw new TokenError('refused', `the token endpoint refused (${code ?? 'no OAuth error'}, HTTP ${response.status}${description})`, code);
  }
  const body = response.json as Partial<TokenResponse> | undefined;
  if (typeof body?.access_token !== 'string' || typeof body.token_type !== 'string') {
    throw new TokenError('refused', `the token endpoint answered HTTP 200 without access_token and token_type (RFC 6749 §5.1)`);
  }
  return body as TokenResponse;
}

function secretOf(client: ClientAuthentication): string {
  if (!client.clientSecret) throw new TokenError('usage', `client ${client.clientId} authenticates with '${client.method}' but its export holds no client_secret`);
  return client.clientSecret;
}
