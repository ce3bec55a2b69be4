// The error a verb throws to stop with one line on stderr and a chosen exit status (C8), and the
// one wrapper that turns any failure into that line: never a stack trace, never a secret (every
// message passes the run's redactor).
import { AuditError } from '../../audit/audit-error';
import { describeError, type Redactor } from '../../http';
import { TokenError } from '../../tokens/token-error';
import { EXIT } from '../verbs';

export class CliError extends Error {
  constructor(
    message: string,
    /** The exit status: 1 failure (transport, provider, store), 64 usage. */
    readonly status: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Runs a verb's work; a failure becomes `oauth-clients <verb>: <message>` on stderr and its status. */
export async function reportFailures(verb: string, redactor: Redactor, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    const status = statusOf(error);
    const known = error instanceof CliError || error instanceof AuditError || error instanceof TokenError;
    const message = known ? redactor.redact(error.message) : describeError(error, redactor);
    process.stderr.write(`oauth-clients ${verb}: ${message}\n`);
    if (process.env.OAUTH_CLIENTS_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${redactor.redact(error.stack)}\n`);
    return status;
  }
}

function statusOf(error: unknown): number {
  if (error instanceof CliError) return error.status;
  if (error instanceof AuditError) return error.kind === 'usage' ? EXIT.usage : EXIT.failure;
  if (error instanceof TokenError) return error.kind === 'usage' ? EXIT.usage : EXIT.failure;
  return EXIT.failure;
}
