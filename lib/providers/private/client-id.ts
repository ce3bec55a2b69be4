// A client_id comes from the provider and ends up in the ledger, in exports, in Terraform state
// and on every log line. RFC 6749 Appendix A.1 makes it visible ASCII (VSCHAR); no provider we
// support issues one longer than a UUID or a slug, so anything else is refused before it is stored.
import { printable } from '../../http';

/** Longer than any provider's id column we know (Keycloak 255, Hydra 255, light-portal UUID 36). */
export const MAX_CLIENT_ID_LENGTH = 255;

/** The rule a provider-issued client_id breaks, in words (the value neutralized), or undefined. */
export function clientIdRule(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'the provider answered no client_id';
  if (value.length > MAX_CLIENT_ID_LENGTH) return `the provider answered a client_id of ${value.length} characters (at most ${MAX_CLIENT_ID_LENGTH})`;
  if (!/^[\x21-\x7e]+$/.test(value)) return `the provider answered a client_id '${printable(value, 80)}' with characters outside visible ASCII (RFC 6749 Appendix A.1)`;
  return undefined;
}
