// What happens when a client leaves the code (or the stack is destroyed).
import type { RemovalPolicyValue } from '../model';

export const RemovalPolicy = {
  /** Delete the client at the provider and its exported secret from the store. */
  DESTROY: 'destroy',
  /** Leave the client at the provider and its exported secret in the store; forget it in the ledger. */
  RETAIN: 'retain',
} as const satisfies Record<string, RemovalPolicyValue>;

export type RemovalPolicy = (typeof RemovalPolicy)[keyof typeof RemovalPolicy];
