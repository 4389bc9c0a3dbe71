/**
 * The `gitops/` folder of the bundle: what a user applies once to point Argo CD or Flux at the clusters.
 *
 *   gitops/<cluster>/            Application (argocd) or GitRepository + 2 Kustomizations (flux), with a
 *                                kustomization.yaml: `kubectl apply -k dist/gitops/<cluster>`
 *   gitops/<cluster>/preflight/  flux only: what the preflight Kustomization applies (one ConfigMap)
 *   gitops/                      argocd only: one ApplicationSet per Argo CD namespace over all Argo CD
 *                                clusters, the alternative to the per-cluster Applications
 *
 * Beside the cluster folders, not inside them: a cluster's folder is what the tool applies, and the tool's
 * own objects in it would make it manage itself.
 */
import { posix } from 'path';
import { App, Chart } from 'cdk8s';
import {
  ArgoCdApplicationChart,
  ArgoCdApplicationProps,
  ArgoCdApplicationSetChart,
  FluxBootstrapChart,
  FluxPreflightFolderChart,
  ObjectRef,
  RepoLocation,
} from '../../charts/gitops';
import { LoadedCluster } from '../config/load';
import { compareStrings } from '../config/text';
import { GitOpsSpec } from '../config/schema';
import { chartObjects, objectFiles } from './object-files';

export function gitopsFiles(app: App, clusters: readonly LoadedCluster[], shells: ReadonlyMap<string, readonly ObjectRef[]>): Map<string, string> {
  const files = new Map<string, string>();
  const argoByNamespace = new Map<string, ArgoCdApplicationProps[]>();
  for (const { spec } of clusters) {
    const gitops = spec.gitops;
    if (!gitops) continue;
    const location = repoLocation(spec.name, gitops);
    const folder = (file: string) => `${spec.name}/${file}`;
    if (gitops.tool === 'argocd') {
      const props: ArgoCdApplicationProps = {
        clusterName: spec.name,
        location,
        namespace: gitops.argocd.namespace,
        project: gitops.argocd.project,
        destinationServer: gitops.argocd.destinationServer,
      };
      const list = argoByNamespace.get(props.namespace!) ?? [];
      list.push(props);
      argoByNamespace.set(props.namespace!, list);
      addObjects(files, folder, new ArgoCdApplicationChart(app, `${spec.name}-gitops`, props));
    } else {
      const preflightPath = posix.join(bootstrapFolder(spec.name, gitops), 'preflight');
      addObjects(
        files,
        folder,
        new FluxBootstrapChart(app, `${spec.name}-gitops`, {
          clusterName: spec.name,
          location,
          preflightPath,
          targets: shells.get(spec.name) ?? [],
          namespace: gitops.flux.namespace,
          interval: gitops.flux.interval,
          secretRef: gitops.flux.secretRef,
        }),
      );
      const targets = shells.get(spec.name) ?? [];
      addObjects(
        files,
        (file) => folder(`preflight/${file}`),
        new FluxPreflightFolderChart(app, `${spec.name}-gitops-preflight`, {
          clusterName: spec.name,
          targets,
          namespace: gitops.flux.namespace,
        }),
      );
    }
  }
  if (argoByNamespace.size > 0) {
    const namespaces = [...argoByNamespace.keys()].sort(compareStrings);
    const charts = namespaces.map(
      (namespace) => new ArgoCdApplicationSetChart(app, `gitops-applicationset-${namespace}`, { namespace, clusters: argoByNamespace.get(namespace)! }),
    );
    addObjects(files, (file) => file, ...charts);
  }
  return files;
}

/** The repository location of a cluster's folder: `gitops.path` (buildBundle fills it in from the output folder, see gitops-path.ts). */
export function repoLocation(name: string, gitops: GitOpsSpec): RepoLocation {
  return { repoUrl: gitops.repoUrl, revision: gitops.revision, path: gitops.path ?? `dist/${name}` };
}

/** The repository path of a cluster's bootstrap folder: gitops/<name> beside the cluster's folder. */
export function bootstrapFolder(name: string, gitops: GitOpsSpec): string {
  return posix.join(posix.dirname(repoLocation(name, gitops).path), 'gitops', name);
}

/** Adds the files of one folder (its charts' objects and kustomization.yaml), each path mapped by `at`. */
function addObjects(files: Map<string, string>, at: (file: string) => string, ...charts: Chart[]): void {
  for (const [name, content] of objectFiles(chartObjects(charts))) files.set(at(name), content);
}
