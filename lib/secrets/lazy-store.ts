// A store opened on first use: the handler's local journal costs directory and key-file I/O that
// destroy and prune never need, in a process Terraform starts once per client.
import type { SecretStoreBackend, StoredValue } from './secret-store';

export class LazySecretStore implements SecretStoreBackend {
  private opened?: Promise<SecretStoreBackend>;

  constructor(
    readonly description: string,
    private readonly open: () => Promise<SecretStoreBackend>,
  ) {}

  private store(): Promise<SecretStoreBackend> {
    this.opened ??= this.open();
    return this.opened;
  }

  async get(key: string): Promise<StoredValue | undefined> {
    return (await this.store()).get(key);
  }

  async putIfAbsent(key: string, value: StoredValue): Promise<'created' | 'exists'> {
    return (await this.store()).putIfAbsent(key, value);
  }

  async put(key: string, value: StoredValue): Promise<void> {
    return (await this.store()).put(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.store()).delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    return (await this.store()).list(prefix);
  }

  async close(): Promise<void> {
    if (this.opened) await (await this.opened.catch(() => undefined))?.close?.();
  }
}
