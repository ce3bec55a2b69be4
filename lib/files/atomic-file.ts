// Crash-safe and race-safe file writes, for the secret store and the development server. A
// reader sees either no file or a complete one: data goes to a 0600 temp file beside the target,
// is fsynced, then appears under its final name in one step — rename(2) to replace, link(2) to
// create only (link fails with EEXIST when the name exists, so of N racing writers exactly one
// creates).
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

/** Owner only: the files hold credentials, tokens and keys. */
export const FILE_MODE = 0o600;
export const DIRECTORY_MODE = 0o700;
/** Every temp file ends so; a sweep may remove old ones a crash left behind. */
export const TEMP_SUFFIX = '.tmp';

export type WriteMode = 'replace' | 'create-only';

export interface WriteOptions {
  /**
   * fsync the directory too, so the new name survives a crash (the secret store's exports and
   * ledger must); a development server's state can skip that cost.
   * @default true
   */
  readonly durableName?: boolean;
}

/**
 * Writes `data` to `file`, creating missing parent directories (0700).
 * 'replace' overwrites; 'create-only' returns 'exists' and leaves the file untouched when present.
 */
export async function writeFileAtomically(
  file: string,
  data: string | Uint8Array,
  mode: WriteMode,
  options: WriteOptions = {},
): Promise<'written' | 'exists'> {
  const directory = dirname(file);
  await ensureDirectory(directory);
  // Hidden and unique per writer, so concurrent writers never share a temp file and `list` skips it.
  const temp = join(directory, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  let outcome: 'written' | 'exists' = 'written';
  try {
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode === 'replace') {
      await rename(temp, file);
    } else {
      try {
        await link(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        outcome = 'exists';
      }
    }
  } finally {
    await removeIfPresent(temp);
  }
  if (outcome === 'written' && options.durableName !== false) await syncDirectory(directory);
  return outcome;
}

/** Unlinks `file`; false when it was not there. The directory is fsynced so the removal lasts. */
export async function removeFile(file: string): Promise<boolean> {
  const removed = await removeIfPresent(file);
  if (removed) await syncDirectory(dirname(file));
  return removed;
}

/**
 * Creates `directory` and its missing parents with mode 0700, and fsyncs the parent of each new
 * directory so a crash cannot lose the path to a file written next.
 */
export async function ensureDirectory(directory: string): Promise<void> {
  const first = await mkdir(directory, { recursive: true, mode: DIRECTORY_MODE });
  if (first === undefined) return;
  const created = relative(dirname(first), directory).split(sep);
  let parent = dirname(first);
  for (const segment of created) {
    await syncDirectory(parent);
    parent = join(parent, segment);
  }
}

/** Unlinks `file` without syncing its directory; false when it was not there. */
export async function removeIfPresent(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
