/**
 * Golden files, as Helm and kustomize test: `test/golden/<case>/clusters` is the input, `expected` the
 * whole output folder. After an intended change: `UPDATE_GOLDEN=1 npx jest test/golden.test.ts`, then
 * review the diff. CI never updates them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildBundle } from '../src/bundle';
import { loadClusters } from '../src/config/load';
import { readTree, writeBundle } from '../src/output';
import { REPO_ROOT } from './support/clusters';

const GOLDEN = path.join(__dirname, 'golden');
const cases = fs.readdirSync(GOLDEN).sort();
const update = process.env.UPDATE_GOLDEN === '1';
if (update && process.env.CI) throw new Error('UPDATE_GOLDEN is refused under CI: golden files change only by a reviewed commit');

describe.each(cases)('golden case %s', (name) => {
  test('synthesizes exactly the expected files', () => {
    // GIVEN the case's cluster files
    const clusters = loadClusters(path.join(GOLDEN, name, 'clusters'));
    // WHEN they are synthesized
    const bundle = buildBundle(clusters);
    const expectedDir = path.join(GOLDEN, name, 'expected');
    if (update) writeBundle(bundle, expectedDir);
    // THEN every file and every byte is as committed
    const expected = readTree(expectedDir);
    expect(expected).toBeDefined();
    expect([...bundle.keys()]).toEqual([...expected!.keys()]);
    for (const [file, content] of bundle) expect({ file, content }).toEqual({ file, content: expected!.get(file) });
  });
});

test('dist/ in git is what the shipped clusters/ synthesize', () => {
  const bundle = buildBundle(loadClusters(path.join(REPO_ROOT, 'clusters')));
  expect(readTree(path.join(REPO_ROOT, 'dist'))).toEqual(bundle);
});
