/**
 * Property tests of what reaches a terminal: whatever strings a user puts into a file name, a key, a value
 * or the output folder, no escape sequence, control character, line break or invisible character
 * survives into a printed line, and each problem stays exactly one line.
 */
import fc from 'fast-check';
import { guardIo } from '../src/cli/common';
import { formatProblem, InvalidClustersError, Problem } from '../src/config/problems';
import { escapeForTerminal, escapeOutputLine } from '../src/escape/terminal';

/** What must never be printed raw: C0, DEL, C1, format characters (zero-width, bidi, BOM), line/paragraph separators. */
const FORBIDDEN = /[\p{Cc}\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ud800-\udfff]/u;

/** Strings rich in the characters that matter, mixed with anything else. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      '\n',
      '\r',
      '\t',
      '\u001b',
      '[',
      '2',
      'J',
      '\u009b',
      '\u200b',
      '\u202e',
      '\u2066',
      '\u2069',
      '\ufeff',
      '\u2028',
      ':',
      'a',
      ' ',
      '\u00a0',
    ),
  }),
  fc.string({ unit: 'binary-ascii' }),
);

/** Lone surrogates too: `binary` strings are well-formed, user text need not be. */
const withLoneSurrogates = fc.tuple(hostile, fc.constantFrom('', '\ud800', '\udfff', 'x\udc00y')).map(([s, t]) => s + t);

test('escapeForTerminal: nothing forbidden survives, and the result is one line', () => {
  fc.assert(
    fc.property(withLoneSurrogates, (text) => {
      const escaped = escapeForTerminal(text);
      expect(escaped).not.toMatch(FORBIDDEN);
      expect(escaped.split('\n')).toHaveLength(1);
    }),
    { numRuns: 2000 },
  );
});

test('escapeForTerminal changes nothing in plain text (letters, digits, punctuation, non-Latin letters)', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ019 .,:;/"\'-_()[]{}@#$%^&*=+~`|<>?!é漢字ö') }), (text) => {
      expect(escapeForTerminal(text)).toBe(text);
    }),
  );
});

test('every problem is exactly one printed line, whatever its parts hold', () => {
  fc.assert(
    fc.property(
      withLoneSurrogates,
      withLoneSurrogates,
      withLoneSurrogates,
      withLoneSurrogates,
      fc.option(withLoneSurrogates, { nil: undefined }),
      (file, field, found, allowed, hint) => {
        const problem: Problem = { file, line: 3, column: 7, field, found, allowed, hint };
        const line = formatProblem(problem);
        expect(line).not.toMatch(FORBIDDEN);
        expect(line.split('\n')).toHaveLength(1);
      },
    ),
    { numRuns: 1000 },
  );
});

test('through the CLI output guard: N problems print N + 1 lines, nothing forbidden in them', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(withLoneSurrogates, withLoneSurrogates), { minLength: 1, maxLength: 5 }), (parts) => {
      const problems = parts.map(([key, value], i): Problem => ({ file: 'clusters/a.yaml', line: i + 1, column: 1, field: key, found: value, allowed: 'x' }));
      const printed: string[] = [];
      const io = guardIo({ stdout: () => undefined, stderr: (text) => printed.push(text) });
      io.stderr(new InvalidClustersError(problems).message);
      const lines = printed.join('\n').split('\n');
      expect(lines).toHaveLength(problems.length + 1);
      for (const line of lines) expect(line).not.toMatch(FORBIDDEN);
    }),
    { numRuns: 500 },
  );
});

test("escapeOutputLine keeps only ack-hybrid's own colour codes", () => {
  // GIVEN a line painted by diff around user text that holds escapes of its own
  const line = `\u001b[32m+ key: \u001b[2J\u001b[8mhidden\u001b]0;title\u0007\u001b[0m`;
  // THEN our green and reset stay, the rest is shown escaped
  expect(escapeOutputLine(line)).toBe('\u001b[32m+ key: \\u001b[2J\\u001b[8mhidden\\u001b]0;title\\u0007\u001b[0m');
});

test('user text that spells one of our colour codes is still escaped where it enters a message', () => {
  fc.assert(
    fc.property(hostile, (text) => {
      const line = formatProblem({ file: 'f', line: 1, column: 1, field: 'k', found: `\u001b[31m${text}`, allowed: 'a' });
      expect(line).not.toContain('\u001b');
    }),
  );
});
