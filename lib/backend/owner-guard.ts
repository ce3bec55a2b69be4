// docs/design.md §3: with create_before_destroy, a replaced (deposed) instance may be destroyed after its
// successor took the client over; only the instance the ledger names may delete it.
import type { LedgerRecord } from './records';

export const isCurrentOwner = (ledger: LedgerRecord, instance: string): boolean => ledger.ownerInstance === instance;
