// What a client's export holds: everything an application needs to get tokens, nothing more.
import type { StoredValue } from '../secrets';

export interface ExportedCredentials extends StoredValue {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly issuer: string;
  readonly token_endpoint: string;
}

export function exportValue(clientId: string, clientSecret: string | undefined, issuer: string, tokenEndpoint: string): ExportedCredentials {
  return { client_id: clientId, ...(clientSecret === undefined ? {} : { client_secret: clientSecret }), issuer, token_endpoint: tokenEndpoint };
}

export const exportedClientId = (value: StoredValue | undefined): string | undefined =>
  typeof value?.client_id === 'string' ? value.client_id : undefined;
