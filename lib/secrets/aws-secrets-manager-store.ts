// AWS Secrets Manager as a store, through the official SDK (loaded only when such a store is used,
// so the handler stays small for everyone else). Entry `k` is the secret `<prefix>/k` holding the
// JSON object as its SecretString. Credentials come from the SDK's standard chain (env, profile,
// web identity / OIDC in a pipeline, instance role). API reference:
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/ (CreateSecret, GetSecretValue,
// PutSecretValue, DeleteSecret, ListSecrets).
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RESERVED_STORE_PREFIX, type AwsSecretsManagerStoreSpec } from '../model';
import { checkEntryKey, checkEntryPrefix } from './entry-key';
import type { SecretStoreBackend, StoredValue } from './secret-store';
import { quoteName, StoreError } from './store-error';

type Sdk = typeof import('@aws-sdk/client-secrets-manager');

/** InvalidRequestException's message for a secret in its recovery window (GetSecretValue, CreateSecret). */
const MARKED_FOR_DELETION = /marked for deletion|scheduled for deletion/i;

export class AwsSecretsManagerStore implements SecretStoreBackend {
  readonly description: string;
  private sdk?: { module: Sdk; client: SecretsManagerClient };

  /** The SDK reads its credentials and settings from process.env (its standard chain). */
  constructor(private readonly config: AwsSecretsManagerStoreSpec) {
    this.description = `aws-secrets-manager store ${config.region} ${config.prefix}/${config.endpoint ? ` (${config.endpoint})` : ''}`;
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const { module, client } = this.open();
    try {
      const out = await client.send(new module.GetSecretValueCommand({ SecretId: this.nameOf(key) }));
      return this.parse(key, out.SecretString);
    } catch (error) {
      if (nameOf(error) === 'ResourceNotFoundException') return undefined;
      // In its recovery window a deleted secret cannot be read: it is gone for us.
      if (nameOf(error) === 'InvalidRequestException' && MARKED_FOR_DELETION.test(messageOf(error))) return undefined;
      throw this.failure('read', key, error);
    }
  }

  /** CreateSecret fails with ResourceExistsException when the name is taken: create-only by the API itself. */
  async putIfAbsent(key: string, value: StoredValue): Promise<'created' | 'exists'> {
    const { module, client } = this.open();
    try {
      // The SDK sends a ClientRequestToken and keeps it across its retries, so a retried create is idempotent.
      await client.send(new module.CreateSecretCommand({ Name: this.nameOf(key), SecretString: this.serialize(key, value) }));
      return 'created';
    } catch (error) {
      if (nameOf(error) === 'ResourceExistsException') return 'exists';
      if (nameOf(error) === 'InvalidRequestException' && MARKED_FOR_DELETION.test(messageOf(error))) {
        throw new StoreError(
          'OAC_STORE_UNAVAILABLE',
          `cannot create ${quoteName(key)} in ${this.description}: the secret ${this.nameOf(key)} is in its recovery window after a deletion; ` +
            `restore it (aws secretsmanager restore-secret) or delete it for good (delete-secret --force-delete-without-recovery), then apply again`,
          { key, store: this.description },
        );
      }
      throw this.failure('create', key, error);
    }
  }

  /** PutSecretValue (a new version), or CreateSecret when there is no such secret yet. */
  async put(key: string, value: StoredValue): Promise<void> {
    const { module, client } = this.open();
    const SecretString = this.serialize(key, value);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await client.send(new module.PutSecretValueCommand({ SecretId: this.nameOf(key), SecretString }));
        return;
      } catch (error) {
        if (nameOf(error) !== 'ResourceNotFoundException') throw this.failure('write', key, error);
      }
      try {
        await client.send(new module.CreateSecretCommand({ Name: this.nameOf(key), SecretString }));
        return;
      } catch (error) {
        // Another writer created it between our two calls: put again.
        if (nameOf(error) !== 'ResourceExistsException') throw this.failure('write', key, error);
      }
    }
    throw new StoreError('OAC_STORE_UNAVAILABLE', `cannot write ${quoteName(key)} in ${this.description}: it kept appearing and vanishing`, { key, store: this.description });
  }

  /**
   * DeleteSecret. The backend's own records go at once (ForceDeleteWithoutRecovery): they are
   * rewritten under the same name; exports keep the configured recovery window, if any.
   */
  async delete(key: string): Promise<boolean> {
    const { module, client } = this.open();
    const window = this.config.recoveryWindowDays;
    const options = window === undefined || key.startsWith(RESERVED_STORE_PREFIX) ? { ForceDeleteWithoutRecovery: true } : { RecoveryWindowInDays: window };
    try {
      await client.send(new module.DeleteSecretCommand({ SecretId: this.nameOf(key), ...options }));
      return true;
    } catch (error) {
      if (nameOf(error) === 'ResourceNotFoundException') return false;
      if (nameOf(error) === 'InvalidRequestException' && MARKED_FOR_DELETION.test(messageOf(error))) return false;
      throw this.failure('delete', key, error);
    }
  }

  /** ListSecrets filtered by name (a case-insensitive prefix match there; exact here), all pages. */
  async list(prefix: string): Promise<string[]> {
    checkEntryPrefix(prefix, this.description);
    const { module, client } = this.open();
    const full = `${this.config.prefix}/${prefix}`;
    const keys: string[] = [];
    let NextToken: string | undefined;
    try {
      do {
        const out = await client.send(new module.ListSecretsCommand({ Filters: [{ Key: 'name', Values: [full] }], MaxResults: 100, NextToken }));
        for (const secret of out.SecretList ?? []) {
          if (secret.Name?.startsWith(full) && secret.DeletedDate === undefined) keys.push(secret.Name.slice(this.config.prefix.length + 1));
        }
        NextToken = out.NextToken;
      } while (NextToken);
    } catch (error) {
      throw this.failure('list', prefix, error);
    }
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async close(): Promise<void> {
    this.sdk?.client.destroy();
    this.sdk = undefined;
  }

  private open(): { module: Sdk; client: SecretsManagerClient } {
    if (!this.sdk) {
      const module = require('@aws-sdk/client-secrets-manager') as Sdk;
      const client = new module.SecretsManagerClient({
        region: this.config.region,
        ...(this.config.endpoint ? { endpoint: this.config.endpoint } : {}),
        maxAttempts: 4,
      });
      this.sdk = { module, client };
    }
    return this.sdk;
  }

  private nameOf(key: string): string {
    return `${this.config.prefix}/${checkEntryKey(key, this.description)}`;
  }

  private serialize(key: string, value: StoredValue): string {
    checkEntryKey(key, this.description);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new StoreError('OAC_STORE_VALUE', `value for ${quoteName(key)} in ${this.description} must be a JSON object`, { key, store: this.description });
    }
    return JSON.stringify(value);
  }

  private parse(key: string, text: string | undefined): StoredValue {
    let value: unknown;
    try {
      value = text === undefined ? undefined : JSON.parse(text);
    } catch {
      value = undefined; // the SyntaxError would quote the secret
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new StoreError('OAC_STORE_VALUE', `${quoteName(key)} in ${this.description} does not hold a JSON object`, { key, store: this.description });
    }
    return value as StoredValue;
  }

  private failure(action: string, key: string, error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    // The service's messages name the operation and the secret, never its value.
    return new StoreError('OAC_STORE_UNAVAILABLE', `cannot ${action} ${quoteName(key)} in ${this.description}: ${nameOf(error) ?? 'Error'}: ${messageOf(error).slice(0, 300)}`, {
      key,
      store: this.description,
      cause: error,
    });
  }
}

const nameOf = (error: unknown): string | undefined => (error as { name?: string } | null)?.name;
const messageOf = (error: unknown): string => String((error as { message?: unknown } | null)?.message ?? '');
