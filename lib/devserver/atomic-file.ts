// The development server's file writes: the shared atomic writer without the directory fsync
// (its state is a development convenience), plus a retry for a folder the sweep removed between
// the writer creating it and writing into it.
import { isMissing, writeFileAtomically } from '../files/atomic-file';

export { DIRECTORY_MODE, isMissing, readTextIfExists, removeIfPresent as removeIfExists, TEMP_SUFFIX } from '../files/atomic-file';

/** Atomically replaces `file` (0600), creating its folders (0700); retried if the sweep removed a folder meanwhile. */
export async function writeFileAtomicIn(file: string, data: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeFileAtomically(file, data, 'replace', { durableName: false });
      return;
    } catch (error) {
      if (!isMissing(error) || attempt === 3) throw error;
    }
  }
}
