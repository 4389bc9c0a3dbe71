/**
 * From validated clusters to the bundle: an in-memory map of output path → file content.
 * synth writes it, diff and check compare it; nothing here touches the disk.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { AckAgentChart } from '../charts/ack-agent';
import { CalicoChart } from '../charts/calico';
import { FLUX_SSA } from '../charts/apply-policy';
import { ArgoCdPreflightChart, ObjectRef } from '../charts/gitops';
import { TerwayChart } from '../charts/terway';
import { TerwayCredentialsChart } from '../charts/terway-credentials';
import { renderNodeInitScript } from './artifacts/node-init-script';
import { terwayRamPolicy } from './artifacts/ram-policy';
import { renderRunbook } from './artifacts/runbook';
import { LoadedCluster } from './config/load';
import { compareStrings } from './config/problems';
import { Environment, sealTerwayCredentials } from './credentials/terway';
import { gitopsFiles } from './gitops-files';
import { DEFAULT_REPO_PATH, placeInRepository, repoPathOf } from './gitops-path';
import { ClusterSpec } from './config/schema';
import { KubeObject, objectFileName, sortByKind, toYaml } from './render';

/** Output path (with `/` separators, relative to the output folder) → file content. Sorted by path. */
export type Bundle = ReadonlyMap<string, string>;

/** How a bundle is built beyond the clusters themselves. */
export interface BundleOptions {
  /**
   * The output folder the bundle is for: the GitOps objects point at its path in the Git repository that
   * holds it (see gitops-path.ts), unless a cluster sets `gitops.path`.
   * @default - a folder `dist` at the repository root
   */
  readonly outDir?: string;
}

/**
 * Every file of every cluster, plus the GitOps bootstrap objects under `gitops/`. One cdk8s App per
 * cluster: `Chart.toJson()` resolves dependencies across the whole construct tree, so one App for a fleet
 * made each cluster cost more than the last (quadratic: 12 s for 1,000 clusters, see bench/RESULTS.md). It
 * also makes one cluster's output unable to depend on another's. `env` is only read for the AccessKey of
 * clusters in the sealed-secrets mode.
 */
export function buildBundle(loaded: readonly LoadedCluster[], env: Environment = process.env, options: BundleOptions = {}): Bundle {
  const clusters = placeInRepository(loaded, options.outDir === undefined ? DEFAULT_REPO_PATH : repoPathOf(options.outDir));
  const files = new Map<string, string>();
  const shells = new Map<string, ObjectRef[]>();
  for (const cluster of clusters) {
    const built = clusterFiles(new App(), cluster, env);
    shells.set(cluster.spec.name, built.shells);
    for (const [name, content] of built.files) files.set(`${cluster.spec.name}/${name}`, content);
  }
  for (const [name, content] of gitopsFiles(new App(), clusters, shells)) files.set(`gitops/${name}`, content);
  return new Map([...files].sort(([a], [b]) => compareStrings(a, b)));
}

/** The charts of one cluster, one per concern. */
export function clusterCharts(app: App, spec: ClusterSpec): Chart[] {
  const id = (concern: string) => `${spec.name}-${concern}`;
  return [
    new CalicoChart(app, id('calico'), {
      install: spec.onPrem.calico.install,
      existingNodeSelectorTerms: spec.onPrem.calico.existingNodeSelectorTerms,
    }),
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

function clusterFiles(app: App, cluster: LoadedCluster, env: Environment): { files: Map<string, string>; shells: ObjectRef[] } {
  const { spec } = cluster;
  // Named by base name only: the same cluster file gives the same bytes from any working directory.
  const sourceFile = path.basename(cluster.file);
  const charts = clusterCharts(app, spec);
  const credentials = spec.terway.credentials;
  if (credentials.mode === 'sealed-secrets') {
    charts.push(new TerwayCredentialsChart(app, `${spec.name}-credentials`, { sealed: sealTerwayCredentials(cluster, env) }));
  } else if (credentials.mode === 'external-secrets') {
    charts.push(new TerwayCredentialsChart(app, `${spec.name}-credentials`, { externalSecret: credentials.externalSecret! }));
  }
  const shells = shellRefs(charts.flatMap((chart) => chart.toJson() as KubeObject[]));
  if (spec.gitops?.tool === 'argocd') {
    charts.push(new ArgoCdPreflightChart(app, `${spec.name}-preflight`, {
      targets: shells,
      image: spec.gitops.argocd.preflightImage ?? `registry.k8s.io/kubectl:v${spec.nodeInit.kubernetesVersion}`,
    }));
  }
  const objects = sortByKind(charts.flatMap((chart) => chart.toJson() as KubeObject[]));
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
  return { files, shells };
}

/** The objects applied as shells (partial objects of somebody else's resource): they must exist first. */
function shellRefs(objects: readonly KubeObject[]): ObjectRef[] {
  return sortByKind(objects)
    .filter((o) => (o.metadata.annotations as Record<string, string> | undefined)?.[FLUX_SSA] === 'Merge')
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }));
}
