// What end-to-end tests check at the development provider, the way its users would: the clients
// it holds (read from its file-backed storage, lib/devserver/file-adapter.ts), a client's RFC 7592
// metadata, and tokens a service gets with its exported credentials, verified against the JWKS.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { StoredEntry } from '../../lib/devserver/file-adapter';
import type { LedgerView } from './e2e-project';

/** The development server's API (its default resource): the `aud` of every access token. */
export const DEV_API_AUDIENCE = 'urn:oauth-clients:dev-api';

/** A client as the provider stores it (RFC 7591 metadata, snake_case). */
export interface ProviderClient {
  readonly client_id: string;
  readonly client_name?: string;
  readonly grant_types?: string[];
  readonly scope?: string;
  readonly redirect_uris?: string[];
  readonly token_endpoint_auth_method?: string;
  readonly [member: string]: unknown;
}

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Every client the development server holds, read from `<dataDir>/store/Client/*.json`. */
export async function clientsAtProvider(dataDir: string): Promise<ProviderClient[]> {
  const folder = join(dataDir, 'store', 'Client');
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const clients: ProviderClient[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    let entry: StoredEntry;
    try {
      entry = JSON.parse(await readFile(join(folder, name), 'utf8')) as StoredEntry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted while listing
      throw error;
    }
    if (entry.expiresAt === undefined || entry.expiresAt > Date.now()) clients.push(entry.payload as unknown as ProviderClient);
  }
  return clients;
}

/** The clients the provider holds under this display name. */
export async function clientsNamed(dataDir: string, clientName: string): Promise<ProviderClient[]> {
  return (await clientsAtProvider(dataDir)).filter((c) => c.client_name === clientName);
}

/** RFC 7592 §2.1 read, with the management handle the backend keeps in its ledger. */
export async function registrationOf(ledger: LedgerView): Promise<Answer> {
  return call(ledger.handle.registrationClientUri, { method: 'GET', headers: { authorization: `Bearer ${ledger.handle.registrationAccessToken}` } });
}

/** The exported credentials of a client, as an application reads them from the store. */
export interface ExportedCredentials {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly issuer: string;
  readonly token_endpoint: string;
}

/** A client credentials grant (RFC 6749 §4.4) with HTTP Basic client authentication (§2.3.1). */
export async function clientCredentialsToken(credentials: ExportedCredentials, scope: string): Promise<Answer> {
  const basic = Buffer.from(`${encodeURIComponent(credentials.client_id)}:${encodeURIComponent(credentials.client_secret ?? '')}`).toString('base64');
  return call(credentials.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
}

/** Verifies an access token as a resource server of the development API would: signature (JWKS from discovery), issuer, audience, type. */
export async function verifyAccessToken(issuer: string, token: string): Promise<JWTPayload> {
  const metadata = await call(`${issuer}/.well-known/openid-configuration`, { method: 'GET' });
  const jwks = createRemoteJWKSet(new URL(String(metadata.body.jwks_uri)));
  const { payload } = await jwtVerify(token, jwks, { issuer, audience: DEV_API_AUDIENCE, typ: 'at+jwt' });
  return payload;
}

async function call(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body };
}
