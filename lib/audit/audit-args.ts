// The options of `oauth-clients audit`, typed and checked; anything wrong is a usage error (64).
import { parseArgs } from 'node:util';
import { AuditError } from './audit-error';
import type { Severity } from './report-schema';

export interface AuditArgs {
  readonly command: 'audit' | 'help' | 'schema';
  readonly base?: string;
  /** undefined: the working tree. */
  readonly head?: string;
  readonly format: 'md' | 'json';
  /** Exit 1 when a flag of this severity (or a higher one) is raised. */
  readonly failOn?: Severity;
  readonly debug: boolean;
}

export const AUDIT_USAGE = `usage: oauth-clients audit --base <rev|dir> [--head <rev|dir>] [--format md|json] [--fail-on high|medium]

Reports what changes between two revisions of the OAuth clients declared in this cdktf project:
clients, scopes, grant types, redirect URLs and settings per host and client, and risk flags.

options:
  --base <rev|dir>        a git revision (synthesized in a temporary worktree) or a directory
                          holding a synthesized cdktf.out (read as is)
  --head <rev|dir>        the same; default: the working tree, synthesized to a temporary directory
  --format md|json        md (default): GitHub-flavoured Markdown for a pull-request comment;
                          json: the report as data (see --schema)
  --fail-on high|medium   exit 1 when a flag of that severity or higher is raised
  --schema                print the JSON Schema of --format json and exit
  --debug                 say how long each synth took; show a failed synth's full output
  -h, --help              this text

exit status: 0 reported, 1 a flag at or above --fail-on, 64 usage error, 70 the audit failed
`;

export function parseAuditArgs(args: readonly string[]): AuditArgs {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        schema: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new AuditError(error instanceof Error ? error.message.split('\n')[0] : String(error), 'usage');
  }
  const debug = values.debug === true;
  if (values.help) return { command: 'help', format: 'md', debug };
  if (values.schema) return { command: 'schema', format: 'json', debug };
  if (positionals.length > 0) throw new AuditError(`unexpected argument '${positionals[0]}' (revisions are given with --base and --head)`, 'usage');
  const base = nonEmpty(values.base, '--base');
  if (base === undefined) throw new AuditError('--base is required, e.g. --base origin/main', 'usage');
  const format = oneOf(values.format, '--format', ['md', 'json'] as const) ?? 'md';
  const failOn = oneOf(values['fail-on'], '--fail-on', ['high', 'medium'] as const);
  return { command: 'audit', base, head: nonEmpty(values.head, '--head'), format, ...(failOn ? { failOn } : {}), debug };
}

function nonEmpty(value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new AuditError(`${name} needs a value`, 'usage');
  return value;
}

function oneOf<T extends string>(value: string | boolean | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new AuditError(`${name} must be ${allowed.join(' or ')}, got '${String(value)}'`, 'usage');
}
