// The public face of `lib/http`: the one HTTP client every provider adapter is given.
export * from './defaults';
export { HttpTransportError, InsecureUrlError, neverReachedServer, oauthErrorOf, type OAuthError } from './errors';
export { HttpClient, type HttpClientOptions } from './http-client';
export type { HttpMethod, HttpRequest, HttpResponse } from './http-request';
export { describeError, redactError, Redactor, REDACTED, SENSITIVE_FIELDS } from './redactor';
export { DEFAULT_PRINTABLE_LENGTH, printable } from './printable-text';
export type { RetryPolicy } from './retry-policy';
