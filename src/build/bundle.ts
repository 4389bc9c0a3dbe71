/**
 * From validated clusters to the bundle: an in-memory map of output path → file content.
 * synth writes it, diff and check compare it; nothing here touches the disk.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AckAgentChart, ackAgentObjects } from '../../charts/ack-agent';
import { CalicoChart, calicoObjects } from '../../charts/calico';
import type { ChartObject } from '../../charts/chart-objects';
import { ArgoCdPreflightChart, argoCdPreflightObjects, ObjectRef } from '../../charts/gitops';
import { TerwayChart, terwayObjects } from '../../charts/terway';
import { TerwayCredentialsChart, terwayCredentialsObjects } from '../../charts/terway-credentials';
import { renderNodeInitScript } from '../artifacts/node-init-script';
import { cloudFiles } from '../cloud';
import { terwayRamPolicy } from '../artifacts/ram-policy';
import { renderRunbook } from '../artifacts/runbook';
import { LoadedCluster } from '../config/load';
import { compareStrings } from '../config/text';
import { applicationSetFiles, argoCdApplication, clusterGitopsFiles } from '../kubernetes/gitops-files';
import { DEFAULT_REPO_PATH, placeCluster, repoPathOf } from '../kubernetes/gitops-path';
import { ClusterSpec } from '../config/schema';
import { objectFiles } from '../kubernetes/object-files';
import { KubeObject, sortByKind } from '../kubernetes/render';
import { ChartPart, chartPart, objectKey, ownChartPart } from './chart-memo';

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
 * Every file of every cluster, plus the GitOps bootstrap objects under `gitops/`, in memory: for the library
 * and tests. The commands take one cluster at a time from `fleetBuild`, so that a fleet's size never decides
 * how much is held at once. Nothing here reads the environment: no mode needs the AccessKey (sealed-secrets
 * copies the ciphertext `ack-hybrid seal` committed).
 */
export function buildBundle(loaded: readonly LoadedCluster[], options: BundleOptions = {}): Bundle {
  const fleet = fleetBuild(loaded, options);
  const files = new Map<string, string>();
  for (const cluster of fleet.clusters()) for (const [name, content] of cluster.files) files.set(name, content);
  for (const [name, content] of fleet.shared()) files.set(name, content);
  return new Map([...files].sort(([a], [b]) => compareStrings(a, b)));
}

/** One cluster's files: its folder `<name>/…` and its GitOps bootstrap folder `gitops/<name>/…`, paths relative to the output folder. */
export interface ClusterFiles {
  readonly name: string;
  readonly files: ReadonlyMap<string, string>;
}

/** A fleet's output, built on demand: each cluster's files in turn, and the files they share. */
export interface FleetBuild {
  /** Each cluster's files, in the order of the clusters, built as they are taken: nothing is kept. */
  clusters(): Iterable<ClusterFiles>;
  /** The files directly under `gitops/`: the ApplicationSets over every Argo CD cluster (none without one). */
  shared(): Map<string, string>;
}

/**
 * The output of `loaded`, one cluster at a time. Each chart's objects are made from its props alone, without a
 * cdk8s App (charts/chart-objects.ts): one App for a fleet made each cluster cost more than the last, since
 * `Chart.toJson()` resolves the whole App (quadratic: 12 s for 1,000 clusters), and no cluster's output can
 * depend on another's.
 */
export function fleetBuild(loaded: readonly LoadedCluster[], options: BundleOptions = {}): FleetBuild {
  const repoPath = options.outDir === undefined ? DEFAULT_REPO_PATH : repoPathOf(options.outDir);
  return {
    *clusters() {
      for (const cluster of loaded) yield buildCluster(placeCluster(cluster, repoPath));
    },
    shared() {
      const applications = loaded.flatMap((cluster) => argoCdApplication(placeCluster(cluster, repoPath).spec) ?? []);
      return prefixed('gitops/', applicationSetFiles(applications));
    },
  };
}

function buildCluster(cluster: LoadedCluster): ClusterFiles {
  const name = cluster.spec.name;
  const built = clusterFiles(cluster);
  const files = prefixed(`${name}/`, built.files);
  for (const [file, content] of clusterGitopsFiles(cluster.spec, built.shells)) files.set(`gitops/${file}`, content);
  return { name, files };
}

function prefixed(prefix: string, files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, content] of files) out.set(`${prefix}${file}`, content);
  return out;
}

/** The charts of one cluster, one per concern. */
export function clusterCharts(app: App, spec: ClusterSpec): Chart[] {
  return clusterChartRecipes(spec).map((r) => r.build(app, `${spec.name}-${r.concern}`));
}

/**
 * A chart of a cluster: built into an App (clusterCharts), or only its objects, as the bundle takes them
 * (charts/chart-objects.ts), shared by clusters with equal props (chart-memo.ts).
 */
interface ChartRecipe {
  readonly concern: string;
  build(app: App, id: string): Chart;
  part(): ChartPart;
}

/**
 * `ChartClass` and `objectsOf`: a chart and the function that makes its objects (the chart adds what it
 * returns). `shared`: whether clusters of a fleet may give the chart equal props, so that its part is worth
 * looking up (chart-memo.ts); false where the props hold something the fleet rules make unique per cluster.
 */
function recipe<P>(
  concern: string,
  props: P,
  ChartClass: new (scope: Construct, id: string, props: P) => Chart,
  objectsOf: (props: P, id: string) => readonly ChartObject[],
  shared = true,
): ChartRecipe {
  const objects = (p: P) => objectsOf(p, concern);
  return {
    concern,
    build: (app, id) => new ChartClass(app, id, props),
    part: () => (shared ? chartPart(concern, props, objects) : ownChartPart(objects(props))),
  };
}

function clusterChartRecipes(spec: ClusterSpec): ChartRecipe[] {
  return [
    recipe(
      'calico',
      { install: spec.onPrem.calico.install, existingNodeSelectorTerms: spec.onPrem.calico.existingNodeSelectorTerms },
      CalicoChart,
      calicoObjects,
    ),
    recipe(
      'terway',
      {
        clusterId: spec.clusterId,
        serviceCidr: spec.onPrem.serviceCidr,
        podVSwitches: spec.cloud.podVSwitches,
        securityGroupIds: spec.cloud.securityGroupIds,
        maxPoolSize: spec.terway.maxPoolSize,
        minPoolSize: spec.terway.minPoolSize,
        vswitchSelectionPolicy: spec.terway.vswitchSelectionPolicy,
        ipStack: spec.terway.ipStack,
        enableEniTrunking: spec.terway.enableEniTrunking,
        ipamType: spec.terway.ipamType,
        credentialPath: spec.terway.credentialPath,
        enforceNetworkPolicy: spec.terway.networkPolicy === 'enforced',
        nodePools: spec.nodePools,
      },
      TerwayChart,
      (props, id) => terwayObjects(props, id).objects,
      // clusterId: unique per cluster (rules/fleet.ts).
      false,
    ),
    // scriptUrl: unique per cluster (rules/fleet.ts).
    recipe('ack-agent', { scriptUrl: spec.nodeInit.scriptUrl }, AckAgentChart, ackAgentObjects, false),
  ];
}

function clusterFiles(cluster: LoadedCluster): { files: Map<string, string>; shells: ObjectRef[] } {
  const { spec } = cluster;
  // Named by base name only: the same cluster file gives the same bytes from any working directory.
  const sourceFile = path.basename(cluster.file);
  const parts = clusterChartRecipes(spec).map((r) => r.part());
  const credentials = spec.terway.credentials;
  // unmanaged, instance-role and cloud-managed write no object here (cloud-managed's Secret is written by tofu-controller).
  if (credentials.mode === 'sealed-secrets' || credentials.mode === 'external-secrets') {
    parts.push(recipe('credentials', { credentials }, TerwayCredentialsChart, terwayCredentialsObjects).part());
  }
  const objects = sortByKind(parts.flatMap((p) => p.objects));
  const shells = shellRefs(parts, objects);
  if (spec.gitops?.tool === 'argocd') {
    const props = { targets: shells, image: spec.gitops.argocd.preflightImage ?? `registry.k8s.io/kubectl:v${spec.nodeInit.kubernetesVersion}` };
    objects.push(...sortByKind(recipe('preflight', props, ArgoCdPreflightChart, argoCdPreflightObjects).part().objects));
  }
  const files = objectFiles(objects);
  const script = renderNodeInitScript(spec, sourceFile);
  const terwayPolicy = terwayRamPolicy();
  files.set('init-node-ecs.sh', script);
  files.set('terway-ram-policy.json', terwayPolicy);
  for (const [name, content] of cloudFiles(spec, { script, terwayPolicy })) files.set(name, content);
  files.set('RUNBOOK.md', renderRunbook(spec, sourceFile));
  return { files, shells };
}

/**
 * The objects applied as shells (partial objects of somebody else's resource): they must exist first.
 * Which ones are shells is the apply-policy module's answer (each chart part's `shells`); `objects` (the
 * charts' objects, in kind order) gives the order.
 */
function shellRefs(parts: readonly ChartPart[], objects: readonly KubeObject[]): ObjectRef[] {
  const shells = new Set(parts.flatMap((part) => [...part.shells]));
  return objects
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }))
    .filter((ref) => shells.has(objectKey(ref)));
}
