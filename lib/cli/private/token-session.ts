// What the token and login verbs share once a client is resolved: its exported credentials, one
// HTTP client (the project's, with OAUTH_CLIENTS_CA_FILE honoured), the issuer's metadata fetched
// once, a JWT verifier on the issuer's keys, and the printing of verified claims.
import * as fs from 'node:fs';
import type { JWTPayload } from 'jose';
import type { ExportedCredentials } from '../../backend/export-value';
import { HttpClient, type Redactor } from '../../http';
import { IssuerMetadataCache, type IssuerMetadata } from '../../tokens/issuer-metadata';
import type { ClientAuthentication } from '../../tokens/token-request';
import { JwtVerifier } from '../../tokens/verify-jwt';
import { readExportedCredentials, type ResolvedClient } from './declared-client';

/** PEM file of an extra CA to trust (a provider behind a private CA), as for the handler. */
const CA_FILE_ENV = 'OAUTH_CLIENTS_CA_FILE';

export interface TokenSession {
  readonly client: ResolvedClient;
  readonly credentials: ExportedCredentials;
  /** The store's description, for messages. */
  readonly store: string;
  readonly http: HttpClient;
  readonly auth: ClientAuthentication;
  metadata(): Promise<IssuerMetadata>;
  verifier(): Promise<JwtVerifier>;
  close(): Promise<void>;
}

export async function openTokenSession(client: ResolvedClient, env: NodeJS.ProcessEnv, redactor: Redactor): Promise<TokenSession> {
  const { credentials, store } = await readExportedCredentials(client, env);
  // From here on, every message and log line is scrubbed of the secret.
  if (credentials.client_secret) redactor.add(credentials.client_secret);
  const caFile = env[CA_FILE_ENV];
  // A developer waits at the terminal: two attempts, not the handler's four.
  const http = new HttpClient({ redactor, retry: { maxAttempts: 2 }, ...(caFile ? { ca: fs.readFileSync(caFile, 'utf8') } : {}) });
  const cache = new IssuerMetadataCache(http);
  let verifier: Promise<JwtVerifier> | undefined;
  const metadata = () => cache.get(credentials.issuer);
  return {
    client,
    credentials,
    store,
    http,
    auth: { clientId: credentials.client_id, ...(credentials.client_secret ? { clientSecret: credentials.client_secret } : {}), method: client.spec.tokenEndpointAuthMethod },
    metadata,
    verifier: () => (verifier ??= metadata().then((m) => new JwtVerifier(http, m))),
    close: () => http.close(),
  };
}

/** `tstapp_data.read tstapp_data.write` → its values, for `scope` claims and responses (RFC 6749 §3.3). */
export const scopeList = (scope: unknown): string[] => (typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : Array.isArray(scope) ? scope.map(String) : []);

/** One line on when a token expires: "expires 2026-12-01T21:10:00.000Z (in 600 s)". */
export function expiryLine(claims: JWTPayload | undefined, expiresIn: number | undefined, now = Date.now()): string {
  const at = typeof claims?.exp === 'number' ? claims.exp * 1000 : expiresIn !== undefined ? now + expiresIn * 1000 : undefined;
  if (at === undefined) return 'no expiry given';
  return `expires ${new Date(at).toISOString()} (in ${Math.round((at - now) / 1000)} s)`;
}
