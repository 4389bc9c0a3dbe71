/**
 * Shell quoting under a real bash: whatever a value is, the script sees exactly that value. Values enter
 * scripts through EJS with shellQuote as its escape (src/artifacts/templates.ts); the same is done here,
 * in the two places scripts use values: a command argument and a readonly assignment.
 *
 * Many strings go through one bash process per run, so the property costs a few dozen spawns.
 */
import { execFileSync } from 'child_process';
import fc from 'fast-check';
import ejs = require('ejs');
import { shellQuote } from '../src/escape/shell';

const TEMPLATE = ejs.compile(
  ['<% values.forEach((v, i) => { -%>', "printf '%s\\0' <%= v %>", 'readonly V<%- i %>=<%= v %>', 'printf \'%s\\0\' "${V<%- i %>}"', '<% }) -%>'].join('\n'),
  { escape: shellQuote },
);

/** What bash prints for each value: the argument form, then the assignment form. */
function throughBash(values: readonly string[]): string[] {
  const script = TEMPLATE({ values });
  const out = execFileSync('bash', ['--norc', '--noprofile', '-e'], { input: script, stdio: ['pipe', 'pipe', 'ignore'] });
  const printed = out.toString('utf8').split('\0');
  printed.pop(); // after the last NUL
  return printed;
}

/** Characters that mean something to the shell, plus line ends and non-ASCII. */
const shellish = fc
  .array(
    fc.constantFrom(
      "'",
      '"',
      '\\',
      '$',
      '`',
      '!',
      '\n',
      '\r',
      '\t',
      ' ',
      '*',
      '?',
      '[',
      ']',
      '~',
      '#',
      ';',
      '&',
      '|',
      '(',
      ')',
      '{',
      '}',
      '<',
      '>',
      '%',
      '=',
      '-',
      '$(',
      '${',
      "'\\''",
      'a',
      'é',
      '中',
      '😀',
      '\u00a0',
      '\u0085',
      '\u2028',
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replaceAll('\u0000', ''));

describe('shellQuote', () => {
  test('any string without NUL comes out of bash exactly as it went in', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(shellish, anyText), { minLength: 1, maxLength: 40 }), (values) => {
        expect(throughBash(values)).toEqual(values.flatMap((v) => [v, v]));
      }),
      { numRuns: 60 },
    );
  });

  test('a quoted value is one single-quoted word', () => {
    fc.assert(
      fc.property(fc.oneof(shellish, anyText), (value) => {
        const quoted = shellQuote(value);
        expect(quoted.startsWith("'") && quoted.endsWith("'")).toBe(true);
        // Outside the quotes there is only the escaped quote \' between two quoted parts.
        expect(quoted.slice(1, -1).split("'\\''").join('')).not.toContain("'");
      }),
      { numRuns: 500 },
    );
  });

  test('a NUL byte is refused: no shell word can carry it', () => {
    fc.assert(
      fc.property(anyText, anyText, (before, after) => {
        expect(() => shellQuote(`${before}\u0000${after}`)).toThrow('a NUL byte cannot be passed through a shell word');
      }),
      { numRuns: 50 },
    );
  });
});
