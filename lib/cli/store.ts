// `oauth-clients store migrate --from <store> --to <store>`: moves a ledger and its exports from
// one store to another (the file store of a developer's machine to a durable store a pipeline can
// reach). Dry run by default; with --apply every entry is copied create-only (an entry already at
// the destination is compared, never overwritten), then every copy is read back and compared;
// only then, with --delete-source, are the source entries deleted. Never prints a value.
import { parseArgs } from 'node:util';
import { canonicalJson, issuesFromZod, StoreSpecSchema, type StoreSpec } from '../model';
import { openSecretStore, type SecretStoreBackend, type StoredValue } from '../secrets';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients store migrate --from <store> --to <store> [--apply [--delete-source]]

Copies every entry (exports and the backend's ledger under _oauth-clients/) of one secret store
into another. A store is given as the JSON of its spec, as SecretStore.* puts it in the synthesized
spec, e.g. '{"kind":"file"}' or '{"kind":"postgres","connectionStringEnv":"TF_STATE_PG"}'; the
connection strings, tokens and keys it names are read from the environment.

options:
  --from <store>        the store to copy from
  --to <store>          the store to copy to
  --apply               copy (create-only), then verify every copy; without it: a dry run
  --delete-source       after every copy is verified, delete the entries from --from
  --project-root <dir>  where relative file-store directories are resolved (default: .)
  -h, --help            this text

exit status: 0 done (or nothing to do), 1 an entry differs at the destination or a store failed,
64 usage error
`;

type Plan = 'copy' | 'same' | 'conflict';

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || (sub === undefined && args.length === 0)) {
    process.stdout.write(USAGE);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub !== 'migrate') return usageError(`unknown subcommand '${sub}'`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        apply: { type: 'boolean', default: false },
        'delete-source': { type: 'boolean', default: false },
        'project-root': { type: 'string', default: '.' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (typeof values.from !== 'string' || typeof values.to !== 'string') return usageError('--from and --to are required');
  if (values['delete-source'] && !values.apply) return usageError('--delete-source needs --apply (a dry run deletes nothing)');
  let from: StoreSpec;
  let to: StoreSpec;
  try {
    from = storeArg('--from', values.from);
    to = storeArg('--to', values.to);
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (canonicalJson(from) === canonicalJson(to)) return usageError('--from and --to are the same store');

  const say = (line: string) => process.stderr.write(`oauth-clients store migrate: ${line}\n`);
  const projectRoot = String(values['project-root']);
  const stores: SecretStoreBackend[] = [];
  try {
    const source = await openSecretStore(from, { projectRoot, env });
    stores.push(source);
    const target = await openSecretStore(to, { projectRoot, env });
    stores.push(target);
    const keys = await source.list('');
    const plans = new Map<string, { plan: Plan; value: StoredValue }>();
    for (const key of keys) {
      const value = await source.get(key);
      if (value === undefined) continue; // deleted while listing
      const there = await target.get(key);
      plans.set(key, { plan: there === undefined ? 'copy' : canonicalJson(there) === canonicalJson(value) ? 'same' : 'conflict', value });
    }
    const count = (plan: Plan) => [...plans.values()].filter((p) => p.plan === plan).length;
    for (const [key, { plan }] of plans) say(`${plan === 'copy' ? (values.apply ? 'copy' : 'would copy') : plan === 'same' ? 'already there' : 'CONFLICT (differs at the destination, left alone)'} ${key}`);
    say(`${source.description} -> ${target.description}: ${count('copy')} to copy, ${count('same')} already there, ${count('conflict')} conflicting`);
    if (!values.apply) {
      say('dry run: nothing written (add --apply to copy)');
      return count('conflict') > 0 ? EXIT.failure : EXIT.ok;
    }
    for (const [key, entry] of plans) {
      if (entry.plan !== 'copy') continue;
      // Create-only: a writer that got there first (a deploy running meanwhile) is a conflict.
      if ((await target.putIfAbsent(key, entry.value)) === 'exists') {
        const there = await target.get(key);
        entry.plan = there !== undefined && canonicalJson(there) === canonicalJson(entry.value) ? 'same' : 'conflict';
      }
    }
    let verified = 0;
    for (const [key, entry] of plans) {
      if (entry.plan === 'conflict') continue;
      const there = await target.get(key);
      if (there === undefined || canonicalJson(there) !== canonicalJson(entry.value)) {
        entry.plan = 'conflict';
        say(`VERIFY FAILED ${key}: the destination does not hold what was copied`);
      } else verified++;
    }
    say(`${verified} of ${plans.size} entries verified at ${target.description}`);
    if (count('conflict') > 0) {
      say(`${count('conflict')} entr${count('conflict') === 1 ? 'y differs' : 'ies differ'} at the destination: resolve ${values['delete-source'] ? 'them before deleting the source (nothing was deleted)' : 'them'}`);
      return EXIT.failure;
    }
    if (values['delete-source']) {
      for (const key of plans.keys()) await source.delete(key);
      say(`${plans.size} entries deleted from ${source.description}`);
    } else {
      say(`the source is kept; point the host's store / ledgerStore at ${target.description} and deploy (add --delete-source to remove the source entries)`);
    }
    return EXIT.ok;
  } catch (error) {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  } finally {
    await Promise.allSettled(stores.map((s) => s.close?.()));
  }
}

function storeArg(option: string, text: string): StoreSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${option} must be a store spec as JSON, e.g. '{"kind":"file"}'`);
  }
  const parsed = StoreSpecSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${option}: ${issuesFromZod(parsed.error).map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

function usageError(message: string): number {
  process.stderr.write(`oauth-clients store: ${message}\n\n${USAGE}`);
  return EXIT.usage;
}
