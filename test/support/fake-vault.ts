// A FAKE HashiCorp Vault serving one KV version 2 mount on 127.0.0.1 (no Vault server can run
// here). It is built only from the published API, each behaviour citing its source:
//   [kv2]   website/content/api-docs/secret/kv/kv-v2.mdx (hashicorp/vault): the routes and bodies
//   [data]  path_data.go (hashicorp/vault-plugin-secrets-kv): write under a per-key lock, a cas
//           mismatch is logical.ErrInvalidRequest -> 400 {"errors":["check-and-set parameter did
//           not match the current version"]}, a soft-deleted latest version reads as 404
//   [api]   website/content/api-docs/index.mdx: X-Vault-Token, X-Vault-Namespace, `LIST` or
//           `GET ?list=true`, error bodies `{"errors":[...]}`, 403 "permission denied", 503 when sealed
// Anything the store does that the fake does not know answers 400 "unsupported path", so a call
// outside the published API fails the test rather than passing by accident.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

interface Version {
  readonly data: Record<string, unknown>;
  readonly created_time: string;
  deletion_time: string;
  destroyed: boolean;
}

interface Secret {
  current: number;
  readonly versions: Map<number, Version>;
}

export interface FakeVaultOptions {
  readonly token: string;
  /** @default 'secret' */
  readonly mount?: string;
  /** Requests must name this namespace ([api] X-Vault-Namespace); others see no mount. @default - none */
  readonly namespace?: string;
  /** Serve https with this identity. @default - http */
  readonly tls?: { readonly key: string; readonly cert: string };
}

export interface FakeVault {
  readonly address: string;
  /** `METHOD /v1/...` of every request, and the names of the headers it carried: what an audit device would see of the request line. */
  readonly requests: string[];
  /** The data of the latest live version at `path` (inside the mount), as Vault would return it. */
  read(path: string): Record<string, unknown> | undefined;
  /** Every path that has metadata (live or deleted versions). */
  paths(): string[];
  /** The next `count` requests are answered 503 "Vault is sealed" ([api]). */
  sealFor(count: number): void;
  close(): Promise<void>;
}

export async function startFakeVault(options: FakeVaultOptions): Promise<FakeVault> {
  const mount = options.mount ?? 'secret';
  const secrets = new Map<string, Secret>();
  const requests: string[] = [];
  let sealed = 0;

  const live = (secret: Secret | undefined): Version | undefined => {
    const version = secret?.versions.get(secret.current);
    return version && version.deletion_time === '' && !version.destroyed ? version : undefined;
  };

  const handle = (method: string, url: URL, headers: http.IncomingHttpHeaders, body: string): [number, unknown] => {
    if (sealed > 0) {
      sealed--;
      return [503, { errors: ['Vault is sealed'] }];
    }
    if (headers['x-vault-token'] !== options.token) return [403, { errors: ['permission denied'] }];
    if ((headers['x-vault-namespace'] ?? undefined) !== options.namespace) return [404, { errors: [`no handler for route "${url.pathname.slice(4)}". route entry not found.`] }];
    const match = new RegExp(`^/v1/${mount}/(data|metadata)/(.*)$`).exec(url.pathname);
    if (!match) return [404, { errors: [`no handler for route "${url.pathname.slice(4)}". route entry not found.`] }];
    const [, kind, path] = match;
    const list = method === 'LIST' || (method === 'GET' && url.searchParams.get('list') === 'true');

    if (kind === 'metadata' && list) {
      // [kv2] List Secrets: names directly under the folder, folders suffixed with '/'; 404 when none.
      const folder = path === '' || path.endsWith('/') ? path : `${path}/`;
      const names = new Set<string>();
      for (const [key, secret] of secrets) {
        if (!key.startsWith(folder) || secret.versions.size === 0) continue;
        const rest = key.slice(folder.length);
        names.add(rest.includes('/') ? `${rest.split('/')[0]}/` : rest);
      }
      return names.size === 0 ? [404, { errors: [] }] : [200, { data: { keys: [...names].sort() } }];
    }
    if (kind === 'metadata' && method === 'GET') {
      // [kv2] Read Secret Metadata; 404 when the key has none.
      const secret = secrets.get(path);
      if (!secret) return [404, { errors: [] }];
      return [200, { data: { current_version: secret.current, versions: Object.fromEntries([...secret.versions].map(([n, v]) => [n, { created_time: v.created_time, deletion_time: v.deletion_time, destroyed: v.destroyed }])) } }];
    }
    if (kind === 'metadata' && method === 'DELETE') {
      // [kv2] Delete Metadata and All Versions: 204, also when there was nothing.
      secrets.delete(path);
      return [204, undefined];
    }
    if (kind === 'data' && method === 'GET') {
      // [kv2] Read Secret Version; [data] a deleted or destroyed latest version is 404.
      const version = live(secrets.get(path));
      if (!version) return [404, { errors: [] }];
      return [200, { data: { data: version.data, metadata: { created_time: version.created_time, deletion_time: '', destroyed: false, version: secrets.get(path)!.current } } }];
    }
    if (kind === 'data' && (method === 'POST' || method === 'PUT')) {
      // [kv2] Create/Update Secret: { options: { cas }, data }; [data] "no data provided" without data.
      let parsed: { options?: { cas?: unknown }; data?: unknown };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        return [400, { errors: ['failed to parse JSON input'] }];
      }
      if (typeof parsed.data !== 'object' || parsed.data === null || Array.isArray(parsed.data)) return [400, { errors: ['no data provided'] }];
      const secret = secrets.get(path) ?? { current: 0, versions: new Map<number, Version>() };
      const cas = parsed.options?.cas;
      // [kv2] "If cas is set to 0, the write will only be allowed if the key doesn't exist";
      // otherwise it must equal the current version ([data] validateCheckAndSetOption).
      if (cas !== undefined && cas !== secret.current) return [400, { errors: ['check-and-set parameter did not match the current version'] }];
      secret.current += 1;
      const created_time = new Date().toISOString();
      secret.versions.set(secret.current, { data: parsed.data as Record<string, unknown>, created_time, deletion_time: '', destroyed: false });
      secrets.set(path, secret);
      return [200, { data: { created_time, custom_metadata: null, deletion_time: '', destroyed: false, version: secret.current } }];
    }
    if (kind === 'data' && method === 'DELETE') {
      // [kv2] Delete Latest Version of Secret: a soft delete, 204.
      const version = live(secrets.get(path));
      if (version) version.deletion_time = new Date().toISOString();
      return [204, undefined];
    }
    return [400, { errors: ['unsupported path'] }];
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://vault');
      // The request line and header names only: values travel in bodies, which an audit device HMACs.
      requests.push(`${req.method} ${url.pathname}${url.search} [${Object.keys(req.headers).sort().join(',')}]`);
      // Vault handles concurrent writes to one key under a per-key lock ([data] locksutil.LockForKey);
      // node runs this handler to completion per request, which is the same serialisation.
      const [status, json] = handle(req.method ?? 'GET', url, req.headers, body);
      res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    read: (path) => live(secrets.get(path))?.data,
    paths: () => [...secrets.keys()].sort(),
    sealFor: (count) => {
      sealed = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
