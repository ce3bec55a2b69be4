// The server's signing keys (RS256 and ES256) and cookie keys: generated on first start and kept
// in one 0600 file, so tokens issued before a restart still verify against /jwks. A file that is
// there but unusable stops the server (fail closed) instead of being silently replaced.

import { createHash, generateKeyPair, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

import { readTextIfExists, writeFileAtomicIn } from './atomic-file';

export interface SigningJwk extends JsonWebKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly use: 'sig';
}

export interface ServerKeys {
  /** Private JWKs; oidc-provider publishes their public halves at /jwks. */
  readonly jwks: { readonly keys: readonly SigningJwk[] };
  /** Keys that sign the interaction and session cookies (the first signs, all verify). */
  readonly cookieKeys: readonly string[];
}

const generate = promisify(generateKeyPair);

export async function loadOrCreateKeys(file: string): Promise<ServerKeys> {
  const text = await readTextIfExists(file);
  if (text !== undefined) return parseKeys(text, file);

  const [rsa, ec] = await Promise.all([
    generate('rsa', { modulusLength: 2048 }),
    generate('ec', { namedCurve: 'P-256' }),
  ]);
  const keys: ServerKeys = {
    // RS256 first: RFC 9068 §2.1 makes it the one algorithm every resource server supports.
    jwks: { keys: [toJwk(rsa.privateKey, 'RS256'), toJwk(ec.privateKey, 'ES256')] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
  await writeFileAtomicIn(file, `${JSON.stringify(keys, null, 2)}\n`);
  return keys;
}

function toJwk(privateKey: KeyObject, alg: SigningJwk['alg']): SigningJwk {
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
}

/** RFC 7638 JWK thumbprint: a kid that names the key itself. */
function thumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'RSA'
    ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
    : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function parseKeys(text: string, file: string): ServerKeys {
  const unusable = (why: string) =>
    new Error(
      `${file}: ${why}. Move the file away to generate new keys; tokens signed with the old keys will then stop verifying.`,
    );
  let parsed: Partial<ServerKeys>;
  try {
    parsed = JSON.parse(text) as Partial<ServerKeys>;
  } catch {
    throw unusable('not valid JSON');
  }
  const keys = parsed.jwks?.keys;
  if (!Array.isArray(keys)) throw unusable('no jwks.keys list');
  for (const alg of ['RS256', 'ES256']) {
    if (!keys.some((key) => key?.alg === alg && typeof key.d === 'string' && typeof key.kid === 'string')) {
      throw unusable(`no private ${alg} signing key`);
    }
  }
  const { cookieKeys } = parsed;
  if (!Array.isArray(cookieKeys) || cookieKeys.length === 0 || !cookieKeys.every((k) => typeof k === 'string' && k.length >= 16)) {
    throw unusable('no cookie keys');
  }
  return { jwks: { keys }, cookieKeys };
}
