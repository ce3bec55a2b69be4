// Option parsing for the credentials, token and login verbs, on the shared rules of ../verbs.ts
// (strict node:util parseArgs: an unknown option or a missing value is a usage error, exit 64),
// with the verb's usage text after the error and an exact number of operands.
import type { ParseArgsConfig, parseArgs } from 'node:util';
import { EXIT, parseOptions, UsageError, type VerbOption } from '../verbs';

type Options = NonNullable<ParseArgsConfig['options']>;

export type VerbArgs<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * The parsed arguments, or the exit status when the run ends here: 0 after `--help` printed the
 * usage, 64 after a usage error (unknown option, missing value, not exactly `positionals` operands).
 */
export function parseVerbArgs<O extends Options>(verb: string, args: string[], options: O, usage: string, positionals = 1): VerbArgs<O> | number {
  let parsed;
  try {
    parsed = parseOptions({ options: options as Record<string, VerbOption>, positionals: { max: Infinity } }, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`oauth-clients ${verb}: ${error.message}\n\n${usage}`);
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
  return parsed as unknown as VerbArgs<O>;
}
