// The custom-resource backend: what Terraform's provisioners run, through `oauth-clients handle`.
export * from './apply';
export * from './destroy';
export * from './prune';
export * from './backend-error';
export * from './handler-context';
export * from './records';
export { specHash } from './spec-hash';
export { listLedger, readIntent, readLedger, writeLedger } from './ledger-io';
export { exportedClientId } from './export-value';
export { confirmGone, managementTokenRejected, renewedLedger } from './management-token';
export { observedDifferences, providerChanges } from './provider-fields';
export { forgetWitness, recordWitness, storeKnowsWitness, type StackWitness } from './stack-witness';
export { restoreHint } from './ledger-guard';
