import * as fs from 'fs';
import * as path from 'path';
import { fleetClusterFile, writeFleet } from '../bench/fleet';
import { Bundle, buildBundle } from '../src/build/bundle';
import { loadClusters } from '../src/config/load';
import { InvalidClustersError } from '../src/config/problems';
import { toYaml } from '../src/kubernetes/render';
import { runCli } from './support/cli';
import { tempDir } from './support/tree';

function filesOf(bundle: Bundle, cluster: string): [string, string][] {
  return [...bundle].filter(([file]) => file.startsWith(`${cluster}/`) || file.startsWith(`gitops/${cluster}/`));
}

describe('fleets', () => {
  const dir = tempDir('fleet');

  it('GIVEN a fleet of three WHEN a fourth cluster is added THEN no byte of the first three changes', () => {
    const clusters = path.join(dir, 'grow');
    writeFleet(clusters, 3);
    const before = buildBundle(loadClusters(clusters));
    fs.writeFileSync(path.join(clusters, 'aaa-first-by-name.yaml'), toYaml({ ...(fleetClusterFile(3) as object), name: 'aaa-first-by-name' }));
    const after = buildBundle(loadClusters(clusters));

    for (const name of ['fleet-0000', 'fleet-0001', 'fleet-0002']) {
      expect(filesOf(after, name)).toEqual(filesOf(before, name));
      expect(filesOf(before, name).length).toBeGreaterThanOrEqual(7);
    }
    expect(filesOf(after, 'aaa-first-by-name').length).toBe(7);
    expect(filesOf(after, 'fleet-0001').some(([file]) => file.startsWith('gitops/'))).toBe(true);
  });

  it('GIVEN one cluster alone or in a fleet WHEN synthesized THEN its files are the same bytes', () => {
    const alone = path.join(dir, 'alone');
    fs.mkdirSync(alone);
    fs.writeFileSync(path.join(alone, 'fleet-0001.yaml'), toYaml(fleetClusterFile(1)));
    const fleet = path.join(dir, 'ten');
    writeFleet(fleet, 10);
    expect(filesOf(buildBundle(loadClusters(fleet)), 'fleet-0001')).toEqual(filesOf(buildBundle(loadClusters(alone)), 'fleet-0001'));
  });

  it('GIVEN two files naming the same cluster WHEN loaded THEN the second is refused, pointing at the first', () => {
    const clusters = path.join(dir, 'twins');
    fs.mkdirSync(clusters);
    fs.writeFileSync(path.join(clusters, 'a.yaml'), toYaml(fleetClusterFile(0)));
    fs.writeFileSync(path.join(clusters, 'b.yaml'), toYaml(fleetClusterFile(0)));
    expect(() => loadClusters(clusters)).toThrow(InvalidClustersError);
    expect(() => loadClusters(clusters)).toThrow(
      /b\.yaml:1:7: name: found "fleet-0000", already the name of the cluster in .*a\.yaml:1; allowed: a name no other file in the folder uses/,
    );
  });

  it('GIVEN a fleet WHEN a cluster file is removed and synth runs again THEN its folder goes and the others stay', () => {
    const clusters = path.join(dir, 'shrink');
    const out = path.join(dir, 'shrink-dist');
    writeFleet(clusters, 3);
    expect(runCli(['synth', '--clusters', clusters, '--out', out]).status).toBe(0);
    const kept = fs.readFileSync(path.join(out, 'fleet-0000', 'configmap.kube-system.eni-config.yaml'), 'utf8');
    fs.rmSync(path.join(clusters, 'fleet-0002.yaml'));
    const diff = runCli(['diff', '--name-only', '--clusters', clusters, '--out', out]);
    expect(diff.status).toBe(1);
    // Its own 7 files and its Flux bootstrap folder gitops/fleet-0002/ (6 files).
    expect(diff.stdout).toContain('== cluster fleet-0002: 13 removed\n');
    expect(diff.stdout).not.toContain('cluster fleet-0000');
    expect(runCli(['synth', '--clusters', clusters, '--out', out]).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['ack-hybrid-manifest.txt', 'fleet-0000', 'fleet-0001', 'gitops']);
    expect(fs.readdirSync(path.join(out, 'gitops')).sort()).toEqual(['applicationset.argocd.ack-hybrid.yaml', 'fleet-0001', 'kustomization.yaml']);
    expect(fs.readFileSync(path.join(out, 'fleet-0000', 'configmap.kube-system.eni-config.yaml'), 'utf8')).toBe(kept);
  });
});
