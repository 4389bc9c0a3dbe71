/**
 * Which node labels kubelet may set on its own Node: the one rule used by the cluster file's validation
 * (node pool labels, schema.ts) and rendered into the node-init script's check of ALIBABA_CLOUD_LABELS.
 *
 * Source: kubernetes/kubernetes `staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go` (IsKubeletLabel,
 * read at 1c7b3d91), with the keys of `staging/src/k8s.io/api/core/v1/well_known_labels.go`. kubelet's
 * `--node-labels` refuses, at start, any key in the kubernetes.io or k8s.io namespaces (the namespace or a
 * subdomain of it) that IsKubeletLabel does not allow: so `node-role.kubernetes.io/worker` stops kubelet.
 */

/** Namespaces kubelet guards: a key whose prefix is one of these or ends in "." + one of these. */
export const GUARDED_NAMESPACES: readonly string[] = ['kubernetes.io', 'k8s.io'];

/** The keys in guarded namespaces that kubelet sets itself (kubeletLabels). */
export const KUBELET_LABELS: readonly string[] = [
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
];

/** The namespaces kubelet may use freely (kubeletLabelNamespaces): the namespace or a subdomain of it. */
export const KUBELET_LABEL_NAMESPACES: readonly string[] = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

const inNamespace = (namespace: string, allowed: string) => namespace === allowed || namespace.endsWith(`.${allowed}`);

/** True when kubelet accepts this key in `--node-labels` (IsKubeletLabel, or a key outside the guarded namespaces). */
export function kubeletMaySetLabel(key: string): boolean {
  const slash = key.indexOf('/');
  const namespace = slash < 0 ? '' : key.slice(0, slash);
  if (!GUARDED_NAMESPACES.some((n) => inNamespace(namespace, n))) return true;
  if (KUBELET_LABELS.includes(key)) return true;
  return KUBELET_LABEL_NAMESPACES.some((n) => inNamespace(namespace, n));
}

/** The sentence users see when a key is refused. */
export const KUBELET_LABEL_RULE =
  'a label kubelet may set: in the kubernetes.io and k8s.io namespaces only kubernetes.io/hostname, kubernetes.io/os, ' +
  'kubernetes.io/arch, topology.kubernetes.io/zone and region, node.kubernetes.io/instance-type, their beta forms, and ' +
  'keys under node.kubernetes.io/ or kubelet.kubernetes.io/ (set node-role.kubernetes.io/* with kubectl label after the join)';
