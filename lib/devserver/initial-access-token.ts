// The one initial access token (RFC 7591 §3) that lets local tools register clients: created on
// first start, kept in a 0600 file, and reused across restarts while the store still knows it.

import { HTTPS_REDIRECTS_POLICY } from './defaults';
import { readTextIfExists, writeFileAtomicIn } from './atomic-file';
import type { OidcProvider } from './oidc-provider-types';

/** Returns nothing: the token value stays in the file and in the store, never in memory for long. */
export async function ensureInitialAccessToken(provider: OidcProvider, file: string): Promise<void> {
  const existing = (await readTextIfExists(file))?.trim();
  if (existing && (await provider.InitialAccessToken.find(existing))) return;

  // No expiry and multi-use (G8). The policy makes every client registered with it, and every
  // later update of such a client, pass the redirect URI rules.
  const value = await new provider.InitialAccessToken({ policies: [HTTPS_REDIRECTS_POLICY] }).save();
  await writeFileAtomicIn(file, `${value}\n`);
}
