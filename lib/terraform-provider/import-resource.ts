// ImportResourceState (`terraform import <address> '<host name>/<key>=<client_id>'`): adopts a
// client made by hand, where the adapter can manage a client by its id (RFC 7592: with the
// client's registration access token, given in OAUTH_CLIENTS_IMPORT_TOKEN or its _FILE, never on
// the command line). The declared spec comes from the stack's configuration; the ledger records the
// client, so the next deploy updates it to the declaration in place. An imported client has no
// exported secret: the secret the provider gave at registration is wherever its creator put it.
import * as fs from 'node:fs';
import { readLedger, writeLedger, type LedgerRecord } from '../backend';
import { dynamicOf } from './private/cty-msgpack';
import { declaredSpecs } from './private/declared-spec';
import { error, failureDiagnostics, warning } from './private/diagnostics';
import { resourceIdOf, specOf } from './private/spec-of';
import type { ProviderRuntime } from './provider-runtime';
import { CLIENT_RESOURCE_TYPE } from './resource-schema';
import { encodeClientObject } from './resource-state';

export const IMPORT_ENV = { token: 'OAUTH_CLIENTS_IMPORT_TOKEN', uri: 'OAUTH_CLIENTS_IMPORT_URI' } as const;

const USAGE = `terraform import <address> '<host name>/<key>=<client_id>' with the client's management token in ${IMPORT_ENV.token} (or ${IMPORT_ENV.token}_FILE)`;

export async function importResourceState(runtime: ProviderRuntime, request: { id?: string }, env: NodeJS.ProcessEnv = process.env): Promise<object> {
  const id = request.id ?? '';
  const split = id.lastIndexOf('=');
  if (split <= 0 || split === id.length - 1) return refuse(`oauthclients_client: import id '${id}' is not '<host name>/<key>=<client_id>'`, USAGE);
  const [resourceId, clientId] = [id.slice(0, split), id.slice(split + 1)];
  const declared = declaredSpecs(process.cwd());
  const raw = declared.byId.get(resourceId);
  if (!raw) return refuse(`${resourceId}: no oauthclients_client declares this host name and key in ${declared.file}`, `declared: ${[...declared.byId.keys()].join(', ') || 'none'} (run cdktf synth first)`);
  const decoded = specOf(raw);
  if (!decoded.ok) return { diagnostics: decoded.diagnostics };
  const { spec, subject } = decoded;
  try {
    const ctx = await runtime.contextFor(spec.host);
    const existing = await readLedger(ctx.store, { host: spec.host.name, key: spec.key });
    if (existing && existing.clientId !== clientId) {
      return refuse(`${subject}: already manages client ${existing.clientId}`, `${ctx.store.description} records it for this key; import is for a client the ledger does not know`);
    }
    let record: LedgerRecord | undefined = existing;
    if (!record) {
      if (!ctx.adapter.importHandle) return refuse(`${subject}: the ${spec.host.flavour} adapter cannot manage a client made elsewhere`);
      const token = env[IMPORT_ENV.token] ?? (env[`${IMPORT_ENV.token}_FILE`] ? fs.readFileSync(env[`${IMPORT_ENV.token}_FILE`]!, 'utf8').trim() : undefined);
      if (!token) return refuse(`${subject}: set ${IMPORT_ENV.token} (or ${IMPORT_ENV.token}_FILE) to the client's management token (RFC 7592 registration access token)`, USAGE);
      runtime.redactor.add(token);
      const now = ctx.now().toISOString();
      record = {
        recordVersion: 1,
        host: spec.host.name,
        key: spec.key,
        stack: spec.stack,
        clientId,
        handle: await ctx.adapter.importHandle(clientId, token, env[IMPORT_ENV.uri]),
        ownerInstance: resourceIdOf(spec),
        // No hash of ours: the next apply sends the declaration (an update in place).
        specHash: 'imported',
        spec,
        exportPath: spec.secretExport.path,
        createdAt: now,
        updatedAt: now,
      };
    }
    const adopted = record;
    const observed = ctx.adapter.observe ? await ctx.adapter.observe(spec, clientId, adopted.handle, async (handle) => void (record = { ...adopted, handle })) : undefined;
    if (observed === 'gone') return refuse(`${subject}: the provider does not let this token manage client ${clientId}`, 'check the client_id and the registration access token');
    await writeLedger(ctx.store, record);
    const current: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const [field, value] of Object.entries(observed?.fields ?? {})) {
      if (value === undefined) delete current[field];
      else current[field] = value;
    }
    const state = encodeClientObject({ spec: dynamicOf(current), client_id: clientId, id: resourceIdOf(spec) });
    return {
      imported_resources: [{ type_name: CLIENT_RESOURCE_TYPE, state }],
      diagnostics: [
        warning(
          `${subject}: imported client ${clientId} has no exported secret`,
          `oauth-clients exports a client's credentials when it creates the client; this one was made elsewhere, so nothing is at '${spec.secretExport.path}' in ${ctx.store.description}. ` +
            `Its secret stays wherever its creator put it; rotate it at the provider if that is unknown. The next deploy updates the client to the declaration in place.`,
        ),
      ],
    };
  } catch (failure) {
    return { diagnostics: failureDiagnostics(failure, subject, runtime.redactor) };
  }
}

const refuse = (summary: string, detail?: string) => ({ imported_resources: [], diagnostics: [error(summary, detail)] });
