/**
 * The scheduling rule the whole hybrid setup rests on: on-premises add-ons (Calico) stay off cloud
 * nodes. ACK One labels every ECS node it adds `alibabacloud.com/external=true`, and virtual-kubelet
 * nodes (ECI) carry `type=virtual-kubelet`; neither can run Calico.
 */
import * as k8s from '../imports/k8s';

export const CLOUD_NODE_EXCLUSIONS: readonly k8s.NodeSelectorRequirement[] = [
  { key: 'alibabacloud.com/external', operator: 'NotIn', values: ['true'] },
  { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
];

/** A node selector requirement or term as read from a cluster file (deeply readonly). */
export interface NodeSelectorRequirementInput {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}
export interface NodeSelectorTermInput {
  readonly matchExpressions?: readonly NodeSelectorRequirementInput[];
  readonly matchFields?: readonly NodeSelectorRequirementInput[];
}

/**
 * Node affinity that keeps a workload on on-premises nodes only.
 *
 * `existingTerms` are the node selector terms the workload already has. The term list is applied as a
 * whole (it is atomic under server-side apply and replaced by a strategic merge), so ours would drop
 * theirs; instead our two expressions are ANDed into each of their terms (terms are ORed, expressions
 * within a term ANDed), which keeps every node they allowed except cloud nodes.
 */
export function onPremisesOnlyAffinity(existingTerms: readonly NodeSelectorTermInput[] = []): k8s.Affinity {
  const terms = existingTerms.length === 0 ? [{}] : existingTerms;
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: terms.map((term) => withExclusions(term)),
      },
    },
  };
}

function withExclusions(term: NodeSelectorTermInput): k8s.NodeSelectorTerm {
  const theirs = (term.matchExpressions ?? []).filter((expression) => !CLOUD_NODE_EXCLUSIONS.some((ours) => sameRequirement(ours, expression)));
  return {
    matchExpressions: [...theirs, ...CLOUD_NODE_EXCLUSIONS].map(copyRequirement),
    ...(term.matchFields ? { matchFields: term.matchFields.map(copyRequirement) } : {}),
  };
}

function sameRequirement(a: NodeSelectorRequirementInput, b: NodeSelectorRequirementInput): boolean {
  return a.key === b.key && a.operator === b.operator && JSON.stringify(a.values ?? []) === JSON.stringify(b.values ?? []);
}

function copyRequirement(r: NodeSelectorRequirementInput): k8s.NodeSelectorRequirement {
  return { key: r.key, operator: r.operator, ...(r.values ? { values: [...r.values] } : {}) };
}
