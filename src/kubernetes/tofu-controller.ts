/**
 * Which tofu-controller objects a cluster gets, from its file: a Terraform object for every cluster with a `cloud/`
 * folder (a `terraform` section), a `gitops` section (the objects are part of its bootstrap) and
 * `terraform.runner.mode: tofu-controller` (the default). The namespace is decided here, once:
 *
 * - kube-system with `terway.credentials.mode: cloud-managed`, because the controller writes outputs only into the
 *   Terraform object's namespace and Terway reads kube-system/alibaba-addon-secret (rule credentials-needs refuses
 *   any other);
 * - otherwise `terraform.runner.namespace`, or Flux's namespace (flux-system by default), where the controller's
 *   Helm chart creates the runner's service account.
 *
 * The source is the bootstrap's GitRepository when the Terraform object is in Flux's namespace with Flux;
 * otherwise a GitRepository of the same repository and revision in the object's namespace (the controller
 * refuses cross-namespace references by default).
 */
import { TofuControllerProps } from '../../charts/tofu-controller';
import { TERWAY_KEY_OUTPUTS } from '../cloud/resources/context';
import { ClusterSpec, GitOpsSpec, TofuControllerRunnerSpec } from '../config/schema';
import { posix } from 'path';

/** The folder of the tofu-controller objects inside a cluster's bootstrap folder (gitops/<cluster>/tofu/). */
export const TOFU_FOLDER = 'tofu';

/** The default of `terraform.runner.envSecret`. */
export function defaultEnvSecret(clusterName: string): string {
  return `ack-hybrid-${clusterName}-tofu`;
}

/** The runner settings of a cluster whose cloud code tofu-controller applies; undefined otherwise. */
export function tofuRunner(spec: ClusterSpec): TofuControllerRunnerSpec | undefined {
  const runner = spec.terraform?.runner;
  return spec.gitops !== undefined && runner?.mode === 'tofu-controller' ? runner : undefined;
}

/** The namespace of the Terraform object (see above). */
export function tofuNamespace(spec: ClusterSpec, gitops: GitOpsSpec, runner: TofuControllerRunnerSpec): string {
  if (spec.terway.credentials.mode === 'cloud-managed') return 'kube-system';
  return runner.namespace ?? gitops.flux.namespace;
}

/**
 * The props of the cluster's TofuControllerChart, or undefined when it has none. `cloudPath` is the repository
 * path of the cluster's folder (repoLocation(...).path, which follows --out).
 */
export function tofuControllerProps(spec: ClusterSpec, location: { repoUrl: string; revision: string; path: string }): TofuControllerProps | undefined {
  const gitops = spec.gitops;
  const runner = tofuRunner(spec);
  if (gitops === undefined || runner === undefined) return undefined;
  const namespace = tofuNamespace(spec, gitops, runner);
  const fluxOwn = gitops.tool === 'flux' && namespace === gitops.flux.namespace;
  const gitSecret = runner.gitSecretRef ?? (gitops.tool === 'flux' ? gitops.flux.secretRef : undefined);
  return {
    clusterName: spec.name,
    namespace,
    source: fluxOwn
      ? { kind: 'existing', name: spec.name }
      : { kind: 'own', name: spec.name, location, interval: gitops.flux.interval, ...(gitSecret !== undefined ? { secretRef: gitSecret } : {}) },
    path: posix.join(location.path, 'cloud'),
    interval: runner.interval,
    ...(runner.approvePlan !== 'manual' ? { approvePlan: runner.approvePlan } : {}),
    serviceAccountName: runner.serviceAccountName,
    envSecret: runner.envSecret ?? defaultEnvSecret(spec.name),
    state: runner.state,
    ...(spec.terway.credentials.mode === 'cloud-managed' ? { terwayKeyOutputs: TERWAY_KEY_OUTPUTS } : {}),
  };
}
