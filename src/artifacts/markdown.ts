/**
 * Escaping for RUNBOOK.md. Every value from a cluster file reaches Markdown through one of two functions:
 *
 * - `codeSpan` is the template's EJS `escape` (every `<%= %>`): the value becomes an inline code span, where
 *   CommonMark gives nothing a meaning (no link, no HTML, no emphasis: spec 0.31, "Code spans"). Its fence
 *   is one backtick longer than the longest run of backticks inside, so a backtick cannot close it early.
 * - `shellWord` is for values inside fenced shell blocks, which the operator copies into a terminal: bare
 *   when made of plain characters, single-quoted otherwise, ANSI-C quoted when it holds control characters.
 *
 * Both make control, invisible and bidirectional characters visible (`\u202e`), so that a value cannot end
 * a line, close a fence or a table row, or look like something it is not.
 */
import { shellQuote } from '../escape/shell';
import { HIDDEN_CHARACTER_SOURCE } from '../escape/terminal';

/**
 * The characters that terminal output escapes (escape/terminal.ts), one set for both: controls, zero-width,
 * bidi and tag characters, default-ignorable and private-use code points, separators, spaces other than U+0020.
 */
const HIDDEN = new RegExp(HIDDEN_CHARACTER_SOURCE, 'gu');

/** `\u202e`, or `\u{e0041}` beyond the Basic Multilingual Plane: one escape per code point, never half of a pair. */
function escapeCodePoint(c: string): string {
  const code = c.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function visible(text: string): string {
  return text.replace(HIDDEN, escapeCodePoint);
}

export function codeSpan(value: unknown): string {
  // Most values are names, IDs and URLs: nothing to make visible, no backtick, no space at an end.
  if (typeof value === 'string' && PLAIN_SPAN.test(value)) return `\`${value}\``;
  const text = visible(String(value));
  // An empty span is not a code span in CommonMark (two backticks are one run): show one space.
  if (text === '') return '` `';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space at each end when both are there (unless all are spaces): pad, so that the
  // padding is what goes, when the value starts or ends with a backtick (it would join the fence) or has
  // a space at both ends (it would lose them).
  const spaced = text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '';
  const pad = text.startsWith('`') || text.endsWith('`') || spaced ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const PLAIN_WORD = /^[A-Za-z0-9._/:=@%+,-]+$/;

/** A value codeSpan writes as it is, between single backticks: printable ASCII but the backtick, no space at either end. */
const PLAIN_SPAN = /^[!-_a-~](?:[ -_a-~]*[!-_a-~])?$/;

export function shellWord(value: unknown): string {
  const text = String(value);
  if (PLAIN_WORD.test(text)) return text;
  // Nothing hidden (NUL included, a control character): the script's own single quoting.
  if (text.match(HIDDEN) === null) return shellQuote(text);
  // $'…' (bash, zsh, ksh): the hidden characters as \xHH or \uHHHH escapes, nothing raw on the line.
  const escaped = text
    .replace(/[\\']/g, (c) => `\\${c}`)
    .replace(HIDDEN, (c) => {
      const code = c.codePointAt(0)!;
      // bash's $'…' takes \\U with 8 hex digits for code points beyond U+FFFF.
      if (code > 0xffff) return `\\U${code.toString(16).padStart(8, '0')}`;
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
  return `$'${escaped}'`;
}
