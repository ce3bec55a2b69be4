// The TLS rules of the client, in the one place that loads node's TLS stack. Required lazily, so a
// run that only calls loopback http never pays for loading `node:https` and `node:tls`.
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';

/** `https.request`, for the agent below. */
export const request = https.request;

/**
 * A keep-alive pool that always verifies certificates and trusts `ca` on top of the roots.
 * @param idleMs how long an unused connection stays in the pool
 */
export function newHttpsAgent(idleMs: number, ca?: string): https.Agent {
  return new https.Agent({
    keepAlive: true,
    timeout: idleMs,
    // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot weaken it.
    rejectUnauthorized: true,
    // Node replaces its root store with `ca` instead of extending it; keep the roots.
    ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }),
  });
}
