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
 * With the rotating join token, a second Terraform object `<cluster>-join-token` applies `cloud/join-token/`
 * (charts/tofu-controller.ts, JoinTokenObject), every `joinToken.applyInterval`, in the same namespace with the same
 * source, runner and state settings.
 *
 * The source is the bootstrap's GitRepository when the Terraform object is in Flux's namespace with Flux;
 * otherwise a GitRepository of the same repository and revision in the object's namespace (the controller
 * refuses cross-namespace references by default).
 */
import { TofuControllerProps } from '../../charts/tofu-controller';
import { CLOUD_FOLDER } from '../cloud';
import { JOIN_TOKEN_FOLDER } from '../cloud/join-token-module';
import { TERWAY_KEY_OUTPUTS } from '../cloud/resources/context';
import { ClusterSpec, GitOpsSpec, periodMinutes, TofuControllerRunnerSpec } from '../config/schema';
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
    path: posix.join(location.path, CLOUD_FOLDER),
    interval: runner.interval,
    ...(runner.approvePlan !== 'manual' ? { approvePlan: runner.approvePlan } : {}),
    serviceAccountName: runner.serviceAccountName,
    envSecret: runner.envSecret ?? defaultEnvSecret(spec.name),
    state: runner.state,
    ...(spec.terway.credentials.mode === 'cloud-managed' ? { terwayKeyOutputs: TERWAY_KEY_OUTPUTS } : {}),
    ...joinTokenObject(spec, location.path),
  };
}

/**
 * A token period ("1h", "2d") as a Go duration, which `spec.interval` (metav1.Duration, time.ParseDuration) is: Go
 * has no days, so "2d" is "48h".
 */
export function goDuration(period: string): string {
  const minutes = periodMinutes(period);
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/** The name of the join-token module's Terraform object (and so of its state Secret's suffix). */
export function joinTokenObjectName(clusterName: string): string {
  return `${clusterName}-join-token`;
}

/** The rotating join token's own Terraform object (src/cloud/join-token-module.ts); none with a supplied token. */
function joinTokenObject(spec: ClusterSpec, clusterPath: string): Pick<TofuControllerProps, 'joinToken'> {
  const token = spec.terraform?.joinToken;
  if (token?.mode !== 'rotating') return {};
  return {
    joinToken: {
      name: joinTokenObjectName(spec.name),
      path: posix.join(clusterPath, CLOUD_FOLDER, JOIN_TOKEN_FOLDER),
      interval: goDuration(token.applyInterval),
    },
  };
}
