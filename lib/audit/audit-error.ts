// The audit's one error type: a message fit for one line on stderr, and whether the user asked
// for something impossible (exit 64), something failed on the way (70) or a signal stopped it (130).
export class AuditError extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'failure' | 'interrupted' = 'failure',
    /** Long output (a failed synth's stderr) shown only with --debug. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'AuditError';
  }
}
