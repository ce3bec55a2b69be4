// `oauth-clients audit` from parsed arguments to printed report and exit status. Both sides load
// at once (two synths take the time of one), and a Ctrl-C or SIGTERM stops them and still
// removes every temporary worktree and directory before the process ends.
import { tmpdir } from 'node:os';
import { AuditError } from './audit-error';
import { AUDIT_USAGE, parseAuditArgs } from './audit-args';
import { buildReport, failsGate } from './build-report';
import { loadSide } from './load-side';
import { renderMarkdown } from './render-markdown';
import { auditReportJsonSchema } from './report-schema';

/** After sysexits(3), as lib/cli/verbs.ts; 1 is the CI gate of --fail-on. */
export const AUDIT_EXIT = { ok: 0, flagged: 1, usage: 64, failure: 70, interrupted: 130 } as const satisfies Record<'ok' | 'flagged' | AuditError['kind'], number>;

export interface AuditIo {
  readonly cwd: string;
  /** Where temporary worktrees and synth outputs go. @default os.tmpdir() */
  readonly tmpdir?: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: AuditIo = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export async function runAudit(argv: readonly string[], io: AuditIo = processIo): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const args = parseAuditArgs(argv);
    debug = args.debug;
    if (args.command !== 'audit') {
      io.stdout(args.command === 'help' ? AUDIT_USAGE : `${JSON.stringify(auditReportJsonSchema(), null, 2)}\n`);
      return AUDIT_EXIT.ok;
    }

    const [base, head] = await untilInterrupted((signal) => {
      const options = { cwd: io.cwd, tmpdir: io.tmpdir ?? tmpdir(), signal, log: debug ? (line: string) => io.stderr(`oauth-clients audit: ${line}\n`) : undefined };
      return allSettled([loadSide('base', args.base, options), loadSide('head', args.head, options)]);
    });
    const report = buildReport(base, head);
    io.stdout(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report));
    return failsGate(report, args.failOn) ? AUDIT_EXIT.flagged : AUDIT_EXIT.ok;
  } catch (error) {
    const kind = error instanceof AuditError ? error.kind : 'failure';
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`oauth-clients audit: ${message}${kind === 'usage' ? " (see 'oauth-clients audit --help')" : ''}\n`);
    // One line unless asked: a failed synth's own output, or the stack of an unexpected error.
    const detail = error instanceof AuditError ? error.detail : error instanceof Error ? error.stack : undefined;
    if (debug && detail) io.stderr(`${detail.trimEnd()}\n`);
    return AUDIT_EXIT[kind];
  }
}

/** Both results, or the first failure once both have settled (so every cleanup has run). */
async function allSettled<T>(work: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/**
 * SIGINT and SIGTERM abort the work (killing the synths) instead of ending the process at once,
 * so the `finally` blocks that remove worktrees still run. A second signal ends it at once.
 */
async function untilInterrupted<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      stopListening();
      process.kill(process.pid, name);
      return;
    }
    controller.abort(new AuditError(`interrupted by ${name}; temporary worktrees removed`, 'interrupted'));
  };
  const stopListening = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    stopListening();
  }
}
