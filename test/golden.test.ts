/**
 * Golden files, as Helm and kustomize test: `test/golden/<case>/clusters` is the input, `expected` the
 * whole output folder; test/golden/README.md lists the cases and what each covers. After an intended
 * change: `UPDATE_GOLDEN=1 npx jest test/golden.test.ts`, then review the diff. Refused under CI: golden
 * files change only by a reviewed commit.
 */
import * as path from 'path';
import { readTree, writeBundle } from '../src/output/write';
import { REPO_ROOT } from './support/clusters';
import { GOLDEN, goldenBundle, goldenCases } from './support/golden';
import { buildBundle } from '../src/build/bundle';
import { loadClusters } from '../src/config/load';
import { withManifest } from '../src/output/manifest';

const update = process.env.UPDATE_GOLDEN === '1';
if (update && process.env.CI) throw new Error('UPDATE_GOLDEN is refused under CI: golden files change only by a reviewed commit');

/** Every mode the issue tracker asked a golden case for; a case folder may cover more than one. */
const REQUIRED = [
  'argocd',
  'calico-operator',
  'cloud',
  'cloud-managed',
  'external-secrets',
  'flux',
  'flux-node-pools-oos',
  'multi-zone',
  'node-pools',
  'oos-token',
  'sealed-secrets',
];

test('GIVEN test/golden THEN it has a case for every mode', () => {
  expect(goldenCases()).toEqual(REQUIRED);
});

describe.each(goldenCases())('golden case %s', (name) => {
  test('GIVEN its cluster files WHEN synthesized THEN every file and every byte is as committed', () => {
    const bundle = goldenBundle(name);
    const expectedDir = path.join(GOLDEN, name, 'expected');
    if (update) writeBundle(bundle, expectedDir);
    const expected = readTree(expectedDir) ?? new Map<string, string>();
    expect([...bundle.keys()]).toEqual([...expected.keys()]);
    for (const [file, content] of bundle) expect({ file, content }).toEqual({ file, content: expected.get(file) });
  });
});

test('GIVEN the shipped clusters/ WHEN synthesized THEN dist/ in git is exactly that', () => {
  const bundle = withManifest(buildBundle(loadClusters(path.join(REPO_ROOT, 'clusters'))));
  expect(readTree(path.join(REPO_ROOT, 'dist'))).toEqual(bundle);
});
