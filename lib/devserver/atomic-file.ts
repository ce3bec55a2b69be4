// Small file primitives the development server's state is written with: whole-file atomic
// replacement (a reader sees the old or the new content, never half) and owner-only permissions.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Owner read/write only: the files hold client secrets, tokens and signing keys. */
export const FILE_MODE = 0o600;
/** Owner only, for every directory the server creates. */
export const DIRECTORY_MODE = 0o700;
/** Suffix of in-flight temporary files; the sweep removes old ones a crash left behind. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Writes `data` to a temporary file beside `file` (0600), flushes it to disk, then renames it
 * over `file`; rename within one directory is atomic on POSIX file systems.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Like writeFileAtomic, creating the parent directories (0700) when they are missing. Tries the
 * write first (the folder nearly always exists), and retries when a folder vanished in between:
 * the store's sweep removes empty index folders.
 */
export async function writeFileAtomicIn(file: string, data: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeFileAtomic(file, data);
      return;
    } catch (error) {
      if (!isMissing(error) || attempt === 3) throw error;
    }
    await mkdir(dirname(file), { recursive: true, mode: DIRECTORY_MODE });
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

/** Removes the file; a file that is already gone is not an error. */
export async function removeIfExists(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
