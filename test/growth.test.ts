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
import * as formats from '../src/config/formats';
import { findSecrets } from '../src/config/secrets';
import { compareOutput, maskLine, renderChanges } from '../src/output/diff';
import { EXAMPLE_FILE } from './support/clusters';

const EXAMPLE = fs.readFileSync(EXAMPLE_FILE, 'utf8');
const RUNS = 3;
const LINEAR = 3;

function fastest(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return best;
}

/** The time of `run` on `make(2n)` over its time on `make(n)`. */
function growth<T>(make: (n: number) => T, run: (input: T) => void, n: number): number {
  const small = make(n);
  const large = make(2 * n);
  run(small); // warm-up: JIT and caches, not counted
  return fastest(() => run(large)) / fastest(() => run(small));
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

  test('GIVEN many node pools of one name (each compared with every other) THEN twice the pools take about twice the time', () => {
    const file = (n: number) => `${EXAMPLE}nodePools:\n${'  - {name: a}\n'.repeat(n)}`;
    expect(growth(file, validate, 6_000)).toBeLessThan(LINEAR);
  });

  test('GIVEN many security groups of a node pool (each looked up in the list) THEN twice the list takes about twice the time', () => {
    const file = (n: number) => `${EXAMPLE}nodePools:\n  - name: a\n    securityGroupIds: [${Array.from({ length: n }, (_, i) => `sg-${i}`).join(', ')}]\n`;
    expect(growth(file, validate, 12_000)).toBeLessThan(LINEAR);
  });

  test('GIVEN many vSwitches (each checked for overlap with every earlier one) THEN twice the list takes about twice the time', () => {
    const vsw = (i: number) => `{id: vsw-${i}, cidr: 10.${8 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32}`;
    const file = (n: number) => `${EXAMPLE}nodePools:\n  - name: a\n    nodeVSwitches: [${Array.from({ length: n }, (_, i) => vsw(i)).join(', ')}]\n`;
    expect(growth(file, validate, 3_000)).toBeLessThan(LINEAR);
  });

  test('GIVEN thousands of bad label keys (each problem located in the mapping) THEN twice the keys take about twice the time', () => {
    const file = (n: number) => `${EXAMPLE}nodePools:\n  - name: a\n    labels: {${Array.from({ length: n }, (_, i) => `-b${i}: x`).join(', ')}}\n`;
    expect(growth(file, validate, 4_000)).toBeLessThan(LINEAR);
  });

  test('GIVEN a long value the secret detector scans ("a.a.a…", a URL pattern tried at every letter) THEN twice the length takes about twice the time', () => {
    const file = (n: number) => EXAMPLE.replace('  revision: main', `  revision: "${'a.'.repeat(n)}"`);
    expect(growth(file, validate, 40_000)).toBeLessThan(LINEAR);
  });
});

describe('the checks themselves grow linearly, whatever the text', () => {
  /** Every format of formats.ts: each field's check. */
  const FORMATS = Object.entries(formats).filter((entry): entry is [string, formats.Format] => {
    const value = entry[1] as unknown;
    return typeof value === 'object' && value !== null && typeof (value as formats.Format).test === 'function';
  });

  test('there are formats to time', () => {
    expect(FORMATS.length).toBeGreaterThan(20);
  });

  test('GIVEN any fragment repeated (property) WHEN every format, its hint and the secret detector read it THEN twice the length takes about twice the time', () => {
    const fragment = fc.string({ unit: fc.constantFrom(...'aA0./:-_@%?=&#\'"!x'), minLength: 1, maxLength: 4 });
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
        expect(growth(text, check, 100_000)).toBeLessThan(LINEAR);
      }),
      { numRuns: 10 },
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
