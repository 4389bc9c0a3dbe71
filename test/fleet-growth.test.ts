/**
 * A fleet's cost must grow linearly with its size: each cluster's work may not depend on how many clusters
 * there are. Counted, not timed, while the bundle of N and of 2N clusters is built: the mappings walked
 * (`Object.keys`, which making a chart's objects canonical and writing every object and file as YAML call per
 * mapping) and the constructs cdk8s visits (`Node.findAll`, which every `Chart.toJson()` runs over its whole
 * App). Linear work gives at most twice as much for twice the clusters; one App shared by the fleet's charts
 * gave four times the constructs, and a step that walked every cluster's objects for each cluster would give
 * four times the mappings.
 */
import * as path from 'path';
import { Node } from 'constructs';
import { FleetGitOps, writeFleet } from '../bench/fleet';
import { buildBundle } from '../src/build/bundle';
import { loadClusters } from '../src/config/load';
import { tempDir } from './support/tree';

/** A multiple of 30: the fleet's patterns (a GitOps tool every third cluster, node pools every tenth) repeat evenly. */
const N = 30;

interface Work {
  readonly mappings: number;
  readonly constructs: number;
}

function workOf(run: () => void): Work {
  const findAll = Node.prototype.findAll;
  const keys = Object.keys;
  let constructs = 0;
  let mappings = 0;
  Node.prototype.findAll = function (this: Node, ...args: Parameters<Node['findAll']>) {
    const found = findAll.apply(this, args);
    constructs += found.length;
    return found;
  };
  Object.keys = (value: object) => {
    mappings++;
    return keys(value);
  };
  try {
    run();
  } finally {
    Node.prototype.findAll = findAll;
    Object.keys = keys;
  }
  return { mappings, constructs };
}

describe('fleet growth', () => {
  const dir = tempDir('growth');

  it.each<FleetGitOps>(['none', 'argocd', 'flux', 'mixed'])(
    'GIVEN fleets of N and 2N clusters (gitops: %s) WHEN built THEN 2N walks at most twice the mappings and constructs N walks',
    (gitops) => {
      const [small, large] = [N, 2 * N].map((size) => {
        const clusters = path.join(dir, `${gitops}-${size}`);
        writeFleet(clusters, size, { gitops });
        const loaded = loadClusters(clusters);
        return workOf(() => buildBundle(loaded));
      });
      // Every cluster's objects are walked (20 to 70 mappings each): a count that could not grow would prove nothing.
      expect(small.mappings).toBeGreaterThan(10 * N);
      expect(large.mappings).toBeLessThanOrEqual(2 * small.mappings);
      expect(large.constructs).toBeLessThanOrEqual(2 * small.constructs);
    },
  );
});
