/**
 * A large fleet through the CLI, as a user runs it (`npm run test:stress`): 300 clusters, every tenth with
 * node pools, two in three with a gitops section (bench/fleet.ts). The small-fleet properties are in test/fleet.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MANIFEST_FILE } from '../../src/output/manifest';
import { fleetClusterFile, writeFleet } from '../../bench/fleet';
import { toYaml } from '../../src/kubernetes/render';
import { runCli } from '../support/cli';
import { tempDir } from '../support/tree';

const SIZE = 300;

jest.setTimeout(300_000);

test(`GIVEN a fleet of ${SIZE} clusters WHEN synthesized, checked, grown by one and diffed THEN each step does exactly that`, () => {
  const dir = tempDir('large-fleet');
  const clusters = path.join(dir, 'clusters');
  const out = path.join(dir, 'dist');
  writeFleet(clusters, SIZE);

  // WHEN synthesized THEN one folder per cluster, and gitops/ for the two clusters in three with a gitops section, and the manifest
  const synth = runCli(['synth', '--clusters', clusters, '--out', out]);
  expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: '' });
  const folders = fs
    .readdirSync(out)
    .filter((name) => name !== MANIFEST_FILE)
    .sort();
  expect(folders).toHaveLength(SIZE + 1);
  expect(folders[0]).toBe('fleet-0000');
  expect(folders[SIZE - 1]).toBe(`fleet-${String(SIZE - 1).padStart(4, '0')}`);
  expect(folders[SIZE]).toBe('gitops');
  expect(fs.readdirSync(path.join(out, 'gitops'))).toHaveLength((2 * SIZE) / 3 + 2);

  // AND check finds it up to date
  const check = runCli(['check', '--clusters', clusters, '--out', out]);
  expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });

  // WHEN one cluster is added THEN diff names only that cluster's new files
  const added = `fleet-${String(SIZE).padStart(4, '0')}`;
  fs.writeFileSync(path.join(clusters, `${added}.yaml`), toYaml(fleetClusterFile(SIZE)));
  const diff = runCli(['diff', '--name-only', '--clusters', clusters, '--out', out]);
  expect(diff.status).toBe(1);
  const clustersNamed = diff.stdout.split('\n').filter((line) => line.startsWith('== cluster '));
  expect(clustersNamed).toEqual([expect.stringMatching(new RegExp(`^== cluster ${added}: \\d+ added$`))]);
});
