// `oauth-clients rotate <stack>/<client>`: issues a new secret where the provider's API can, and
// replaces the client's export with it — the one deliberate overwrite of an export, recorded with
// its time in the export and the ledger. Elsewhere it says how to get a new secret instead.
import { readLedger, writeLedger } from '../backend';
import { exportValue } from '../backend/export-value';
import { Redactor } from '../http';
import { CliError, reportFailures } from './private/cli-error';
import { resolveDeclaredClient } from './private/declared-client';
import { openProviderSession } from './private/provider-session';
import { parseVerbArgs } from './private/verb-args';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients rotate <stack>/<client> [--synth]

Issues a new client secret at the provider and replaces the client's export in its host's store
with it (the only time an export is overwritten; the time is recorded). The old secret stops
working at once: deploy the new one to the application right after.

  <stack>/<client>   the stack and the client's construct path or key
  --synth            synthesize the app instead of reading the last synthesized cdktf.out
  -h, --help         show this help
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseVerbArgs('rotate', args, { synth: { type: 'boolean' } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  const redactor = new Redactor();
  return reportFailures('rotate', redactor, async () => {
    const client = await resolveDeclaredClient(parsed.positionals[0], { cwd: process.cwd(), synth: parsed.values.synth, log: (line) => process.stderr.write(`${line}\n`) });
    const { spec } = client;
    if (spec.publicClient) throw new CliError(`${client.ref} is a public client: it has no secret to rotate`, EXIT.usage);
    const session = await openProviderSession(client, process.env, redactor);
    try {
      const { store, adapter } = session;
      const ledger = await readLedger(store, { host: spec.host.name, key: spec.key });
      if (!ledger) throw new CliError(`${client.ref} manages no client yet on host ${spec.host.name}: deploy it first (or adopt an existing one)`);
      if (!adapter.rotateSecret || !adapter.capabilities.secretRegenerable) {
        throw new CliError(
          `the ${spec.host.flavour} API cannot issue a new secret for client ${ledger.clientId}: to replace it, remove the client from the code and deploy ` +
            `(it is deleted with its export), then declare it again and deploy (a new client, a new export)`,
        );
      }
      const rotated = await adapter.rotateSecret(spec, ledger.clientId, ledger.handle);
      const now = new Date().toISOString();
      // The ledger first: it holds the new handle, which the provider already requires.
      await writeLedger(store, { ...ledger, handle: rotated.handle, updatedAt: now, secretRotatedAt: now });
      await store.put(ledger.exportPath, { ...exportValue(ledger.clientId, rotated.clientSecret, spec.host.issuer, await adapter.tokenEndpoint()), rotated_at: now });
      process.stdout.write(`rotated the secret of client ${ledger.clientId} (${client.ref}); the export '${ledger.exportPath}' holds the new one (rotated_at ${now})\n`);
      return EXIT.ok;
    } finally {
      await session.close();
    }
  });
}
