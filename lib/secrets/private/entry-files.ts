// How the file store lays entries out on disk: key "a/b/c" is the file "<directory>/a/b/c.jwe".
// Hidden names (the key file, temp files) are never entries.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { entryKeyProblem } from '../entry-key';
import { errnoCode } from '../store-error';

export const ENTRY_SUFFIX = '.jwe';

/** The file that holds `key` (a valid entry key) in the store at `directory`. */
export function entryFile(directory: string, key: string): string {
  return join(directory, ...key.split('/')) + ENTRY_SUFFIX;
}

/**
 * Every entry key (file name less `suffix`) under `subdirectory` ("" for the whole store), unsorted. Symbolic links,
 * hidden names and names that are not valid keys are skipped; a missing directory has none.
 */
export async function walkEntryKeys(directory: string, subdirectory: string, suffix: string = ENTRY_SUFFIX): Promise<string[]> {
  const keys: string[] = [];
  const walk = async (relativeDir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(relativeDir === '' ? directory : join(directory, ...relativeDir.split('/')), { withFileTypes: true });
    } catch (error) {
      // Gone or never made: no entries. (A concurrent writer may be creating it right now.)
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile() && entry.name.endsWith(suffix)) {
        const key = path.slice(0, -suffix.length);
        if (entryKeyProblem(key) === undefined) keys.push(key);
      }
    }
  };
  await walk(subdirectory);
  return keys;
}

/** true when the store at `directory` holds at least one entry. */
export async function hasEntries(directory: string): Promise<boolean> {
  return (await walkEntryKeys(directory, '')).length > 0;
}
