// Everything a backend operation touches, injected: the durable store, the local journal copy,
// the provider adapter, the clock, the log, and the crash checkpoints the fault tests use.
import type { ProviderAdapter } from '../providers';
import type { SecretStoreBackend } from '../secrets';

/**
 * The steps of a first apply, in order (docs/design.md §4); a checkpoint may stop the process there. One
 * checkpoint per step that leaves something behind: two with no I/O between them would be one
 * crash, tested twice.
 */
export type ApplyStep = 'after-intent' | 'after-create' | 'after-journal' | 'after-export' | 'after-ledger';

export interface HandlerContext {
  /** The host's store: where client credentials are exported. */
  readonly store: SecretStoreBackend;
  /** The host's ledger store: ledger, intents, journal (the same object as `store` unless the host names another). */
  readonly ledgerStore: SecretStoreBackend;
  /** A local encrypted copy of the journal, for when the durable store is what fails. */
  readonly localJournal: SecretStoreBackend;
  readonly adapter: ProviderAdapter;
  /** The issuer, exported with the credentials. */
  readonly issuer: string;
  /** One line for the person or pipeline running Terraform; already free of secrets. */
  readonly log: (line: string) => void;
  readonly now: () => Date;
  readonly newAttemptId: () => string;
  /** Reached after each step; the fault tests stop the process there. */
  readonly checkpoint: (step: ApplyStep) => void;
}
