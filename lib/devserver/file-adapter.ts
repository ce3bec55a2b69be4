// A node-oidc-provider storage adapter that keeps each stored entry in its own file, one folder
// per model, so clients, registration access tokens and initial access tokens survive restarts
// and nothing is ever evicted (the built-in memory adapter is an LRU that forgets after about
// 2,000 entries, provider-apis G7). Every operation touches a constant number of small files,
// so it stays fast with thousands of clients; nothing is loaded at start-up.
//
// Layout under the store directory (ids are hashed: the id of an opaque token IS the token):
//   <Model>/<sha256(id)>.json                    { id, payload, expiresAt? }
//   <Model>/by-uid/<sha256(uid)>                  the Session id for that uid
//   <Model>/by-user-code/<sha256(userCode)>       the id holding that device user code
//   <Model>/by-grant/<sha256(grantId)>/<sha256(id)>   empty marker: id belongs to that grant

import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { isMissing, readTextIfExists, removeIfExists, writeFileAtomicIn } from './atomic-file';
import { KeyedLock } from './keyed-lock';

/** What oidc-provider stores; only the members the adapter indexes by are named. */
export interface AdapterPayload {
  readonly uid?: string;
  readonly userCode?: string;
  readonly grantId?: string;
  consumed?: number;
  readonly [member: string]: unknown;
}

/** The adapter contract of node-oidc-provider 9 (src lib/adapters/memory_adapter.js). */
export interface OidcAdapter {
  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<AdapterPayload | undefined>;
  findByUid(uid: string): Promise<AdapterPayload | undefined>;
  findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/** One entry file's content. */
export interface StoredEntry {
  readonly id: string;
  readonly payload: AdapterPayload;
  /** Epoch milliseconds; absent means the entry never expires (clients, IATs, RATs). */
  readonly expiresAt?: number;
}

export const ENTRY_SUFFIX = '.json';
export const INDEX_FOLDERS = { uid: 'by-uid', userCode: 'by-user-code', grant: 'by-grant' } as const;

// oidc-provider's model names are plain identifiers; anything else must not become a path.
export const MODEL_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

export function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function isExpired(entry: StoredEntry, now = Date.now()): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

export class FileAdapter implements OidcAdapter {
  /** This model's folder in the store. */
  readonly folder: string;

  constructor(
    readonly model: string,
    storeDirectory: string,
    private readonly locks: KeyedLock,
  ) {
    if (!MODEL_NAME.test(model)) throw new TypeError(`not a model name: '${model}'`);
    this.folder = join(storeDirectory, model);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const hash = hashKey(id);
    await this.locks.run(this.lockKey(hash), async () => {
      const previous = await this.readEntry(hash);
      if (previous) await this.removeIndexes(hash, previous);
      // Indexes first: a crash in between leaves a dangling index (ignored, swept), never an
      // entry its index cannot find.
      await this.writeIndexes(hash, id, payload);
      const entry: StoredEntry = {
        id,
        payload,
        ...(typeof expiresIn === 'number' ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
      };
      await writeFileAtomicIn(this.entryFile(hash), JSON.stringify(entry));
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = await this.readEntry(hashKey(id));
    return entry && entry.id === id && !isExpired(entry) ? entry.payload : undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findByIndex(INDEX_FOLDERS.uid, uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findByIndex(INDEX_FOLDERS.userCode, userCode);
  }

  async consume(id: string): Promise<void> {
    const hash = hashKey(id);
    await this.locks.run(this.lockKey(hash), async () => {
      const entry = await this.readEntry(hash);
      if (!entry || isExpired(entry)) return;
      // Seconds since the epoch, as oidc-provider's own adapter records it.
      const consumed = { ...entry, payload: { ...entry.payload, consumed: Math.floor(Date.now() / 1000) } };
      await writeFileAtomicIn(this.entryFile(hash), JSON.stringify(consumed));
    });
  }

  async destroy(id: string): Promise<void> {
    await this.destroyByHash(hashKey(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const folder = join(this.folder, INDEX_FOLDERS.grant, hashKey(grantId));
    for (const member of await listIfExists(folder)) {
      await this.destroyByHash(member);
    }
    await rm(folder, { recursive: true, force: true });
  }

  /** Removes an entry and its indexes. */
  async destroyByHash(hash: string): Promise<void> {
    await this.locks.run(this.lockKey(hash), () => this.destroyUnlocked(hash));
  }

  /** For the sweep: removes the entry if it is (still) expired; true when it did. */
  async destroyIfExpired(hash: string, now: number): Promise<boolean> {
    return this.locks.run(this.lockKey(hash), async () => {
      const entry = await this.readEntry(hash);
      if (!entry || !isExpired(entry, now)) return false;
      await this.destroyUnlocked(hash);
      return true;
    });
  }

  /** For the sweep: removes a uid or user-code index whose entry is gone or expired. */
  async removeIndexIfDangling(indexFile: string, now: number): Promise<void> {
    const id = await readTextIfExists(indexFile);
    if (id === undefined) return;
    const hash = hashKey(id);
    await this.locks.run(this.lockKey(hash), async () => {
      const entry = await this.readEntry(hash);
      if (!entry || entry.id !== id || isExpired(entry, now)) await this.removeIndexIfOwn(indexFile, id);
    });
  }

  /** For the sweep: removes a grant marker whose entry is gone. */
  async removeGrantMarkerIfDangling(markerFile: string, hash: string): Promise<void> {
    await this.locks.run(this.lockKey(hash), async () => {
      if (!(await this.readEntry(hash))) await removeIfExists(markerFile);
    });
  }

  /** The entry stored under a hashed id, expired or not; undefined when there is none. */
  async readEntry(hash: string): Promise<StoredEntry | undefined> {
    const text = await readTextIfExists(this.entryFile(hash));
    return text === undefined ? undefined : (JSON.parse(text) as StoredEntry);
  }

  entryFile(hash: string): string {
    return join(this.folder, `${hash}${ENTRY_SUFFIX}`);
  }

  private async destroyUnlocked(hash: string): Promise<void> {
    const entry = await this.readEntry(hash);
    await removeIfExists(this.entryFile(hash));
    if (entry) await this.removeIndexes(hash, entry);
  }

  private async findByIndex(index: string, key: string): Promise<AdapterPayload | undefined> {
    const id = await readTextIfExists(join(this.folder, index, hashKey(key)));
    return id === undefined ? undefined : this.find(id);
  }

  private async writeIndexes(hash: string, id: string, payload: AdapterPayload): Promise<void> {
    // Like oidc-provider's memory adapter: uids index Sessions only, user codes any model.
    if (this.model === 'Session' && payload.uid) {
      await writeFileAtomicIn(join(this.folder, INDEX_FOLDERS.uid, hashKey(payload.uid)), id);
    }
    if (payload.userCode) {
      await writeFileAtomicIn(join(this.folder, INDEX_FOLDERS.userCode, hashKey(payload.userCode)), id);
    }
    if (payload.grantId) {
      await writeFileAtomicIn(join(this.folder, INDEX_FOLDERS.grant, hashKey(payload.grantId), hash), '');
    }
  }

  private async removeIndexes(hash: string, entry: StoredEntry): Promise<void> {
    const { uid, userCode, grantId } = entry.payload;
    // A uid or user code index may already point at a newer entry; only remove our own.
    if (uid) await this.removeIndexIfOwn(join(this.folder, INDEX_FOLDERS.uid, hashKey(uid)), entry.id);
    if (userCode) await this.removeIndexIfOwn(join(this.folder, INDEX_FOLDERS.userCode, hashKey(userCode)), entry.id);
    if (grantId) await removeIfExists(join(this.folder, INDEX_FOLDERS.grant, hashKey(grantId), hash));
  }

  private async removeIndexIfOwn(file: string, id: string): Promise<void> {
    if ((await readTextIfExists(file)) === id) await removeIfExists(file);
  }

  private lockKey(hash: string): string {
    return `${this.model}/${hash}`;
  }
}

/** The names in a folder, or none when the folder does not exist. */
export async function listIfExists(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * The `adapter` setting for oidc-provider: a factory it calls once per model name. All adapters
 * of one store share one lock table.
 */
export function fileAdapterFactory(storeDirectory: string): (model: string) => FileAdapter {
  const locks = new KeyedLock();
  const adapters = new Map<string, FileAdapter>();
  return (model) => {
    let adapter = adapters.get(model);
    if (!adapter) {
      adapter = new FileAdapter(model, storeDirectory, locks);
      adapters.set(model, adapter);
    }
    return adapter;
  };
}
