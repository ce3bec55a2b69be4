// Text that came from a provider (an error description, a client_id, a URL it named) is shown to
// people in a terminal, a CI log, a Terraform plan. It must not be able to drive the terminal
// (ANSI/OSC escape sequences can clear the screen, rewrite earlier lines or forge a
// `created client_id=…` line), reorder what is shown (bidirectional controls), hide characters,
// or flood the log: every such text goes through `printable` before it is printed or put in an error.

/** C0/C1 controls (ESC and CR included), DEL, format characters (bidi controls, zero-width), separators, unpaired surrogates. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** Provider text longer than this is cut: a registration error explains itself in far fewer characters. */
export const DEFAULT_PRINTABLE_LENGTH = 300;

/**
 * `text` with every control, escape or invisible formatting character replaced by its visible
 * `\u{…}` spelling, cut to `max` characters with a note of how much was left out.
 */
export function printable(text: unknown, max: number = DEFAULT_PRINTABLE_LENGTH): string {
  const raw = typeof text === 'string' ? text : String(text);
  const cut = [...raw];
  const shown = cut.length > max ? cut.slice(0, max).join('') : raw;
  const escaped = shown.replace(UNPRINTABLE, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
  return cut.length > max ? `${escaped}…(${cut.length - max} more characters)` : escaped;
}
