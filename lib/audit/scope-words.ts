// Whether a scope's name suggests more than reading. Scope names are free text, so this is a
// heuristic for reviewers' attention, not a permission model: it errs towards flagging.

/** Matched anywhere in the name: `tstapp_data.write`, `readwrite`, `user:admin`, `files.delete`. */
const WRITE_STEMS = ['write', 'admin', 'delete', 'manage', 'modify', 'update', 'create', 'remove', 'destroy', 'superuser', 'sudo', 'owner'];

/** Matched only as a whole word, because as substrings they hide in harmless words (`credit`, `rooted`). */
const WRITE_WORDS = new Set(['rw', 'edit', 'root', 'full', '*']);

/** The word that makes the scope look like write, admin or delete access, or undefined. */
export function writeLikeWord(scope: string): string | undefined {
  const lower = scope.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const stem = WRITE_STEMS.find((s) => lower.includes(s));
  if (stem) return stem;
  return lower.split(/[^a-z0-9*]+/).find((word) => WRITE_WORDS.has(word));
}
