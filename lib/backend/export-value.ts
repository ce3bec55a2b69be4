// What a client's export holds: everything an application needs to get tokens, nothing more.
// The same JSON object in every store kind; the README's "Reading the credentials" documents it.
import * as z from 'zod';
import type { StoredValue } from '../secrets';

export interface ExportedCredentials extends StoredValue {
  readonly client_id: string;
  /** Confidential clients only: a public client (auth method `none`) has no secret. */
  readonly client_secret?: string;
  readonly issuer: string;
  readonly token_endpoint: string;
}

/** How readers (`oauth-clients credentials|token|login`) check an export before using it. */
export const ExportedCredentialsSchema = z.looseObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  issuer: z.string().min(1),
  token_endpoint: z.string().min(1),
});

export function exportValue(clientId: string, clientSecret: string | undefined, issuer: string, tokenEndpoint: string): ExportedCredentials {
  return { client_id: clientId, ...(clientSecret === undefined ? {} : { client_secret: clientSecret }), issuer, token_endpoint: tokenEndpoint };
}

export const exportedClientId = (value: StoredValue | undefined): string | undefined =>
  typeof value?.client_id === 'string' ? value.client_id : undefined;
