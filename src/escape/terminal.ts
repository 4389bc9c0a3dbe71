/**
 * What may reach a terminal or a CI log. Text that came from a user (keys, values, file names, files in the
 * output folder) can hold control characters: an ANSI escape rewrites or hides the screen, a line break in
 * a quoted YAML key forges a `file:line:col:` problem line, and zero-width or bidi characters
 * (U+200B, U+202E, U+2066–U+2069, U+FEFF…) make a wrong value look right. Each such character is shown as
 * an escape (`\n`, `\u001b`, `\u200b`), so the reader sees that it is there and where.
 */

/**
 * Characters that are never printed as they are, and that no field which becomes a URL, name, path or
 * command may hold (formats.ts refuses them with this same set): controls (C0, DEL, C1: Unicode category
 * Cc), format characters (Cf: zero-width, bidi embeddings, overrides and isolates, the BOM, soft hyphen,
 * the invisible tag characters U+E0000–U+E007F), line and paragraph separators (Zl, Zp), spaces other than
 * U+0020 (Zs: they look like a space and are not), lone surrogates (Cs), private-use and unassigned code
 * points (Co, Cn: no font shows what they are), and every default-ignorable code point (variation
 * selectors, the Hangul fillers, the combining grapheme joiner: letters or marks that print as nothing),
 * with the whole U+2060–U+206F block of invisible operators and isolates, assigned or not.
 */
export const HIDDEN_CHARACTER_SOURCE =
  '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{Co}\\p{Cn}\\p{Default_Ignorable_Code_Point}\\u115f\\u1160\\u180e\\u2060-\\u206f\\u3164\\uffa0]|(?! )\\p{Zs}';
const UNSAFE = new RegExp(HIDDEN_CHARACTER_SOURCE, 'gu');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The SGR colour codes ack-hybrid itself writes (diff on a terminal): bold, red, green, yellow, cyan, reset. */
// eslint-disable-next-line no-control-regex -- ESC is what an SGR code starts with: matching it is the point.
const OWN_SGR = /(\u001b\[(?:0|1|31|32|33|36)m)/;

function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every unsafe character escaped; line breaks too, so the result is one line. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** True when `text` prints as itself: nothing in it would be escaped. */
export function isTerminalSafe(text: string): boolean {
  return hiddenCharacter(text) === undefined;
}

/** The first character of `text` that escapeForTerminal would escape, with its index and its escape (`\u202e`). */
export function hiddenCharacter(text: string): { readonly index: number; readonly escaped: string } | undefined {
  UNSAFE.lastIndex = 0;
  const m = UNSAFE.exec(text);
  UNSAFE.lastIndex = 0;
  return m === null ? undefined : { index: m.index, escaped: escapeChar(m[0]) };
}

/**
 * One line as printed by the CLI: like escapeForTerminal, but the colour codes that ack-hybrid itself
 * adds (and only those) are kept. User text never carries a raw ESC this far: it is escaped where it is
 * put into a message (formatProblem, diff's maskLine), so a kept SGR code is always ours.
 */
export function escapeOutputLine(line: string): string {
  // split() with a capturing group puts the separators (our SGR codes) at the odd indexes.
  return line
    .split(OWN_SGR)
    .map((part, i) => (i % 2 === 1 ? part : escapeForTerminal(part)))
    .join('');
}
