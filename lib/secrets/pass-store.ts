// `pass`, the standard unix password manager, as a store: entry `k` is `<prefix>/k` in the password
// store (PASSWORD_STORE_DIR, else ~/.password-store), GnuPG-encrypted to its .gpg-id. Values go to
// `pass insert` on stdin, never on the command line (argv is visible to every user of the machine).
// pass's `insert` would prompt before overwriting, so put-if-absent is check-then-insert under a
// lock shared by every handler Terraform runs in parallel.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, rmdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PassStoreSpec } from '../model';
import { checkEntryKey, checkEntryPrefix } from './entry-key';
import { walkEntryKeys } from './private/entry-files';
import type { SecretStoreBackend, StoredValue } from './secret-store';
import { errnoCode, quoteName, StoreError } from './store-error';

/** A lock older than this was left by a killed handler (a pass call takes well under a second). */
const STALE_LOCK_MS = 60_000;
const LOCK_WAIT_MS = 120_000;

export class PassSecretStore implements SecretStoreBackend {
  readonly description: string;
  private readonly directory: string;

  constructor(
    private readonly config: PassStoreSpec,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.directory = env.PASSWORD_STORE_DIR || join(env.HOME || homedir(), '.password-store');
    this.description = `pass store ${config.prefix}/ in ${this.directory}`;
  }

  async get(key: string): Promise<StoredValue | undefined> {
    if (!(await this.exists(key))) return undefined;
    const out = await this.pass('read', key, ['show', this.nameOf(key)]);
    let value: unknown;
    try {
      value = JSON.parse(out);
    } catch {
      value = undefined; // the SyntaxError would quote the secret
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new StoreError('OAC_STORE_VALUE', `${quoteName(key)} in ${this.description} does not hold a JSON object`, { key, store: this.description });
    }
    return value as StoredValue;
  }

  async putIfAbsent(key: string, value: StoredValue): Promise<'created' | 'exists'> {
    const json = this.serialize(key, value);
    return this.locked('create', key, async () => {
      if (await this.exists(key)) return 'exists';
      await this.insert('create', key, json);
      return 'created';
    });
  }

  async put(key: string, value: StoredValue): Promise<void> {
    const json = this.serialize(key, value);
    await this.locked('write', key, () => this.insert('write', key, json));
  }

  async delete(key: string): Promise<boolean> {
    return this.locked('delete', key, async () => {
      if (!(await this.exists(key))) return false;
      await this.pass('delete', key, ['rm', '--force', this.nameOf(key)]);
      return true;
    });
  }

  /** pass keeps one `<name>.gpg` file per entry under its directory: listing walks it, as `pass ls` does. */
  async list(prefix: string): Promise<string[]> {
    checkEntryPrefix(prefix, this.description);
    try {
      const root = join(this.directory, ...this.config.prefix.split('/'));
      const sub = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const keys = await walkEntryKeys(root, sub, '.gpg');
      return keys.filter((k) => k.startsWith(prefix)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (error) {
      throw new StoreError('OAC_STORE_IO', `cannot list ${quoteName(prefix)} in ${this.description}: ${errnoCode(error) ?? 'error'}`, { store: this.description, cause: error });
    }
  }

  private nameOf(key: string): string {
    return `${this.config.prefix}/${checkEntryKey(key, this.description)}`;
  }

  private async exists(key: string): Promise<boolean> {
    try {
      return (await stat(join(this.directory, ...this.nameOf(key).split('/')) + '.gpg')).isFile();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return false;
      throw new StoreError('OAC_STORE_IO', `cannot read ${quoteName(key)} in ${this.description}: ${errnoCode(error) ?? 'error'}`, { key, store: this.description, cause: error });
    }
  }

  private async insert(action: string, key: string, json: string): Promise<void> {
    await this.initialized(action, key);
    // --multiline reads stdin to its end; --force because existence was decided under the lock.
    await this.pass(action, key, ['insert', '--multiline', '--force', this.nameOf(key)], `${json}\n`);
  }

  private async initialized(action: string, key: string): Promise<void> {
    try {
      await access(join(this.directory, '.gpg-id'), constants.R_OK);
    } catch {
      throw new StoreError('OAC_STORE_CONFIG', `cannot ${action} ${quoteName(key)} in ${this.description}: the password store is not initialised (run: pass init <gpg-id>)`, {
        key,
        store: this.description,
      });
    }
  }

  /** Runs pass with the value (if any) on stdin; resolves with its stdout. Errors carry pass's stderr, never stdout. */
  private pass(action: string, key: string, args: string[], stdin?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const fail = (reason: string, cause?: unknown) =>
        reject(new StoreError('OAC_STORE_UNAVAILABLE', `cannot ${action} ${quoteName(key)} in ${this.description}: ${reason}`, { key, store: this.description, cause }));
      const child = spawn('pass', args, { env: { ...this.env, PASSWORD_STORE_DIR: this.directory }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (error) => fail(errnoCode(error) === 'ENOENT' ? "the 'pass' command is not installed (Debian: apt-get install pass)" : (errnoCode(error) ?? 'error'), error));
      child.on('close', (code) => {
        if (code === 0) resolve(stdout);
        else fail(`pass ${args[0]} exited ${code}: ${stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`);
      });
      child.stdin.on('error', () => undefined); // pass may exit before reading (reported by 'close')
      child.stdin.end(stdin ?? '');
    });
  }

  private serialize(key: string, value: StoredValue): string {
    checkEntryKey(key, this.description);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new StoreError('OAC_STORE_VALUE', `value for ${quoteName(key)} in ${this.description} must be a JSON object`, { key, store: this.description });
    }
    return JSON.stringify(value);
  }

  /** One writer at a time per password store: a lock directory (mkdir is atomic), broken when stale. */
  private async locked<T>(action: string, key: string, work: () => Promise<T>): Promise<T> {
    const lock = join(this.directory, '.oauth-clients.lock');
    const started = Date.now();
    await mkdir(this.directory, { recursive: true, mode: 0o700 }).catch(() => undefined);
    for (;;) {
      try {
        await mkdir(lock, { mode: 0o700 });
        break;
      } catch (error) {
        if (errnoCode(error) !== 'EEXIST') {
          throw new StoreError('OAC_STORE_IO', `cannot ${action} ${quoteName(key)} in ${this.description}: cannot take the lock ${lock}: ${errnoCode(error) ?? 'error'}`, { key, store: this.description });
        }
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > STALE_LOCK_MS) await rmdir(lock).catch(() => undefined);
        if (Date.now() - started > LOCK_WAIT_MS) {
          throw new StoreError('OAC_STORE_UNAVAILABLE', `cannot ${action} ${quoteName(key)} in ${this.description}: the lock ${lock} is held by another process`, { key, store: this.description });
        }
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
      }
    }
    try {
      return await work();
    } finally {
      await rmdir(lock).catch(() => undefined);
    }
  }
}
