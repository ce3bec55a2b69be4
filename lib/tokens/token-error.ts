// The one error type of lib/tokens: what went wrong getting or checking a token, in words a
// developer acts on, with the OAuth error code when the provider sent one. Never a secret or token.

export type TokenErrorKind =
  /** The request was refused before anything was sent (an undeclared scope, an unsupported option). */
  | 'usage'
  /** The provider could not be reached. */
  | 'unreachable'
  /** The provider answered with an error (RFC 6749 §5.2) or an unusable response. */
  | 'refused'
  /** A token or an authorization response failed a check (signature, issuer, state, nonce). */
  | 'rejected';

export class TokenError extends Error {
  constructor(
    readonly kind: TokenErrorKind,
    message: string,
    /** RFC 6749 §5.2 `error`, e.g. `invalid_client`. */
    readonly oauthError?: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TokenError';
  }
}
