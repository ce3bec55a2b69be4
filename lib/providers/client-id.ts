// The client id the adapters choose where the API lets the caller choose it (Hydra, Keycloak):
// a pure function of host name and key, so a create retried after a lost answer or a crash
// addresses the client the first attempt made (409 / found by id) instead of making a second one.
import { createHash } from 'node:crypto';

/** Readable slug of the key plus 12 hex digits of SHA-256(host, key): unique per host and key. */
export function deterministicClientId(hostName: string, key: string): string {
  const slug = key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const digest = createHash('sha256').update(`${hostName}\n${key}`).digest('hex').slice(0, 12);
  return `${slug || 'client'}-${digest}`;
}
