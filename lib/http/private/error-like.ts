// Recognises errors by shape rather than by `instanceof Error`: errors raised by node's core
// modules come from another realm under jest (and under vm contexts), where `instanceof` says no.

/** The parts of an error the client reads. */
export interface ErrorLike {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: unknown;
  readonly cause?: unknown;
  /** Present on an AggregateError: node raises one when every address of a host refused. */
  readonly errors?: unknown;
}

export function isErrorLike(value: unknown): value is ErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorLike).message === 'string' &&
    typeof (value as ErrorLike).name === 'string'
  );
}

/** The inner errors of an AggregateError, or none. */
export function innerErrorsOf(error: ErrorLike): readonly unknown[] {
  return Array.isArray(error.errors) ? error.errors : [];
}
