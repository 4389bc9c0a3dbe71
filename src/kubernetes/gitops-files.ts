/**
 * The `gitops/` folder of the bundle: what a user applies once to point Argo CD or Flux at the clusters.
 *
 *   gitops/<cluster>/            Application (argocd) or GitRepository + 2 Kustomizations (flux), with a
 *                                kustomization.yaml: `kubectl apply -k dist/gitops/<cluster>`
 *   gitops/<cluster>/preflight/  flux only: what the preflight Kustomization applies (one ConfigMap)
 *   gitops/<cluster>/tofu/       with cloud code and tofu-controller: the Terraform object (and its GitRepository
 *                                when it cannot use Flux's), listed by gitops/<cluster>/kustomization.yaml
 *   gitops/                      argocd only: one ApplicationSet per Argo CD namespace over all Argo CD
 *                                clusters, the alternative to the per-cluster Applications; its
 *                                kustomization.yaml also lists every Argo CD cluster's tofu/ folder
 *
 * Beside the cluster folders, not inside them: a cluster's folder is what the tool applies, and the tool's
 * own objects in it would make it manage itself.
 */
import { posix } from 'path';
import type { ChartObject } from '../../charts/chart-objects';
import {
  argoCdApplicationObjects,
  ArgoCdApplicationProps,
  argoCdApplicationSetObjects,
  fluxBootstrapObjects,
  fluxPreflightFolderObjects,
  ObjectRef,
  RepoLocation,
} from '../../charts/gitops';
import { tofuControllerObjects } from '../../charts/tofu-controller';
import { compareStrings } from '../config/text';
import { ClusterSpec, GitOpsSpec } from '../config/schema';
import { objectFiles } from './object-files';
import { TOFU_FOLDER, tofuControllerProps } from './tofu-controller';

/**
 * One cluster's bootstrap folder, `<name>/…` (relative to `gitops/`), empty without a `gitops:` section: the
 * objects of the GitOps charts (charts/gitops.ts, charts/tofu-controller.ts), made without a construct tree
 * (charts/chart-objects.ts), so no cluster's work depends on another's. `shells`: the objects the cluster's
 * folder patches, which the Flux preflight checks.
 */
export function clusterGitopsFiles(spec: ClusterSpec, shells: readonly ObjectRef[]): Map<string, string> {
  const files = new Map<string, string>();
  const gitops = spec.gitops;
  if (!gitops) return files;
  const folder = (file: string) => `${spec.name}/${file}`;
  const tofu = tofuControllerProps(spec, repoLocation(spec.name, gitops));
  const subfolders = tofu === undefined ? [] : [TOFU_FOLDER];
  const argo = argoCdApplication(spec);
  if (argo !== undefined) addObjects(files, folder, subfolders, argoCdApplicationObjects(argo, `${spec.name}-gitops`));
  else addFluxBootstrap(files, folder, subfolders, spec, gitops, shells);
  if (tofu !== undefined) addObjects(files, (file) => folder(`${TOFU_FOLDER}/${file}`), [], tofuControllerObjects(tofu));
  return files;
}

function addFluxBootstrap(
  files: Map<string, string>,
  folder: (file: string) => string,
  subfolders: readonly string[],
  spec: ClusterSpec,
  gitops: GitOpsSpec,
  shells: readonly ObjectRef[],
): void {
  const preflightPath = posix.join(bootstrapFolder(spec.name, gitops), 'preflight');
  addObjects(
    files,
    folder,
    subfolders,
    fluxBootstrapObjects(
      {
        clusterName: spec.name,
        location: repoLocation(spec.name, gitops),
        preflightPath,
        targets: shells,
        namespace: gitops.flux.namespace,
        interval: gitops.flux.interval,
        secretRef: gitops.flux.secretRef,
      },
      `${spec.name}-gitops`,
    ),
  );
  addObjects(
    files,
    (file) => folder(`preflight/${file}`),
    [],
    fluxPreflightFolderObjects({ clusterName: spec.name, targets: shells, namespace: gitops.flux.namespace }),
  );
}

/** An Argo CD cluster as the ApplicationSets list it: its Application, and its tofu-controller folder if any. */
export type ArgoCdCluster = ArgoCdApplicationProps & { readonly tofuFolder?: string };

/** What a cluster's Argo CD Application says, which the ApplicationSets list too; undefined unless it uses Argo CD. */
export function argoCdApplication(spec: ClusterSpec): ArgoCdCluster | undefined {
  const gitops = spec.gitops;
  if (gitops?.tool !== 'argocd') return undefined;
  return {
    clusterName: spec.name,
    location: repoLocation(spec.name, gitops),
    namespace: gitops.argocd.namespace,
    project: gitops.argocd.project,
    destinationServer: gitops.argocd.destinationServer,
    ...(tofuControllerProps(spec, repoLocation(spec.name, gitops)) !== undefined ? { tofuFolder: `${spec.name}/${TOFU_FOLDER}` } : {}),
  };
}

/**
 * The files directly under `gitops/`: one ApplicationSet per Argo CD namespace over `applications` (in the
 * fleet's order), and their kustomization.yaml, which also lists the clusters'
 * tofu-controller folders (applying the ApplicationSet instead of the Applications must not lose them); nothing
 * without Argo CD clusters.
 */
export function applicationSetFiles(applications: readonly ArgoCdCluster[]): Map<string, string> {
  const files = new Map<string, string>();
  if (applications.length === 0) return files;
  const byNamespace = new Map<string, ArgoCdApplicationProps[]>();
  for (const props of applications) {
    const namespace = props.namespace ?? 'argocd';
    const list = byNamespace.get(namespace) ?? [];
    list.push(props);
    byNamespace.set(namespace, list);
  }
  const namespaces = [...byNamespace.keys()].sort(compareStrings);
  const objects = namespaces.flatMap((namespace) =>
    argoCdApplicationSetObjects({ namespace, clusters: byNamespace.get(namespace)! }, `gitops-applicationset-${namespace}`),
  );
  const tofuFolders = applications.flatMap((a) => (a.tofuFolder === undefined ? [] : [a.tofuFolder]));
  addObjects(files, (file) => file, tofuFolders, objects);
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

/** Adds the files of one folder (`objects` and a kustomization.yaml listing them and `folders`), each path mapped by `at`. */
function addObjects(files: Map<string, string>, at: (file: string) => string, folders: readonly string[], objects: readonly ChartObject[]): void {
  for (const [name, content] of objectFiles(
    objects.map((o) => o.manifest),
    folders,
  ))
    files.set(at(name), content);
}
