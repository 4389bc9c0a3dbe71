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
import { TofuControllerChart } from '../../charts/tofu-controller';
import { compareStrings } from '../config/text';
import { ClusterSpec, GitOpsSpec } from '../config/schema';
import { chartObjects, objectFiles } from './object-files';
import { TOFU_FOLDER, tofuControllerProps } from './tofu-controller';

/**
 * One cluster's bootstrap folder, `<name>/…` (relative to `gitops/`), empty without a `gitops:` section.
 * Each of its charts goes into an App of its own: `Chart.toJson()` resolves and validates the whole App it
 * is in, so one App for a fleet's GitOps charts made each cluster cost more than the last (an Argo CD fleet
 * of 10,000 took 173 s to validate that way, 38 s this way, same bytes), and one App for a cluster's two or
 * three charts resolved each of them again for the next. `shells`: the objects the cluster's
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
  if (argo !== undefined) addObjects(files, folder, subfolders, new ArgoCdApplicationChart(new App(), `${spec.name}-gitops`, argo));
  else addFluxBootstrap(files, folder, subfolders, spec, gitops, shells);
  if (tofu !== undefined)
    addObjects(files, (file) => folder(`${TOFU_FOLDER}/${file}`), [], new TofuControllerChart(new App(), `${spec.name}-gitops-tofu`, tofu));
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
    new FluxBootstrapChart(new App(), `${spec.name}-gitops`, {
      clusterName: spec.name,
      location: repoLocation(spec.name, gitops),
      preflightPath,
      targets: shells,
      namespace: gitops.flux.namespace,
      interval: gitops.flux.interval,
      secretRef: gitops.flux.secretRef,
    }),
  );
  addObjects(
    files,
    (file) => folder(`preflight/${file}`),
    [],
    new FluxPreflightFolderChart(new App(), `${spec.name}-gitops-preflight`, { clusterName: spec.name, targets: shells, namespace: gitops.flux.namespace }),
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
 * fleet's order), each in an App of its own, and their kustomization.yaml, which also lists the clusters'
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
  const charts = namespaces.map(
    (namespace) => new ArgoCdApplicationSetChart(new App(), `gitops-applicationset-${namespace}`, { namespace, clusters: byNamespace.get(namespace)! }),
  );
  const tofuFolders = applications.flatMap((a) => (a.tofuFolder === undefined ? [] : [a.tofuFolder]));
  addObjects(files, (file) => file, tofuFolders, ...charts);
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

/** Adds the files of one folder (its charts' objects and kustomization.yaml listing them and `folders`), each path mapped by `at`. */
function addObjects(files: Map<string, string>, at: (file: string) => string, folders: readonly string[], ...charts: Chart[]): void {
  for (const [name, content] of objectFiles(chartObjects(charts), folders)) files.set(at(name), content);
}
