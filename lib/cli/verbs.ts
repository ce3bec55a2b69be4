// The verb table, the top-level help and --version, and the option parsing every verb shares:
// `defineVerb` gives a verb `--help`/`-h`, typed options, and a usage error (exit 64) for an
// unknown option, a missing value or a wrong number of arguments, before the verb does anything.
// Kept light (node:util only): the handler bundle, which Terraform starts once per client, loads it.
import { parseArgs } from 'node:util';

export interface VerbModule {
  run(args: string[]): Promise<number>;
}

export interface Verb {
  readonly summary: string;
  readonly load: () => VerbModule;
}

export type Verbs = Readonly<Record<string, Verb>>;

/** Exit statuses, after sysexits(3) where one fits (contract C8). */
export const EXIT = { ok: 0, failure: 1, notConverged: 2, usage: 64, dataError: 65, software: 70 } as const;

/** Thrown by a verb for bad command-line input: printed with the verb's name and a pointer to --help, exit 64. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export async function runVerb(verbs: Verbs, argv: string[], version?: () => string): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && args[0] !== undefined && verbs[args[0]]) return verbs[args[0]].load().run(['--help']);
    process.stdout.write(usage(verbs));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if ((name === '--version' || name === '-V') && version) {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const verb = Object.hasOwn(verbs, name) ? verbs[name] : undefined;
  if (!verb) {
    process.stderr.write(`oauth-clients: unknown ${name.startsWith('-') ? 'option' : 'command'} '${name}'\n\n${usage(verbs)}`);
    return EXIT.usage;
  }
  return verb.load().run(args);
}

function usage(verbs: Verbs): string {
  const width = Math.max(...Object.keys(verbs).map((v) => v.length));
  const lines = Object.entries(verbs).map(([name, verb]) => `  ${name.padEnd(width)}  ${verb.summary}`);
  return `usage: oauth-clients <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'oauth-clients <command> --help' for a command's options, 'oauth-clients --version' for the version.\n`;
}

/** One option of a verb, as node:util parseArgs takes it. */
export interface VerbOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

type OptionValue<O extends VerbOption> = O['type'] extends 'boolean' ? boolean : O['multiple'] extends true ? string[] : string;

export interface VerbArgs<O extends Readonly<Record<string, VerbOption>>> {
  readonly values: { readonly [K in keyof O]?: OptionValue<O[K]> };
  readonly positionals: readonly string[];
}

export interface VerbDefinition<O extends Readonly<Record<string, VerbOption>>> {
  /** The verb's name, as typed after `oauth-clients`: it prefixes usage errors. */
  readonly name: string;
  /** The full --help text, starting with a `usage:` line. */
  readonly usage: string;
  readonly options: O;
  /** How many arguments besides options the verb takes. @default { min: 0, max: 0 } */
  readonly positionals?: { readonly min?: number; readonly max?: number };
  /** The verb itself, once the command line is known to be well-formed. Throw UsageError for bad values. */
  main(args: VerbArgs<O>): Promise<number>;
}

/** A verb module (`export const { run } = defineVerb({...})`) with the shared command-line rules. */
export function defineVerb<const O extends Readonly<Record<string, VerbOption>>>(definition: VerbDefinition<O>): VerbModule {
  const fail = (message: string): number => {
    process.stderr.write(`oauth-clients ${definition.name}: ${message}\nRun 'oauth-clients ${definition.name} --help' for its options.\n`);
    return EXIT.usage;
  };
  return {
    async run(args: string[]): Promise<number> {
      let parsed: VerbArgs<O>;
      try {
        parsed = parseOptions(definition, args);
      } catch (error) {
        if (error instanceof UsageError) return fail(error.message);
        throw error;
      }
      if ((parsed.values as { help?: boolean }).help) {
        process.stdout.write(definition.usage.endsWith('\n') ? definition.usage : `${definition.usage}\n`);
        return EXIT.ok;
      }
      try {
        return await definition.main(parsed);
      } catch (error) {
        if (error instanceof UsageError) return fail(error.message);
        throw error;
      }
    },
  };
}

/** Parses `args` strictly; throws UsageError naming the first thing wrong. */
export function parseOptions<O extends Readonly<Record<string, VerbOption>>>(definition: Pick<VerbDefinition<O>, 'options' | 'positionals'>, args: readonly string[]): VerbArgs<O> {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: { ...(definition.options as Record<string, VerbOption>), help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    // node:util's messages are precise ("Unknown option '--x'") but add a hint about `--` on a second line.
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '') : String(error));
  }
  if (values.help) return { values: values as VerbArgs<O>['values'], positionals };
  const { min = 0, max = 0 } = definition.positionals ?? {};
  if (positionals.length > max) throw new UsageError(`unexpected argument '${positionals[max]}'`);
  if (positionals.length < min) throw new UsageError(`expected ${min === max ? min : `at least ${min}`} argument(s), got ${positionals.length}`);
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${name} needs a value`);
  }
  return { values: values as VerbArgs<O>['values'], positionals };
}

/** `value` if it is one of `allowed`, else a UsageError naming the option. */
export function oneOf<T extends string>(value: string | undefined, option: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be ${allowed.join(' or ')}, got '${value}'`);
}
