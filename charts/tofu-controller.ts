/**
 * tofu-controller (flux-iac/tofu-controller v0.16.5): the `Terraform` object that plans and applies a cluster's
 * `cloud/` folder, and the Flux GitRepository it reads when it cannot use the bootstrap's own. Every field below
 * was checked in the controller's source at that tag (docs/gitops.md, "tofu-controller"):
 *
 * - `interval` and `sourceRef` are the only required fields (api/v1alpha2/terraform_types.go);
 * - `approvePlan` left out is manual approval, "auto" applies every plan, a plan's ID applies that plan
 *   (controllers/tf_controller_apply.go shouldApply);
 * - `backendConfig` writes `backend_override.tf`, a kubernetes backend in the object's namespace
 *   (controllers/tf_controller_backend.go, runner/server.go WriteBackendConfig), which replaces the `oss` backend
 *   of versions.tf.json (override files: a backend in an override file takes precedence); `disable: true` writes
 *   none, and `backendConfigsFrom` then configures that `oss` backend at `init` (runner/server_init.go);
 * - `writeOutputsToSecret` writes an Opaque Secret in the object's namespace, `outputs` entries `output:key`
 *   naming its keys (controllers/tf_controller_outputs.go filterOutputs, runner/server_outputs.go WriteOutputs);
 * - cross-namespace source references are refused by default (Helm value `allowCrossNamespaceRefs: false`), so
 *   the source is always in the object's namespace;
 * - `dependsOn` (`[]meta.NamespacedObjectReference`, api/v1alpha2/terraform_types.go; in the v1alpha2 schema of
 *   imports/crds/infra.contrib.fluxcd.io_terraforms.yaml) holds an object back, with reason `DependencyNotReady`,
 *   until each Terraform object it names is Ready and has planned or applied the same source revision
 *   (controllers/tf_controller.go checkDependencies). With the rotating join token the main object depends on the
 *   join-token object, so no node pool is planned before the OOS parameter nodes read exists.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { GitRepository } from '../imports/flux-gitrepository-source.toolkit.fluxcd.io';
import {
  TerraformV1Alpha2,
  TerraformV1Alpha2Spec,
  TerraformV1Alpha2SpecBackendConfigsFromKind,
  TerraformV1Alpha2SpecSourceRefKind,
} from '../imports/tofu-terraform-infra.contrib.fluxcd.io';
import { addChartObjects, chartObject, ChartObject } from './chart-objects';
import { fluxGitUrl, fluxRef, RepoLocation } from './gitops';
import { ADDON_SECRET } from './terway-credentials';

/** The GitRepository the Terraform object reads: the bootstrap's (same namespace), or one written here. */
export type TofuSource =
  | { readonly kind: 'existing'; readonly name: string }
  | {
      readonly kind: 'own';
      readonly name: string;
      readonly location: RepoLocation;
      /** How often source-controller fetches the repository. */
      readonly interval: string;
      /** A Secret with the Git credentials, in the namespace of the object. @default - none (a public repository) */
      readonly secretRef?: string;
    };

/** Where the state is: the controller's kubernetes backend, or the `oss` backend configured from a Secret. */
export type TofuState = { readonly backend: 'kubernetes' } | { readonly backend: 'oss'; readonly configSecret: string };

/** An output of the cloud code and the key of alibaba-addon-secret it is written to. */
export interface OutputKey {
  readonly output: string;
  readonly secretKey: string;
}

export interface TofuControllerProps extends ChartProps {
  /** The cluster's name: the Terraform object's name (and so its state Secret's suffix). */
  readonly clusterName: string;
  /** The namespace of the Terraform object, its runner pod and its state. */
  readonly namespace: string;
  readonly source: TofuSource;
  /** The repository path of the cloud folder, such as dist/idc-hangzhou/cloud. */
  readonly path: string;
  /** `spec.interval`. */
  readonly interval: string;
  /** `spec.approvePlan`: "auto" or a plan ID. @default - left out: a person approves each plan */
  readonly approvePlan?: string;
  readonly serviceAccountName: string;
  /** A Secret whose keys become the runner's environment (TF_VAR_join_token, the provider's credentials). */
  readonly envSecret: string;
  readonly state: TofuState;
  /** Outputs written into kube-system/alibaba-addon-secret. @default - none: no Secret is written */
  readonly terwayKeyOutputs?: readonly OutputKey[];
  /** The rotating join token's own object, which the main one depends on. @default - none (a supplied token) */
  readonly joinToken?: JoinTokenObject;
}

/**
 * The Terraform object of `cloud/join-token/` (src/cloud/join-token-module.ts). It approves every plan, whatever
 * `terraform.runner.approvePlan` says: the module can only create or replace bootstrap tokens and the OOS value, so
 * an unattended apply is safe, and a rotation that waits for a person lets the token in OOS expire.
 */
export interface JoinTokenObject {
  /** The object's name, and its state Secret's suffix: `<cluster>-join-token`. */
  readonly name: string;
  /** The repository path of the module, such as dist/idc-hangzhou/cloud/join-token. */
  readonly path: string;
  /** `spec.interval`: `terraform.joinToken.applyInterval`, so the token rotates at most that late. */
  readonly interval: string;
}

/**
 * One Terraform object per cluster with a `cloud/` folder (and a GitRepository when it needs its own). It carries
 * the `retain` policy: deleting it deletes the Secret it wrote (the controller's finalizer, runner/server.go
 * FinalizeSecrets), which would leave Terway without its key at its next start.
 */
export class TofuControllerChart extends Chart {
  constructor(scope: Construct, id: string, props: TofuControllerProps) {
    super(scope, id, props);
    addChartObjects(this, tofuControllerObjects(props));
  }
}

/** The objects of a {@link TofuControllerChart}. */
export function tofuControllerObjects(props: TofuControllerProps): ChartObject[] {
  const { source } = props;
  const objects: ChartObject[] = [];
  if (source.kind === 'own') {
    objects.push(
      chartObject(
        'source',
        GitRepository.manifest({
          metadata: { name: source.name, namespace: props.namespace },
          spec: {
            interval: source.interval,
            url: fluxGitUrl(source.location.repoUrl),
            ref: fluxRef(source.location.revision),
            ...(source.secretRef !== undefined ? { secretRef: { name: source.secretRef } } : {}),
          },
        }),
      ),
    );
  }
  objects.push(
    chartObject(
      'terraform',
      TerraformV1Alpha2.manifest({ metadata: { name: props.clusterName, namespace: props.namespace }, spec: terraformSpec(props) }),
      'retain',
    ),
  );
  const joinToken = props.joinToken;
  // No apply policy: deleting this object destroys nothing (destroyResourcesOnDeletion is false) and writes no
  // Secret, and pruning it is right when the token becomes supplied (the main object's dependsOn goes with it).
  if (joinToken !== undefined)
    objects.push(
      chartObject(
        'join-token',
        TerraformV1Alpha2.manifest({ metadata: { name: joinToken.name, namespace: props.namespace }, spec: joinTokenSpec(props, joinToken) }),
      ),
    );
  return objects;
}

function terraformSpec(props: TofuControllerProps): TerraformV1Alpha2Spec {
  const keys = props.terwayKeyOutputs ?? [];
  return {
    interval: props.interval,
    path: `./${props.path}`,
    sourceRef: sourceRef(props),
    ...(props.approvePlan !== undefined ? { approvePlan: props.approvePlan } : {}),
    ...(props.joinToken !== undefined ? { dependsOn: [{ name: props.joinToken.name }] } : {}),
    ...runnerFields(props, props.clusterName),
    ...(keys.length > 0 ? { writeOutputsToSecret: { name: ADDON_SECRET.name, outputs: keys.map((k) => `${k.output}:${k.secretKey}`) } } : {}),
  };
}

function joinTokenSpec(props: TofuControllerProps, joinToken: JoinTokenObject): TerraformV1Alpha2Spec {
  return {
    interval: joinToken.interval,
    path: `./${joinToken.path}`,
    sourceRef: sourceRef(props),
    approvePlan: 'auto',
    ...runnerFields(props, joinToken.name),
  };
}

function sourceRef(props: TofuControllerProps): TerraformV1Alpha2Spec['sourceRef'] {
  return { kind: TerraformV1Alpha2SpecSourceRefKind.GIT_REPOSITORY, name: props.source.name };
}

/**
 * What both objects share: the runner's account and environment, and a state of their own. With the kubernetes
 * backend each object's Secret suffix is its name; with `oss` both read the same settings and the join-token
 * module's `backend.oss.key` (join-token.tfstate) keeps its state file apart from the main one's.
 */
function runnerFields(props: TofuControllerProps, stateSuffix: string): Partial<TerraformV1Alpha2Spec> {
  return {
    serviceAccountName: props.serviceAccountName,
    // Explicit rather than the controller's default: a controller started with DISABLE_TF_K8S_BACKEND=1 would
    // otherwise keep the state in the runner pod's local files, lost with the pod (tf_controller_backend.go).
    ...(props.state.backend === 'kubernetes'
      ? { backendConfig: { secretSuffix: stateSuffix, inClusterConfig: true } }
      : {
          backendConfig: { disable: true },
          backendConfigsFrom: [{ kind: TerraformV1Alpha2SpecBackendConfigsFromKind.SECRET, name: props.state.configSecret }],
        }),
    runnerPodTemplate: { spec: { envFrom: [{ secretRef: { name: props.envSecret } }] } },
  };
}
