// Text a reviewer or a user reads (client names, descriptions, scope descriptions, contacts): what
// the diff shows must be what the consent screen shows. Characters that render as nothing, move
// other characters, or are not characters at all are refused (Unicode TR#36 §2.1, UTS #39 §3;
// CVE-2021-42574 "Trojan Source" for the bidirectional controls).

/**
 * C0 and C1 controls (U+0000–U+001F, U+007F–U+009F), every format character (Cf: the
 * bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, U+200B–U+200F
 * zero-width space/joiners/marks, U+2060–U+2064, U+FEFF, soft hyphen U+00AD, ...), surrogates,
 * private use, line and paragraph separators, and the fillers that are letters yet render blank
 * (Hangul fillers U+115F U+1160 U+3164 U+FFA0, braille blank U+2800).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]/u;

/** The first invisible or control character in `text`, as `U+XXXX`, or undefined. */
export function invisibleCharacterIn(text: string): string | undefined {
  const found = INVISIBLE.exec(text);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** The rule display text breaks, in words, or undefined. */
export function displayTextRule(text: string): string | undefined {
  const found = invisibleCharacterIn(text);
  return found ? `must not contain control characters, bidirectional controls or invisible formatting characters (found ${found})` : undefined;
}

/** Display text is compared and shown trimmed: leading and trailing blanks say nothing a reviewer can see. */
export const trimDisplayText = (text: string): string => text.trim();
