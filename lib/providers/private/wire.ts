// Small pieces every admin-API adapter needs: naming the declared field a provider's error text
// refers to, following RFC 8288 `Link` headers, joining URLs, sorted lists for observe.
import type { HttpResponse } from '../../http';

/** Wire names (as providers spell them in error text) → the ClientSpec field the declaration spells. */
const FIELD_OF_WIRE: ReadonlyArray<readonly [RegExp, string]> = [
  [/post[_.\s-]?logout[_.\s-]?redirect/i, 'postLogoutRedirectUrls'],
  [/redirect[_\s-]?ur[il]|redirectUri/i, 'redirectUrls'],
  [/\bscopes?\b|clientScope/i, 'scopes'],
  [/grant[_\s]?types?|response[_\s]?types?/i, 'flows'],
  [/token_endpoint_auth_method|clientAuthenticatorType/i, 'tokenEndpointAuthMethod'],
  [/client_name|clientName/i, 'clientName'],
  [/policy[_\s]?ur[il]/i, 'policyUrl'],
  [/tos[_\s]?ur[il]/i, 'termsOfServiceUrl'],
  [/logo[_\s]?ur[il]/i, 'logoUrl'],
  [/contacts/i, 'contacts'],
  [/customClaim|claim/i, 'customClaims'],
  [/lifespan/i, 'accessTokenLifetimeSeconds'],
];

/** The first declared field a provider's error text names, if any. */
export function fieldNamedIn(...texts: Array<string | undefined>): string | undefined {
  const text = texts.filter(Boolean).join(' ');
  return FIELD_OF_WIRE.find(([pattern]) => pattern.test(text))?.[1];
}

/** The `rel="next"` target of an RFC 8288 Link header, resolved against `base`. */
export function nextLink(response: HttpResponse, base: string): string | undefined {
  const header = response.headers.link;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return undefined;
  for (const part of value.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel="?next"?/.test(match[2])) return new URL(match[1], base).toString();
  }
  return undefined;
}

/** `base` without a trailing slash, then `path`. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}${path}`;

export const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

export const words = (value: unknown): string[] => (typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : []);

export const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
