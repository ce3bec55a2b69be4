// What a developer on the development server needs and RFC 7591/7592 cannot give: a listing of
// the clients (so `oauth-clients drift` can find a second client for a key, and delete it) and a new registration
// access token for a client whose token was lost (an update applied, its answer with the rotated
// token lost: RFC 7592 offers no way back). Named in the discovery document as
// `oauth_clients_dev_admin_endpoint`; loopback only and authorized by an initial access token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HTTPS_REDIRECTS_POLICY } from './defaults';
import { isExpired, type OidcAdapter, type StoredEntry, ENTRY_SUFFIX } from './file-adapter';
import { isMissing } from './atomic-file';
import type { OidcProvider } from './oidc-provider-types';

export const ADMIN_PATH = '/dev-admin';

export interface AdminInput {
  readonly provider: OidcProvider;
  /** The file adapter's store directory (one folder per model). */
  readonly storeDirectory: string;
  readonly adapterFor: (model: string) => OidcAdapter;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const REISSUE = /^\/dev-admin\/clients\/([^/]+)\/registration-access-token$/;
const CLIENT = /^\/dev-admin\/clients\/([^/]+)$/;

/** Answers the request and returns true when it is an admin route; false leaves it to oidc-provider. */
export function adminRoutes(input: AdminInput): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== ADMIN_PATH && !path.startsWith(`${ADMIN_PATH}/`)) return false;
    try {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return answer(res, 403, { error: 'access_denied', error_description: 'admin routes answer loopback callers only' });
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !(await input.provider.InitialAccessToken.find(token))) {
        return answer(res, 401, { error: 'invalid_token', error_description: 'admin routes need an initial access token (the server’s initial-access-token file)' });
      }
      if (req.method === 'GET' && path === `${ADMIN_PATH}/clients`) return answer(res, 200, { clients: await listClients(input.storeDirectory) });
      const reissue = REISSUE.exec(path);
      if (req.method === 'POST' && reissue) return await reissueToken(input, decodeURIComponent(reissue[1]), res);
      const client = CLIENT.exec(path);
      if (req.method === 'DELETE' && client) return await deleteClient(input, decodeURIComponent(client[1]), res);
      return answer(res, 404, { error: 'not_found', error_description: `no admin route ${req.method} ${path}` });
    } catch (error) {
      return answer(res, 500, { error: 'server_error', error_description: error instanceof Error ? error.message : String(error) });
    }
  };
}

async function listClients(storeDirectory: string): Promise<{ client_id: string; client_name?: string }[]> {
  return (await entriesOf(storeDirectory, 'Client')).map(({ payload }) => ({
    client_id: String(payload.client_id),
    ...(typeof payload.client_name === 'string' ? { client_name: payload.client_name } : {}),
  }));
}

/**
 * Destroys every registration access token of the client and issues one, with the policy every
 * client of this server was registered under (initial-access-token.ts), as registration does.
 */
async function reissueToken(input: AdminInput, clientId: string, res: ServerResponse): Promise<true> {
  if (!(await input.provider.Client.find(clientId))) return answer(res, 404, { error: 'invalid_client', error_description: `no client ${clientId}` });
  await destroyTokensOf(input, clientId);
  const token = await new input.provider.RegistrationAccessToken({ clientId, policies: [HTTPS_REDIRECTS_POLICY] }).save();
  return answer(res, 201, {
    client_id: clientId,
    registration_client_uri: `${input.provider.issuer}/reg/${encodeURIComponent(clientId)}`,
    registration_access_token: token,
  });
}

/** A client no registration access token reaches (a duplicate drift found): deleted with its tokens. */
async function deleteClient(input: AdminInput, clientId: string, res: ServerResponse): Promise<true> {
  if (!(await input.provider.Client.find(clientId))) return answer(res, 404, { error: 'invalid_client', error_description: `no client ${clientId}` });
  await destroyTokensOf(input, clientId);
  await input.adapterFor('Client').destroy(clientId);
  res.writeHead(204).end();
  return true;
}

async function destroyTokensOf(input: AdminInput, clientId: string): Promise<void> {
  const tokens = input.adapterFor('RegistrationAccessToken');
  for (const entry of await entriesOf(input.storeDirectory, 'RegistrationAccessToken')) {
    if (entry.payload.clientId === clientId) await tokens.destroy(entry.id);
  }
}

/** The live entries of one model's folder (file-adapter.ts layout). */
async function entriesOf(storeDirectory: string, model: string): Promise<StoredEntry[]> {
  const folder = join(storeDirectory, model);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith(ENTRY_SUFFIX));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const entries: StoredEntry[] = [];
  for (const name of names) {
    try {
      const entry = JSON.parse(await readFile(join(folder, name), 'utf8')) as StoredEntry;
      if (!isExpired(entry)) entries.push(entry);
    } catch (error) {
      if (!isMissing(error)) throw error; // removed while listing is fine
    }
  }
  return entries;
}

function answer(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
  return true;
}
