/**
 * From validated clusters to the bundle: an in-memory map of output path → file content.
 * synth writes it, diff and check compare it; nothing here touches the disk.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { AckAgentChart } from '../charts/ack-agent';
import { CalicoChart } from '../charts/calico';
import { TerwayChart } from '../charts/terway';
import { renderNodeInitScript } from './artifacts/node-init-script';
import { terwayRamPolicy } from './artifacts/ram-policy';
import { renderRunbook } from './artifacts/runbook';
import { LoadedCluster } from './config/load';
import { compareStrings } from './config/problems';
import { ClusterSpec } from './config/schema';
import { KubeObject, objectFileName, sortByKind, toYaml } from './render';

/** Output path (with `/` separators, relative to the output folder) → file content. Sorted by path. */
export type Bundle = ReadonlyMap<string, string>;

/**
 * Every file of every cluster. One cdk8s App per cluster: `Chart.toJson()` resolves dependencies across
 * the whole construct tree, so one App for a fleet made each cluster cost more than the last (quadratic:
 * 12 s for 1,000 clusters, see bench/RESULTS.md). It also makes one cluster's output unable to depend on
 * another's.
 */
export function buildBundle(clusters: readonly LoadedCluster[]): Bundle {
  const files = new Map<string, string>();
  for (const cluster of clusters) {
    for (const [name, content] of clusterFiles(new App(), cluster)) files.set(`${cluster.spec.name}/${name}`, content);
  }
  return new Map([...files].sort(([a], [b]) => compareStrings(a, b)));
}

/** The charts of one cluster, one per concern. */
export function clusterCharts(app: App, spec: ClusterSpec): Chart[] {
  const id = (concern: string) => `${spec.name}-${concern}`;
  return [
    new CalicoChart(app, id('calico'), { install: spec.onPrem.calico.install }),
    new TerwayChart(app, id('terway'), {
      clusterId: spec.clusterId,
      serviceCidr: spec.onPrem.serviceCidr,
      podVSwitches: spec.cloud.podVSwitches,
      securityGroupIds: spec.cloud.securityGroupIds,
      maxPoolSize: spec.terway.maxPoolSize,
      minPoolSize: spec.terway.minPoolSize,
      vswitchSelectionPolicy: spec.terway.vswitchSelectionPolicy,
      nodePools: spec.nodePools,
    }),
    new AckAgentChart(app, id('ack-agent'), { scriptUrl: spec.nodeInit.scriptUrl }),
  ];
}

function clusterFiles(app: App, cluster: LoadedCluster): Map<string, string> {
  const { spec } = cluster;
  // Named by base name only: the same cluster file gives the same bytes from any working directory.
  const sourceFile = path.basename(cluster.file);
  const objects = sortByKind(clusterCharts(app, spec).flatMap((chart) => chart.toJson() as KubeObject[]));
  const files = new Map<string, string>();
  for (const object of objects) files.set(objectFileName(object), toYaml(object));
  files.set('kustomization.yaml', toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...files.keys()],
  }));
  files.set('init-node-ecs.sh', renderNodeInitScript(spec, sourceFile));
  files.set('terway-ram-policy.json', terwayRamPolicy());
  files.set('RUNBOOK.md', renderRunbook(spec, sourceFile));
  return files;
}
