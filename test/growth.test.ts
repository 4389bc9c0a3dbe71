/**
 * Work that grows with the input. Every check must be linear (or bounded) in the size of what the tool
 * accepts: a cluster file of up to 1 MiB, an output folder of files up to 16 MiB. Quadratic work hid in
 * places no wall-clock test would find on a small input: a format's regular expression that backtracks
 * (a 240 KB preflightImage took over a minute), duplicate checks that compared each item with every other
 * (node pools, security groups, vSwitches), a lookup per problem, the YAML parser's own duplicate-key check
 * and the line diff of a hand-edited file (6 MB took 40 s).
 *
 * Each case times the same work on an input of size N and 2N, the fastest of a few runs each, and asserts
 * the ratio: about 2 when linear, about 4 when quadratic, so under 3. No wall-clock limit: the machine's
 * speed and load cancel out.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import { parseClusterFile } from '../src/config/load';
import { checkPlan } from '../src/config/plan';
import { formatProblem } from '../src/config/problems';
import { MAX_SHAPE_PROBLEMS } from '../src/config/shape';
import { ParsedSource, parseSource } from '../src/config/source';
import * as formats from '../src/config/formats';
import { findSecrets } from '../src/config/secrets';
import { compareOutput, maskLine, renderChanges } from '../src/output/diff';
import { EXAMPLE_FILE } from './support/clusters';

const EXAMPLE = fs.readFileSync(EXAMPLE_FILE, 'utf8');
const RUNS = 3;
const LINEAR = 3;

function elapsed(work: () => void): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start);
}

/**
 * The time of `run` on `make(2n)` over its time on `make(n)`: the fastest of RUNS each, the two sizes taking
 * turns, so that a garbage collection or another process slows both alike rather than one.
 */
function growth<T>(make: (n: number) => T, run: (input: T) => void, n: number, factor = 2): number {
  const small = make(n);
  const large = make(factor * n);
  run(small); // warm-up: JIT and caches, not counted
  run(large);
  // Up to three measurements, the lowest ratio kept: on a loaded machine one may land a collection or another
  // process's burst on the large size alone; quadratic work stays above the threshold in every one.
  let best = Infinity;
  for (let attempt = 0; attempt < 3 && best >= factor * 1.4; attempt++) {
    let fastSmall = Infinity;
    let fastLarge = Infinity;
    for (let i = 0; i < RUNS; i++) {
      fastSmall = Math.min(
        fastSmall,
        elapsed(() => run(small)),
      );
      fastLarge = Math.min(
        fastLarge,
        elapsed(() => run(large)),
      );
    }
    best = Math.min(best, fastLarge / fastSmall);
  }
  return best;
}

/** The example cluster file with `text` inserted after `anchor` (a line of it). */
function exampleWith(anchor: string, text: string): string {
  if (!EXAMPLE.includes(anchor)) throw new Error(`the example has no ${anchor}`);
  return EXAMPLE.replace(anchor, `${anchor}${text}`);
}

const validate = (text: string) => {
  parseClusterFile('cluster.yaml', text);
};

describe('validate grows linearly with the cluster file', () => {
  test('GIVEN a long preflightImage (the image format backtracked) THEN twice the length takes about twice the time', () => {
    const file = (n: number) => exampleWith('  path: dist/idc-hangzhou\n', `  argocd:\n    preflightImage: a${'/a'.repeat(n)}!\n`);
    expect(growth(file, validate, 8_000)).toBeLessThan(LINEAR);
  });

  test('GIVEN a long value the secret detector scans ("a.a.a…", a URL pattern tried at every letter) THEN twice the length takes about twice the time', () => {
    const file = (n: number) => EXAMPLE.replace('  revision: main', `  revision: "${'a.'.repeat(n)}"`);
    expect(growth(file, validate, 40_000)).toBeLessThan(LINEAR);
  });
});

/** The example with `text` appended (new top-level keys), parsed once: the rules are timed, not the YAML parser. */
function parsedWith(text: string): ParsedSource {
  const { source } = parseSource('cluster.yaml', `${EXAMPLE}${text}`);
  if (source === undefined) throw new Error('the test file does not parse');
  return source;
}

/** The rules across fields, a few times over: on their own they take milliseconds. */
const rules = (source: ParsedSource) => {
  for (let i = 0; i < 5; i++) checkPlan(source);
};

describe('the rules across fields are linear (or bounded) in the lists they read', () => {
  test('GIVEN many node pools (each compared with every other, and their vSwitches pairwise) THEN twice the pools take about twice the time', () => {
    const pools = (n: number) =>
      parsedWith(
        `nodePools:\n${Array.from({ length: n }, (_, i) => `  - {name: p${i % 50}, nodeVSwitches: [{id: vsw-bp1node0000000000000a, zone: cn-hangzhou-h, cidr: 10.10.24.0/24}]}\n`).join('')}`,
      );
    expect(growth(pools, rules, 400)).toBeLessThan(LINEAR);
  });

  test('GIVEN many security groups (each looked up in the list before it) THEN twice the list takes about twice the time', () => {
    const groups = (n: number) => parsedWith(`nodePools:\n  - name: a\n    securityGroupIds: [${Array.from({ length: n }, (_, i) => `sg-${i}`).join(', ')}]\n`);
    expect(growth(groups, rules, 20_000)).toBeLessThan(LINEAR);
  });

  test('GIVEN many vSwitches (each checked for overlap with every earlier one) THEN twice the list takes about twice the time', () => {
    const vsw = (i: number) => `{id: vsw-${i}, cidr: 10.${8 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32}`;
    const vSwitches = (n: number) => parsedWith(`nodePools:\n  - name: a\n    nodeVSwitches: [${Array.from({ length: n }, (_, i) => vsw(i)).join(', ')}]\n`);
    expect(growth(vSwitches, rules, 3_000)).toBeLessThan(LINEAR);
  });

  test('GIVEN thousands of bad label keys THEN a bounded number of problems is located and described, and one line says how many more', () => {
    const text = `${EXAMPLE}nodePools:\n  - name: a\n    instances: { types: [ecs.g7.xlarge] }\n    labels: {${Array.from({ length: 5_000 }, (_, i) => `-b${i}: x`).join(', ')}}\n`;
    const { problems } = parseClusterFile('cluster.yaml', text);
    expect(problems).toHaveLength(MAX_SHAPE_PROBLEMS + 1);
    expect(problems.filter((p) => p.line === 0).map(formatProblem)).toEqual([
      expect.stringMatching(
        /^cluster\.yaml: found 400[0-9] more problems of the same kinds, not shown; allowed: a cluster file: fix the problems shown, then validate again$/,
      ),
    ]);
  });
});

describe('the checks themselves grow linearly, whatever the text', () => {
  /** Every format of formats.ts: each field's check. */
  const FORMATS = Object.entries(formats).filter((entry): entry is [string, formats.Format] => {
    const value = entry[1] as unknown;
    return typeof value === 'object' && value !== null && typeof (value as formats.Format).test === 'function';
  });

  test('GIVEN any fragment repeated (property) WHEN every format, its hint and the secret detector read it THEN twice the length takes about twice the time', () => {
    // The fragments that made a check quadratic before, always; then any others.
    expect(FORMATS.length).toBeGreaterThan(20);
    const known = fc.constantFrom('a/', 'a.', '5-6/h', 'A+', 'PY', '%41', 'a:', '"a\'%', 'LTAI', 'ab/');
    const fragment = fc.oneof(known, fc.string({ unit: fc.constantFrom(...'aA0./:-_@%?=&#\'"!x'), minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(fragment, (piece) => {
        const text = (n: number) => piece.repeat(Math.ceil(n / piece.length));
        const check = (value: string) => {
          for (const [, format] of FORMATS) {
            format.test(value);
            format.hint?.(value);
          }
          findSecrets(value);
          maskLine(value);
        };
        // Thirty checks on one string allocate enough for a garbage collection to land on either size: four
        // times the length (about 4 when linear, 16 when quadratic) keeps that noise below the threshold.
        expect(growth(text, check, 50_000, 4)).toBeLessThan(7);
      }),
      { numRuns: 5, examples: [['a/'], ['a.'], ['5-6/h'], ['PY'], ['%41']] },
    );
  });
});

describe('diff grows linearly with a hand-edited output file', () => {
  test('GIVEN thousands of lines added by hand to a ConfigMap THEN twice the lines take about twice the time to compare and show', () => {
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: eni-config\n  namespace: kube-system\ndata:\n  max_pool_size: "5"\n';
    const edited = (n: number) => `${configMap}${Array.from({ length: n }, (_, i) => `  k${i}: "${'abcdefghij'.repeat(4)}${i}"\n`).join('')}`;
    const diff = (text: string) => {
      const changes = compareOutput(
        new Map([['a/configmap.kube-system.eni-config.yaml', configMap]]),
        new Map([['a/configmap.kube-system.eni-config.yaml', text]]),
      );
      renderChanges(changes, { outDir: 'dist', color: false });
    };
    expect(growth(edited, diff, 3_000)).toBeLessThan(LINEAR);
  });
});
