// `oauth-clients adopt <stack>/<client> --client-id <id> [--rotate-secret]`: brings a client made
// by hand under a declared construct. It writes the ledger record a first apply would have
// written (the next deploy then brings the client to the declared spec, in place) and exports
// credentials only where they can be known: a secret the API returns, or a regenerated one.
import { listLedger, readLedger, writeLedger } from '../backend';
import { exportValue } from '../backend/export-value';
import { Redactor } from '../http';
import { CliError, reportFailures } from './private/cli-error';
import { resolveDeclaredClient } from './private/declared-client';
import { openProviderSession } from './private/provider-session';
import { parseVerbArgs } from './private/verb-args';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients adopt <stack>/<client> --client-id <id> [--rotate-secret] [--synth]

Brings an existing client of the provider under a declared OAuthClient: records it in the host's
store as that client's, so the next 'cdktf deploy' updates it to the declaration in place instead
of registering a new one. Refused when the key already manages a client or another key owns the id.

  <stack>/<client>   the stack and the client's construct path or key
  --client-id <id>   the provider's client_id of the existing client
  --rotate-secret    issue a new secret (where the API can) and export it, once; without it a
                     secret is exported only where the API returns the current one (Keycloak)
  --synth            synthesize the app instead of reading the last synthesized cdktf.out
  -h, --help         show this help
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseVerbArgs('adopt', args, { 'client-id': { type: 'string' }, 'rotate-secret': { type: 'boolean' }, synth: { type: 'boolean' } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  const clientId = parsed.values['client-id'];
  if (!clientId) {
    process.stderr.write(`oauth-clients adopt: --client-id is required\n\n${USAGE}`);
    return EXIT.usage;
  }
  const redactor = new Redactor();
  return reportFailures('adopt', redactor, async () => {
    const client = await resolveDeclaredClient(parsed.positionals[0], { cwd: process.cwd(), synth: parsed.values.synth, log: (line) => process.stderr.write(`${line}\n`) });
    const { spec } = client;
    const session = await openProviderSession(client, process.env, redactor);
    try {
      const { store, adapter } = session;
      const ids = { host: spec.host.name, key: spec.key };
      const existing = await readLedger(store, ids);
      if (existing) throw new CliError(`${client.ref} already manages client ${existing.clientId} on host ${ids.host}: nothing to adopt`);
      const owner = (await listLedger(store)).find((record) => record.host === ids.host && record.clientId === clientId);
      if (owner) throw new CliError(`client ${clientId} on host ${ids.host} is already managed as key '${owner.key}' of stack '${owner.stack}': refusing to give it a second owner`);
      if (!adapter.locate) throw new CliError(`the ${spec.host.flavour} API cannot take over a client by its id alone (RFC 7592 manages a client only with the registration access token of its registration)`);
      const rotate = parsed.values['rotate-secret'] === true;
      if (rotate && (!adapter.rotateSecret || !adapter.capabilities.secretRegenerable)) throw new CliError(`the ${spec.host.flavour} API cannot issue a new secret: adopt without --rotate-secret`);
      if (rotate && spec.publicClient) throw new CliError(`${client.ref} is a public client: it has no secret to rotate`, EXIT.usage);
      const exported = await store.get(spec.secretExport.path);
      const found = await adapter.locate(spec, clientId);
      if (found === 'gone') throw new CliError(`host ${ids.host} has no client ${clientId}`);
      let { handle } = found;
      let secret = found.clientSecret;
      const exporting = rotate || secret !== undefined || spec.publicClient;
      // Checked before any change at the provider: a rotation whose secret cannot be exported would lock the application out.
      if (exporting && exported !== undefined) throw new CliError(`the export path '${spec.secretExport.path}' already holds credentials; move them away or set secretExport.path`);
      if (rotate) ({ clientSecret: secret, handle } = await adapter.rotateSecret!(spec, clientId, handle));
      const now = new Date().toISOString();
      if (exporting) await store.putIfAbsent(spec.secretExport.path, exportValue(clientId, secret, spec.host.issuer, await adapter.tokenEndpoint()));
      await writeLedger(store, {
        recordVersion: 1,
        ...ids,
        stack: spec.stack,
        clientId,
        handle,
        // Terraform's instance takes over on the next apply; a hash no spec has makes that apply an update.
        ownerInstance: 'adopted',
        specHash: 'adopted',
        spec,
        exportPath: spec.secretExport.path,
        createdAt: now,
        updatedAt: now,
        ...(rotate ? { secretRotatedAt: now } : {}),
      });
      const what = exporting ? `its credentials${rotate ? ' (a new secret)' : ''} exported to '${spec.secretExport.path}'` : `no secret exported (the ${spec.host.flavour} API does not return it; adopt with --rotate-secret to issue one)`;
      process.stdout.write(`adopted client ${clientId} as ${client.ref} on host ${ids.host}; ${what}. The next 'cdktf deploy ${spec.stack}' updates it to the declaration.\n`);
      return EXIT.ok;
    } finally {
      await session.close();
    }
  });
}
