// Where a client's exported credentials live: a typed reference, never the value (STYLE §6).
import type { StoreSpec } from '../model';

export interface SecretReference {
  /** The store that holds the export (the host's store). */
  readonly store: StoreSpec;
  /** The export's path in that store; it holds `client_id`, `client_secret`, `issuer`, `token_endpoint`. */
  readonly path: string;
}
