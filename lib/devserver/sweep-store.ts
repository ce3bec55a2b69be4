// Removes what the file adapter no longer needs: expired entries (oidc-provider passes
// `expiresIn` but never deletes anything itself), index files whose entry is gone, empty grant
// folders and temporary files a crash left behind. Every removal re-checks under the entry's
// lock, so the sweep can run beside live traffic.

import { rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { isMissing, removeIfExists, TEMP_SUFFIX } from './atomic-file';
import { ENTRY_SUFFIX, FileAdapter, INDEX_FOLDERS, listIfExists, MODEL_NAME } from './file-adapter';

/** A temporary file older than this belongs to a write that died; live writes take milliseconds. */
const STALE_TEMP_MS = 60_000;

export interface SweepReport {
  /** Expired entries removed. */
  readonly expired: number;
  /** Files that could not be checked (unreadable or corrupt); they are left in place. */
  readonly problems: readonly string[];
}

export async function sweepStore(
  storeDirectory: string,
  adapterFor: (model: string) => FileAdapter,
  now = Date.now(),
): Promise<SweepReport> {
  let expired = 0;
  const problems: string[] = [];
  const guarded = async (file: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  };

  for (const model of await listIfExists(storeDirectory)) {
    if (!MODEL_NAME.test(model)) continue;
    const adapter = adapterFor(model);

    for (const name of await listIfExists(adapter.folder)) {
      const file = join(adapter.folder, name);
      if (name.endsWith(ENTRY_SUFFIX)) {
        await guarded(file, async () => {
          if (await adapter.destroyIfExpired(name.slice(0, -ENTRY_SUFFIX.length), now)) expired++;
        });
      } else if (name.endsWith(TEMP_SUFFIX)) {
        await guarded(file, () => removeIfStale(file, now));
      }
    }

    for (const index of [INDEX_FOLDERS.uid, INDEX_FOLDERS.userCode]) {
      const folder = join(adapter.folder, index);
      for (const name of await listIfExists(folder)) {
        const file = join(folder, name);
        await guarded(file, () =>
          name.endsWith(TEMP_SUFFIX) ? removeIfStale(file, now) : adapter.removeIndexIfDangling(file, now),
        );
      }
    }

    const grants = join(adapter.folder, INDEX_FOLDERS.grant);
    for (const grant of await listIfExists(grants)) {
      const folder = join(grants, grant);
      for (const name of await listIfExists(folder)) {
        const file = join(folder, name);
        await guarded(file, () =>
          name.endsWith(TEMP_SUFFIX) ? removeIfStale(file, now) : adapter.removeGrantMarkerIfDangling(file, name),
        );
      }
      await guarded(folder, () => removeIfEmpty(folder));
    }
  }

  return { expired, problems };
}

async function removeIfStale(file: string, now: number): Promise<void> {
  try {
    const { mtimeMs } = await stat(file);
    if (now - mtimeMs > STALE_TEMP_MS) await removeIfExists(file);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

async function removeIfEmpty(folder: string): Promise<void> {
  try {
    await rmdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Not empty (still has members) or already gone: both are fine.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
  }
}

/** Sweeps once soon after start, then every `intervalMs`; `stop` waits for a running sweep. */
export function scheduleSweeps(
  storeDirectory: string,
  adapterFor: (model: string) => FileAdapter,
  log: (line: string) => void,
  intervalMs = 60 * 60 * 1000,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = sweepStore(storeDirectory, adapterFor).then(
      ({ problems }) => problems.forEach((problem) => log(`store sweep: ${problem}`)),
      (error: Error) => log(`store sweep failed: ${error.message}`),
    );
  };
  // Timers are unref'd: a pending sweep never keeps the process alive.
  const first = setTimeout(sweep, 1000).unref();
  const every = setInterval(sweep, intervalMs).unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
