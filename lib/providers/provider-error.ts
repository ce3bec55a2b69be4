// Errors from a provider API, in the OAuth wire vocabulary: the provider's error code, the HTTP
// status, the client key and, where the provider names one, the field. Never a secret. The
// provider's own words are neutralized and capped here, for every adapter (printable-text.ts).
import { printable } from '../http';

export class ProviderError extends Error {
  constructor(
    readonly clientKey: string,
    readonly operation: string,
    readonly status: number | undefined,
    readonly providerCode: string | undefined,
    detail: string,
    readonly field?: string,
  ) {
    const where = field ? ` (field ${printable(field, 100)})` : '';
    const code = providerCode ? `${printable(providerCode, 100)}: ` : '';
    super(`${clientKey}: ${operation} failed${status ? ` with HTTP ${status}` : ''}${where}: ${code}${printable(detail)}`);
    this.name = 'ProviderError';
  }
}

/** The provider cannot list its clients after all (an RFC 7591 server other than the development server). */
export class ListingUnavailable extends Error {
  constructor(readonly host: string, why: string) {
    super(`host ${host}: ${why}`);
    this.name = 'ListingUnavailable';
  }
}
