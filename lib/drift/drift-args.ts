// The options of `oauth-clients drift`, typed and checked; anything wrong is a usage error (64).
import { parseArgs } from 'node:util';
import { DriftError } from './drift-error';

export interface DriftArgs {
  readonly command: 'drift' | 'help';
  readonly stack?: string;
  readonly format: 'md' | 'json';
  /** A synthesized cdktf.out to read instead of synthesizing the working tree. */
  readonly synthesized?: string;
  readonly debug: boolean;
}

export const DRIFT_USAGE = `usage: oauth-clients drift [--stack NAME] [--format md|json] [--synthesized DIR]

Compares every OAuth client the app declares with the ledger in its host's store and with the
provider, and says how to fix each difference. Run it after 'cdktf deploy'. Needs the same
environment as the deploy (the hosts' credential env vars and the store key). Prints no secret.

findings:
  missing       declared, but no client is recorded (not deployed yet, or a deploy failed)
  stale         recorded, but the declaration or the client at the provider differs
  duplicated    the provider holds another client of the declared name that nothing manages
                (only where the provider can list clients)
  vanished      recorded, but deleted at the provider
  unmanageable  the provider refuses the recorded management token, yet the client exists
  undeclared    a ledger record of a client the app no longer declares

options:
  --stack NAME         only this stack (default: every stack of the app)
  --format md|json     md (default): a readable report; json: the report as data
  --synthesized DIR    read this synthesized cdktf.out (e.g. the one 'cdktf deploy' just wrote)
                       instead of synthesizing the working tree
  --debug              show the stack of an unexpected error
  -h, --help           this text

exit status: 0 converged, 2 not converged, 1 provider or store failure, 64 usage error,
65 invalid declaration, 70 internal error
`;

export function parseDriftArgs(args: readonly string[]): DriftArgs {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        stack: { type: 'string' },
        format: { type: 'string' },
        synthesized: { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new DriftError(error instanceof Error ? error.message.split('\n')[0] : String(error), 'usage');
  }
  const debug = values.debug === true;
  if (values.help) return { command: 'help', format: 'md', debug };
  if (positionals.length > 0) throw new DriftError(`unexpected argument '${positionals[0]}' (a stack is named with --stack)`, 'usage');
  const format = values.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new DriftError(`--format must be md or json, got '${String(format)}'`, 'usage');
  const stack = nonEmpty(values.stack, '--stack');
  const synthesized = nonEmpty(values.synthesized, '--synthesized');
  return { command: 'drift', format, debug, ...(stack ? { stack } : {}), ...(synthesized ? { synthesized } : {}) };
}

function nonEmpty(value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new DriftError(`${name} needs a value`, 'usage');
  return value;
}
