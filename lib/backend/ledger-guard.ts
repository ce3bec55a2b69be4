// A runner that starts empty must never register a second client (issue 10): when something that
// outlives the runner (Terraform's state, the stack's witness) says a client or a deploy existed,
// but the ledger store has no record of it, the ledger store is missing. Stop, name it, say how to
// restore it, and create nothing.
import { ledgerStoreOf, type ClientSpec, type StoreSpec } from '../model';
import { BackendError } from './backend-error';
import type { HandlerContext } from './handler-context';

/** How to bring back a ledger store of this kind, for the error message. */
export function restoreHint(store: StoreSpec): string {
  switch (store.kind) {
    case 'file':
      return (
        `restore the directory '${store.directory}' (and its key: env ${store.keyEnv} or the file '${store.directory}/.store-key') from the machine that deployed last, ` +
        `or move the ledger to a durable store (SecretStore.postgres / vault / awsSecretsManager as the host's ledgerStore, then 'oauth-clients store migrate')`
      );
    case 'postgres':
      return `check that ${store.connectionStringEnv} names the database (and table '${store.table}') the stack was deployed with, and that ${store.keyEnv} holds its key`;
    case 'vault':
      return `check that ${store.address} mount '${store.mount}' path '${store.pathPrefix}'${store.namespace ? ` in namespace '${store.namespace}'` : ''} is the one the stack was deployed with`;
    case 'aws-secrets-manager':
      return `check the region '${store.region}', prefix '${store.prefix}' and the AWS account of the credentials`;
    case 'pass':
      return `check PASSWORD_STORE_DIR: it must be the password store the stack was deployed with (prefix '${store.prefix}')`;
  }
}

/** The error for a client Terraform knows (`clientId`) whose ledger record the store lacks. */
export function ledgerMissing(ctx: HandlerContext, spec: ClientSpec, evidence: string, refused: 'register' | 'delete' = 'register'): BackendError {
  return new BackendError(
    'LEDGER_MISSING',
    spec.key,
    `${evidence}, but ${ctx.ledgerStore.description} holds no ledger record for it: the ledger store is missing or is not the one this stack was deployed with. ` +
      `${refused === 'register' ? 'Refusing to register a second client' : 'Refusing to forget a client that may still exist (it would be orphaned at the provider)'}. To fix: ${restoreHint(ledgerStoreOf(spec.host))}; then deploy again`,
  );
}
