// Errors the backend raises on purpose: a stable code, the client key, a message that names
// what to do. Never a secret.
export type BackendErrorCode = 'EXPORT_CONFLICT' | 'OWNED_BY_OTHER_STACK' | 'STORE_FAILED' | 'SPEC_INVALID' | 'UNSUPPORTED_SPEC_VERSION' | 'MANAGEMENT_TOKEN_REJECTED' | 'LEDGER_MISSING';

export class BackendError extends Error {
  constructor(
    readonly code: BackendErrorCode,
    readonly clientKey: string,
    message: string,
  ) {
    super(`${clientKey}: ${message}`);
    this.name = 'BackendError';
  }
}
