// Keeps node-oidc-provider's console lines from confusing whoever reads this server's output:
// the warnings we expect are dropped, anything else goes to the server's log as a clear line.

import { format } from 'node:util';

import type { OidcProviderModule } from './oidc-provider-types';

/**
 * Warnings oidc-provider prints that this server has decided about, with the reason each is safe:
 * - "Unsupported runtime": printed on every load under Node 20, where every flow this server
 *   offers was measured to work (provider-apis G2).
 * - devInteractions: enabled on purpose, this is the development server (G3).
 */
const EXPECTED = [/Unsupported runtime/, /devInteractions is enabled/];

// Its lines start with this, possibly wrapped in ANSI colour codes when writing to a terminal.
const OIDC_PROVIDER_LINE = /^(?:\x1b\[[0-9;]*m)?oidc-provider (?:WARNING|NOTICE): /;
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Runs `work` (loading the module, constructing the provider: both synchronous) with
 * console.warn and console.info filtered. Lines not from oidc-provider pass through untouched.
 */
export function withOidcProviderOutput<T>(log: (line: string) => void, work: () => T): T {
  const { warn, info } = console;
  const filter = (original: (...args: unknown[]) => void) => (...args: unknown[]) => {
    const line = format(...args);
    if (!OIDC_PROVIDER_LINE.test(line)) {
      original.apply(console, args);
      return;
    }
    const plain = line.replace(ANSI, '');
    if (!EXPECTED.some((pattern) => pattern.test(plain))) log(plain);
  };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return work();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

/** Loads oidc-provider (ESM, which Node >= 20.19 can `require`) without its runtime warning. */
export function loadOidcProvider(log: (line: string) => void): OidcProviderModule {
  return withOidcProviderOutput(log, () => require('oidc-provider') as OidcProviderModule);
}
