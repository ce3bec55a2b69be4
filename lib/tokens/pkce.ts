// Proof Key for Code Exchange (RFC 7636) with S256, and the other one-time values of a login:
// `state` (RFC 6749 §10.12, CSRF) and `nonce` (OpenID Connect Core §3.1.2.1, replay).
import { createHash, randomBytes } from 'node:crypto';

export interface LoginSecrets {
  /** RFC 7636 §4.1: 43 characters of base64url from 32 random octets. */
  readonly codeVerifier: string;
  /** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
  readonly codeChallenge: string;
  readonly state: string;
  readonly nonce: string;
}

export const codeChallengeOf = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

export function newLoginSecrets(): LoginSecrets {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: codeChallengeOf(codeVerifier), state: randomBytes(16).toString('base64url'), nonce: randomBytes(16).toString('base64url') };
}
