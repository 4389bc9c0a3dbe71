/**
 * The GitOps tool's own objects: what points Argo CD or Flux at a cluster's folder, and what makes sure
 * the objects our shells patch exist before anything is applied (server-side apply would create them).
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { addChartObjects, chartObject, ChartObject } from './chart-objects';
import { PropsCheck } from './props';
import * as f from '../src/config/formats';
import { Application, ApplicationSpec } from '../imports/argocd-application-argoproj.io';
import { GitRepository, GitRepositorySpecRef } from '../imports/flux-gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../imports/flux-kustomization-kustomize.toolkit.fluxcd.io';
import * as k8s from '../imports/k8s';

/** An object that must already exist in the cluster (one our shells patch). */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Where a cluster's folder is in the GitOps repository. */
export interface RepoLocation {
  /** https://, ssh:// or scp-style (git@host:path) URL. */
  readonly repoUrl: string;
  /** Branch, tag (as refs/tags/<tag> for Flux) or full commit SHA. */
  readonly revision: string;
  /** The cluster's folder, relative to the repository root, such as dist/idc-hangzhou. */
  readonly path: string;
}

/** Props of {@link ArgoCdApplicationChart}: which cluster folder Argo CD syncs, and into which cluster. */
export interface ArgoCdApplicationProps {
  /** The cluster's name: the Application's name. */
  readonly clusterName: string;
  /** Where the cluster's folder is: repository, revision and path. */
  readonly location: RepoLocation;
  /**
   * The namespace Argo CD runs in, where the Application goes.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * The Argo CD project of the Application.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * The API server Argo CD applies to.
   * @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;
}

/**
 * The spec of a cluster's Application. The folder has a kustomization.yaml, so Argo CD renders it with
 * kustomize (only the listed objects; RUNBOOK.md and the scripts beside them are never applied). Automated
 * sync prunes and self-heals; the shells and retained objects opt out of pruning and deletion themselves.
 * No destination namespace: every object names its own.
 */
export function applicationSpec(values: { repoUrl: string; revision: string; path: string; project: string; server: string }): ApplicationSpec {
  return {
    project: values.project,
    source: { repoUrl: values.repoUrl, targetRevision: values.revision, path: values.path },
    destination: { server: values.server },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
    },
  };
}

/**
 * The props of one cluster's Application, held to the formats of the cluster file's gitops fields. The path is
 * not: ack-hybrid computes it from `--out` (src/kubernetes/gitops-path.ts), and a user's own may be any folder.
 */
function checkApplicationProps(check: PropsCheck, props: ArgoCdApplicationProps, at = ''): void {
  check.format(`${at}clusterName`, props.clusterName, f.CLUSTER_NAME);
  check.format(`${at}location.repoUrl`, props.location.repoUrl, f.GIT_URL);
  check.format(`${at}location.revision`, props.location.revision, f.GIT_REVISION);
  check.format(`${at}namespace`, props.namespace, f.DNS_LABEL);
  check.format(`${at}project`, props.project, f.OBJECT_NAME);
  check.format(`${at}destinationServer`, props.destinationServer, f.HTTPS_URL);
}

/**
 * Argo CD: one Application per cluster. It has no resources finalizer, so deleting the Application
 * (kubectl delete) leaves every object in place; a cascading delete (argocd app delete) still leaves the
 * objects marked Delete=false, which are all of ours but the PreSync check.
 */
export class ArgoCdApplicationChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps & ChartProps) {
    super(scope, id, props);
    addChartObjects(this, argoCdApplicationObjects(props, id));
  }
}

/** The objects of an {@link ArgoCdApplicationChart} with id `id`, its props checked. */
export function argoCdApplicationObjects(props: ArgoCdApplicationProps, id = 'gitops'): ChartObject[] {
  checkApplicationProps(new PropsCheck(`ArgoCdApplicationChart ${id}`), props);
  return [
    chartObject(
      'application',
      Application.manifest({
        metadata: { name: props.clusterName, namespace: props.namespace ?? 'argocd' },
        spec: applicationSpec({
          ...props.location,
          project: props.project ?? 'default',
          server: props.destinationServer ?? 'https://kubernetes.default.svc',
        }),
      }),
    ),
  ];
}

/** Props of {@link ArgoCdApplicationSetChart}: every Argo CD cluster of one Argo CD namespace. */
export interface ArgoCdApplicationSetProps extends ChartProps {
  /** The Argo CD namespace all `clusters` use. */
  readonly namespace: string;
  /** Every Argo CD cluster of the repository, in a stable order. */
  readonly clusters: readonly ArgoCdApplicationProps[];
}

/**
 * Argo CD, the alternative to one Application per cluster: one ApplicationSet (list generator) that makes
 * the same Applications for every Argo CD cluster of the repository. Apply one or the other, not both:
 * they would fight over the Applications of the same names. `preserveResourcesOnDeletion` keeps every
 * object when the ApplicationSet (and with it the Applications) is deleted.
 *
 * A plain manifest, not a generated class: the ApplicationSet CRD's generated types are 3.3 MB of TypeScript, so only the
 * template is typed (it is an Application spec) and the whole object is checked against the CRD in tests.
 */
export class ArgoCdApplicationSetChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdApplicationSetProps) {
    super(scope, id, props);
    addChartObjects(this, argoCdApplicationSetObjects(props, id));
  }
}

/** The objects of an {@link ArgoCdApplicationSetChart} with id `id`, its props checked. */
export function argoCdApplicationSetObjects(props: ArgoCdApplicationSetProps, id = 'applicationset'): ChartObject[] {
  const check = new PropsCheck(`ArgoCdApplicationSetChart ${id}`);
  check.format('namespace', props.namespace, f.DNS_LABEL);
  props.clusters.forEach((cluster, i) => checkApplicationProps(check, cluster, `clusters[${i}].`));
  return [
    chartObject('applicationset', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'ack-hybrid', namespace: props.namespace },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            list: {
              elements: props.clusters.map((c) => ({
                name: c.clusterName,
                repoUrl: c.location.repoUrl,
                revision: c.location.revision,
                path: c.location.path,
                project: c.project ?? 'default',
                server: c.destinationServer ?? 'https://kubernetes.default.svc',
              })),
            },
          },
        ],
        template: {
          metadata: { name: '{{.name}}' },
          spec: toJsonSpec(
            applicationSpec({ repoUrl: '{{.repoUrl}}', revision: '{{.revision}}', path: '{{.path}}', project: '{{.project}}', server: '{{.server}}' }),
          ),
        },
        syncPolicy: { preserveResourcesOnDeletion: true },
      },
    }),
  ];
}

function toJsonSpec(spec: ApplicationSpec): unknown {
  return Application.manifest({ metadata: {}, spec }).spec;
}

/** Props of {@link ArgoCdPreflightChart}: what must exist before a sync, and the image that checks it. */
export interface ArgoCdPreflightProps extends ChartProps {
  /** The objects that must exist; all in one namespace. */
  readonly targets: readonly ObjectRef[];
  /** A kubectl image. */
  readonly image: string;
}

const PREFLIGHT = 'ack-hybrid-preflight';

/**
 * Argo CD: a PreSync hook Job that fails the sync, before anything is applied, when an object our shells
 * patch is missing. Argo CD has no option to apply only onto existing objects, and server-side apply
 * creates: without this check a missing eni-config would be created with our two keys only. The Job only
 * reads (a Role limited to the named objects); hook objects are replaced on each sync and never pruned.
 */
export class ArgoCdPreflightChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdPreflightProps) {
    super(scope, id, props);
    addChartObjects(this, argoCdPreflightObjects(props));
  }
}

/** The objects of an {@link ArgoCdPreflightChart}. */
export function argoCdPreflightObjects(props: ArgoCdPreflightProps): ChartObject[] {
  const namespaces = new Set(props.targets.map((t) => t.namespace));
  if (props.targets.length === 0 || namespaces.size !== 1 || [...namespaces][0] === undefined) {
    throw new Error('the preflight check takes one or more namespaced objects of one namespace');
  }
  const namespace = [...namespaces][0]!;
  const hook = (wave: number) => ({
    'argocd.argoproj.io/hook': 'PreSync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    'argocd.argoproj.io/sync-wave': String(wave),
  });
  const metadata = (wave: number) => ({ name: PREFLIGHT, namespace, annotations: hook(wave) });
  const rules = groupByResource(props.targets);
  return [
    chartObject('service-account', k8s.KubeServiceAccount.manifest({ metadata: metadata(-1) })),
    chartObject(
      'role',
      k8s.KubeRole.manifest({
        metadata: metadata(-1),
        rules: rules.map((r) => ({ apiGroups: [r.group], resources: [r.resource], resourceNames: r.names, verbs: ['get'] })),
      }),
    ),
    chartObject(
      'role-binding',
      k8s.KubeRoleBinding.manifest({
        metadata: metadata(-1),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: PREFLIGHT },
        subjects: [{ kind: 'ServiceAccount', name: PREFLIGHT, namespace }],
      }),
    ),
    chartObject(
      'job',
      k8s.KubeJob.manifest({
        metadata: metadata(0),
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: 120,
          template: {
            spec: {
              serviceAccountName: PREFLIGHT,
              restartPolicy: 'Never',
              securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'check',
                  image: props.image,
                  // kubectl get exits non-zero when any named object is missing, which fails the sync.
                  command: ['kubectl'],
                  args: ['get', `--namespace=${namespace}`, '--output=name', ...props.targets.map((t) => `${resourceOf(t).qualified}/${t.name}`)],
                  env: [{ name: 'HOME', value: '/tmp' }],
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ['ALL'] },
                  },
                  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                },
              ],
              volumes: [{ name: 'tmp', emptyDir: {} }],
            },
          },
        },
      }),
    ),
  ];
}

function resourceOf(ref: ObjectRef): { group: string; resource: string; qualified: string } {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const resource = `${ref.kind.toLowerCase()}s`;
  return { group, resource, qualified: group === '' ? resource : `${resource}.${group}` };
}

function groupByResource(targets: readonly ObjectRef[]): { group: string; resource: string; names: string[] }[] {
  const byKey = new Map<string, { group: string; resource: string; names: string[] }>();
  for (const t of targets) {
    const { group, resource } = resourceOf(t);
    const key = `${group}/${resource}`;
    const entry = byKey.get(key) ?? { group, resource, names: [] };
    entry.names.push(t.name);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** Props of {@link FluxBootstrapChart}: where the cluster's folder is, and what must exist before it is applied. */
export interface FluxBootstrapProps extends ChartProps {
  /** The cluster's name: the names of the GitRepository and the Kustomizations. */
  readonly clusterName: string;
  /** Where the cluster's folder is: repository, revision and path. */
  readonly location: RepoLocation;
  /** The repository path of the folder the preflight Kustomization applies (see FluxPreflightFolderChart). */
  readonly preflightPath: string;
  /** The objects that must exist before the cluster's folder is applied. */
  readonly targets: readonly ObjectRef[];
  /**
   * The namespace Flux runs in, where its objects go.
   * @default 'flux-system'
   */
  readonly namespace?: string;
  /**
   * How often Flux fetches the repository and reconciles.
   * @default '10m'
   */
  readonly interval?: string;
  /** A Secret with the Git credentials. @default - none (a public repository) */
  readonly secretRef?: string;
}

/**
 * Flux: a GitRepository and two Kustomizations. `<cluster>-preflight` applies its own folder (one
 * ConfigMap, see FluxPreflightFolderChart) and health-checks the objects our shells patch; it is Ready only when they all exist. `<cluster>` applies the
 * cluster's folder and dependsOn the preflight, so Flux never creates a missing eni-config or calico-node:
 * it waits, and reports the missing object in the preflight's status. `prune: true` and no
 * `targetNamespace`: every object names its own namespace; shells and retained objects opt out of pruning.
 */
export class FluxBootstrapChart extends Chart {
  constructor(scope: Construct, id: string, props: FluxBootstrapProps) {
    super(scope, id, props);
    addChartObjects(this, fluxBootstrapObjects(props, id));
  }
}

/** The objects of a {@link FluxBootstrapChart} with id `id`, its props checked. */
export function fluxBootstrapObjects(props: FluxBootstrapProps, id = 'gitops'): ChartObject[] {
  const check = new PropsCheck(`FluxBootstrapChart ${id}`);
  check.format('clusterName', props.clusterName, f.CLUSTER_NAME);
  check.format('location.repoUrl', props.location.repoUrl, f.GIT_URL);
  check.format('location.revision', props.location.revision, f.GIT_REVISION);
  check.format('namespace', props.namespace, f.DNS_LABEL);
  check.format('interval', props.interval, f.DURATION);
  check.format('secretRef', props.secretRef, f.OBJECT_NAME);
  const namespace = props.namespace ?? 'flux-system';
  const interval = props.interval ?? '10m';
  const sourceRef = { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: props.clusterName };
  const preflight = `${props.clusterName}-preflight`;
  return [
    chartObject(
      'source',
      GitRepository.manifest({
        metadata: { name: props.clusterName, namespace },
        spec: {
          interval,
          url: fluxGitUrl(props.location.repoUrl),
          ref: fluxRef(props.location.revision),
          ...(props.secretRef ? { secretRef: { name: props.secretRef } } : {}),
        },
      }),
    ),
    chartObject(
      'preflight',
      Kustomization.manifest({
        metadata: { name: preflight, namespace },
        spec: {
          interval,
          retryInterval: '1m',
          timeout: '2m',
          path: `./${props.preflightPath}`,
          prune: true,
          sourceRef,
          healthChecks: props.targets.map((t) => ({ apiVersion: t.apiVersion, kind: t.kind, name: t.name, namespace: t.namespace })),
        },
      }),
    ),
    chartObject(
      'cluster',
      Kustomization.manifest({
        metadata: { name: props.clusterName, namespace },
        spec: {
          interval,
          retryInterval: '2m',
          timeout: '5m',
          path: `./${props.location.path}`,
          prune: true,
          sourceRef,
          dependsOn: [{ name: preflight }],
        },
      }),
    ),
  ];
}

/** Props of {@link FluxPreflightFolderChart}: the objects the preflight Kustomization checks. */
export interface FluxPreflightFolderProps extends ChartProps {
  /** The cluster's name: the ConfigMap is `<cluster>-preflight`. */
  readonly clusterName: string;
  /** The objects the preflight Kustomization health-checks. */
  readonly targets: readonly ObjectRef[];
  /**
   * The namespace Flux runs in, where the ConfigMap goes.
   * @default 'flux-system'
   */
  readonly namespace?: string;
}

/**
 * What the preflight Kustomization applies: one ConfigMap in the Flux namespace that lists the checked
 * objects. The folder cannot be empty: kustomize-controller fails a build with no objects ("no objects
 * passed to apply", fluxcd/kustomize-controller#391), and that failure would not say what is missing.
 */
export class FluxPreflightFolderChart extends Chart {
  constructor(scope: Construct, id: string, props: FluxPreflightFolderProps) {
    super(scope, id, props);
    addChartObjects(this, fluxPreflightFolderObjects(props));
  }
}

/** The objects of a {@link FluxPreflightFolderChart}. */
export function fluxPreflightFolderObjects(props: FluxPreflightFolderProps): ChartObject[] {
  return [
    chartObject(
      'checked',
      k8s.KubeConfigMap.manifest({
        metadata: { name: `${props.clusterName}-preflight`, namespace: props.namespace ?? 'flux-system' },
        data: {
          checks: props.targets.map((t) => `${t.apiVersion} ${t.kind} ${t.namespace ?? ''}/${t.name}\n`).join(''),
        },
      }),
    ),
  ];
}

/** Flux takes URLs only: the scp form git@host:path becomes ssh://git@host/path. */
export function fluxGitUrl(repoUrl: string): string {
  const scp = /^([^@\s/]+)@([^:\s/]+):(?!\/)(.+)$/.exec(repoUrl);
  return scp && !repoUrl.includes('://') ? `ssh://${scp[1]}@${scp[2]}/${scp[3]}` : repoUrl;
}

/** A full commit SHA pins the commit, refs/... names a ref (refs/tags/v1), anything else is a branch. */
export function fluxRef(revision: string): GitRepositorySpecRef {
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}
