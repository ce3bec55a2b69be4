// Refusing scope values the server does not know. oidc-provider drops them silently and issues
// a token without them (provider-apis G4); a client that asked for a misspelt scope should hear
// about it (RFC 6749 §5.2 `invalid_scope`) instead of getting a token that fails later at the API.

/** The requested values that are not in `known`, in request order; none for no `scope`. */
export function unknownScopes(requested: unknown, known: ReadonlySet<string>): string[] {
  if (typeof requested !== 'string') return [];
  return requested.split(' ').filter((value) => value !== '' && !known.has(value));
}
