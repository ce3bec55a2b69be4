// The parts of an RFC 7591 §3.2.1 registration response the backend keeps. Parsed strictly:
// a response without a client_id or management credentials cannot be managed later.
import * as z from 'zod';

export const RegistrationResponseSchema = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  registration_client_uri: z.string().url(),
  registration_access_token: z.string().min(1),
});

export type RegistrationResponse = z.output<typeof RegistrationResponseSchema>;

/** Handle keys in the ledger: how RFC 7592 identifies and authorizes management calls. */
export const HANDLE = { uri: 'registrationClientUri', token: 'registrationAccessToken' } as const;
