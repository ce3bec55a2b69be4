// The stack witness (issue 10): Terraform keeps the id of one `terraform_data` per stack in its
// state from the stack's first deploy on; its create-time provisioner writes that id into every
// ledger store of the stack. A later run that finds the id in its environment but not in the ledger
// store is looking at a store the stack was not deployed with (a fresh runner's empty file store):
// a client without a ledger record there may well exist, so nothing may be registered or forgotten.
import type { SecretStoreBackend } from '../secrets';
import { recordKeys } from './records';

export interface StackWitness {
  readonly stack: string;
  /** The witness resource's id from Terraform's state. */
  readonly id: string;
}

/** Written by `handle witness` when Terraform creates the witness resource. */
export async function recordWitness(store: SecretStoreBackend, witness: StackWitness, at: Date): Promise<void> {
  await store.put(recordKeys.witness(witness.stack), { witness: witness.id, stack: witness.stack, at: at.toISOString() });
}

/** Run when Terraform destroys the witness (the stack is destroyed): drops the record if it is still this witness's. */
export async function forgetWitness(store: SecretStoreBackend, witness: StackWitness): Promise<boolean> {
  if (!(await storeKnowsWitness(store, witness))) return false;
  return store.delete(recordKeys.witness(witness.stack));
}

/** true when the store holds this stack's witness record with this id. */
export async function storeKnowsWitness(store: SecretStoreBackend, witness: StackWitness): Promise<boolean> {
  const record = await store.get(recordKeys.witness(witness.stack));
  return record?.witness === witness.id;
}

/** The evidence sentence of a LEDGER_MISSING error. */
export const witnessEvidence = (witness: StackWitness): string =>
  `Terraform's state says stack '${witness.stack}' was deployed before (witness ${witness.id}) and this client may exist`;
