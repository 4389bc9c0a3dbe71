/**
 * A fleet's cost must grow linearly with its size: each cluster's work may not depend on how many clusters
 * there are. Counted, not timed: the constructs cdk8s visits (`Node.findAll`, which every `Chart.toJson()`
 * runs over the whole App of the chart) while the bundle of N and of 2N clusters is built. Linear work gives
 * at most twice as many visits for twice the clusters; one App shared by the fleet's charts gave four times.
 */
import * as path from 'path';
import { Node } from 'constructs';
import { FleetGitOps, writeFleet } from '../bench/fleet';
import { buildBundle } from '../src/build/bundle';
import { loadClusters } from '../src/config/load';
import { tempDir } from './support/tree';

/** A multiple of 30: the fleet's patterns (a GitOps tool every third cluster, node pools every tenth) repeat evenly. */
const N = 30;

function constructsVisited(run: () => void): number {
  const findAll = Node.prototype.findAll;
  let visited = 0;
  Node.prototype.findAll = function (this: Node, ...args: Parameters<Node['findAll']>) {
    const found = findAll.apply(this, args);
    visited += found.length;
    return found;
  };
  try {
    run();
  } finally {
    Node.prototype.findAll = findAll;
  }
  return visited;
}

describe('fleet growth', () => {
  const dir = tempDir('growth');

  it.each<FleetGitOps>(['none', 'argocd', 'flux', 'mixed'])(
    'GIVEN fleets of N and 2N clusters (gitops: %s) WHEN built THEN 2N visits at most twice the constructs N visits',
    (gitops) => {
      const visits = [N, 2 * N].map((size) => {
        const clusters = path.join(dir, `${gitops}-${size}`);
        writeFleet(clusters, size, { gitops });
        const loaded = loadClusters(clusters);
        return constructsVisited(() => buildBundle(loaded));
      });
      expect(visits[0]).toBeGreaterThan(0);
      expect(visits[1]).toBeLessThanOrEqual(2 * visits[0]);
    },
  );
});
