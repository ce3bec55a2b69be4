// Checks a JWT the provider issued, with jose, against the issuer's published keys (fetched with
// the project's HTTP client, once per run): signature, issuer, expiry, and audience or nonce when
// the caller knows them. An opaque (non-JWT) token cannot be checked here and is reported as such.
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { HttpClient } from '../http';
import type { IssuerMetadata } from './issuer-metadata';
import { TokenError } from './token-error';

export interface VerifyOptions {
  /** The token's purpose in messages: "access token", "ID token". */
  readonly what: string;
  readonly audience?: string;
  /** OpenID Connect Core §3.1.3.7 (11): the ID token carries the nonce the request sent. */
  readonly nonce?: string;
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const isJwt = (token: string): boolean => JWT.test(token);

export class JwtVerifier {
  private keys?: Promise<ReturnType<typeof createLocalJWKSet>>;

  constructor(
    private readonly http: HttpClient,
    private readonly metadata: IssuerMetadata,
  ) {}

  /** The verified claims; throws a TokenError naming the failed check. */
  async verify(token: string, options: VerifyOptions): Promise<JWTPayload> {
    if (!isJwt(token)) throw new TokenError('rejected', `the ${options.what} is not a JWT`);
    const keys = await this.jwks();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: this.metadata.issuer, ...(options.audience ? { audience: options.audience } : {}) }));
    } catch (error) {
      throw new TokenError('rejected', `the ${options.what} does not verify against ${this.metadata.jwks_uri}: ${joseReason(error)}`, undefined, { cause: error });
    }
    if (options.nonce !== undefined && payload.nonce !== options.nonce) {
      throw new TokenError('rejected', `the ${options.what}'s nonce does not match the one this login sent (a replayed or injected token): refused`);
    }
    return payload;
  }

  private jwks(): Promise<ReturnType<typeof createLocalJWKSet>> {
    this.keys ??= (async () => {
      const uri = this.metadata.jwks_uri;
      if (!uri) throw new TokenError('refused', `the metadata of ${this.metadata.issuer} names no jwks_uri: tokens cannot be verified`);
      const response = await this.http.request({ method: 'GET', url: uri });
      const jwks = response.json as JSONWebKeySet | undefined;
      if (response.status !== 200 || !Array.isArray(jwks?.keys)) throw new TokenError('refused', `${uri} answered HTTP ${response.status} without a JSON Web Key Set`);
      return createLocalJWKSet(jwks);
    })();
    return this.keys;
  }
}

function joseReason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim '${error.claim}' ${error.reason === 'check_failed' ? 'does not match' : error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the signature does not match';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no published key matches it';
  return error instanceof Error ? error.message : String(error);
}
