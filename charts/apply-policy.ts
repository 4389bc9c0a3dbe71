/**
 * How a GitOps tool may treat an object ack-hybrid emits, as annotations both Argo CD and Flux read. This is
 * the one place that decides them; charts name a policy, never the annotations.
 *
 * - `shell`: a partial object of a resource somebody else created and owns (calico-node, eni-config,
 *   ack-agent-config). Server-side apply with only our fields (Flux `ssa: Merge` keeps fields we do not
 *   manage; Argo CD `Validate=false` because a partial manifest fails client validation), never pruned when
 *   the file goes, never deleted with the Application or Kustomization.
 * - `retain`: a whole object we own but whose deletion would hurt the cluster (the Terway credentials, the
 *   Calico overlay Installation): applied normally, but never pruned or deleted by the tool.
 *
 * Neither policy stops a tool from creating the object when it is missing: server-side apply creates. The
 * order is made right elsewhere (Flux: a preflight Kustomization, Argo CD: a PreSync check; see gitops.ts).
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

export type ApplyPolicy = 'shell' | 'retain';

export const FLUX_SSA = 'kustomize.toolkit.fluxcd.io/ssa';
export const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

const ANNOTATIONS: Readonly<Record<ApplyPolicy, Readonly<Record<string, string>>>> = {
  shell: {
    [ARGOCD_SYNC_OPTIONS]: 'ServerSideApply=true,Validate=false,Prune=false,Delete=false',
    [FLUX_PRUNE]: 'disabled',
    [FLUX_SSA]: 'Merge',
  },
  retain: {
    [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false',
    [FLUX_PRUNE]: 'disabled',
  },
};

/** The annotations of a policy, for objects built without a construct. */
export function applyPolicyAnnotations(policy: ApplyPolicy): Readonly<Record<string, string>> {
  return ANNOTATIONS[policy];
}

/**
 * The policy each marked object got. Callers ask this module (applyPolicyOf, shellObjects) rather than
 * read the annotations back: which annotations mean "shell" is this module's business alone.
 */
const POLICIES = new WeakMap<ApiObject, ApplyPolicy>();

/** A manifest with the annotations of `policy` added to its own (chart-objects.ts makes every chart object with it). */
export function withPolicyAnnotations<M extends { readonly metadata: object }>(manifest: M, policy: ApplyPolicy): M {
  const own = (manifest.metadata as { readonly annotations?: Readonly<Record<string, string>> }).annotations;
  const annotations = { ...own, ...ANNOTATIONS[policy] };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}

/** Records the policy of an object whose manifest withPolicyAnnotations made, for applyPolicyOf and shellObjects. */
export function markApplyPolicy(object: ApiObject, policy: ApplyPolicy): void {
  POLICIES.set(object, policy);
}

/** The policy an object was marked with, or undefined for an object the GitOps tool handles as usual. */
export function applyPolicyOf(object: ApiObject): ApplyPolicy | undefined {
  return POLICIES.get(object);
}

/** The shells under `scope` (a chart, usually): partial objects of resources that must exist first. */
export function shellObjects(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && applyPolicyOf(c) === 'shell');
}
