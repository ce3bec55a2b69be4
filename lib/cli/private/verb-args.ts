// Option parsing for the credentials, token and login verbs: node:util parseArgs in strict mode,
// so an unknown option or a missing value is a usage error (exit 64) with the verb's usage text.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT } from '../verbs';

type Options = NonNullable<ParseArgsConfig['options']>;

export type VerbArgs<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * The parsed arguments, or the exit status when the run ends here: 0 after `--help` printed the
 * usage, 64 after a usage error (unknown option, missing value, not exactly `positionals` operands).
 */
export function parseVerbArgs<O extends Options>(verb: string, args: string[], options: O, usage: string, positionals = 1): VerbArgs<O> | number {
  let parsed: VerbArgs<O>;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } } as O, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`oauth-clients ${verb}: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return EXIT.usage;
  }
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(usage);
    return EXIT.ok;
  }
  if (parsed.positionals.length !== positionals) {
    process.stderr.write(`oauth-clients ${verb}: expected ${positionals === 1 ? 'one <stack>/<client>' : `${positionals} operands`}, got ${parsed.positionals.length}\n\n${usage}`);
    return EXIT.usage;
  }
  return parsed;
}
