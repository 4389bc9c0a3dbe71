/**
 * src/kubernetes/yaml-emit.ts writes what yaml's own stringify writes, byte for byte: on random plain JSON
 * values (strings drawn to hit YAML's special cases: indicators, reserved words, numbers, line breaks,
 * surrounding spaces, control and non-ASCII characters, document markers), and on every object of the golden
 * bundles, which golden.test.ts already checks as files.
 */
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { emitYaml } from '../src/kubernetes/yaml-emit';
import { goldenBundle, goldenCases } from './support/golden';

const OPTIONS = { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false } as const;

/** Pieces of strings that YAML treats specially somewhere. */
const piece = fc.constantFrom(
  '',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  '\r',
  '#',
  ' #',
  ':',
  ': ',
  '- ',
  '-',
  '?',
  '? ',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '\\',
  '---',
  '...',
  'true',
  'False',
  'null',
  '~',
  'yes',
  '1',
  '0x1F',
  '0o17',
  '1e3',
  '.inf',
  '-.Inf',
  '.nan',
  '1.33.0',
  '10.0.0.0/8',
  'https://example.com/a?b=c#d',
  'a',
  'name',
  'é',
  '中文',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '😀',
);

const text = fc.oneof(
  fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0));
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));

const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
}));

describe('emitYaml', () => {
  test('GIVEN random plain JSON objects WHEN written THEN the bytes are those of yaml stringify', () => {
    fc.assert(
      fc.property(fc.dictionary(text, jsonValue, { maxKeys: 5 }), (value) => {
        expect(emitYaml(value)).toBe(stringify(value, OPTIONS));
      }),
      { numRuns: 3000 },
    );
  });

  test('GIVEN every object of the golden bundles WHEN written THEN the bytes are those of yaml stringify', () => {
    let objects = 0;
    for (const name of goldenCases()) {
      for (const [file, content] of goldenBundle(name)) {
        if (!file.endsWith('.yaml')) continue;
        for (const doc of parseAllDocuments(content)) {
          const value = doc.toJS() as unknown;
          expect({ file, yaml: emitYaml(value) }).toEqual({ file, yaml: stringify(value, OPTIONS) });
          objects++;
        }
      }
    }
    expect(objects).toBeGreaterThan(50);
  });

  test.each([
    ['a list at the top', [1, 2]],
    ['a scalar at the top', 'a'],
    ['undefined in a list', { a: [1, undefined] }],
    ['a number that is not finite', { a: Infinity }],
    ['a class instance', { a: new Date(0) }],
    ['a key over 1,024 characters', { ['k'.repeat(1025)]: 1 }],
  ])('GIVEN %s WHEN written THEN it is left to yaml (undefined)', (_what, value) => {
    expect(emitYaml(value)).toBeUndefined();
  });
});
