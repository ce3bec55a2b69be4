// The drift verb's own errors, by what the exit status must say (CONTRACTS C8).
export type DriftErrorKind = 'usage' | 'invalid' | 'failure';

export class DriftError extends Error {
  constructor(
    message: string,
    readonly kind: DriftErrorKind,
  ) {
    super(message);
    this.name = 'DriftError';
  }
}
