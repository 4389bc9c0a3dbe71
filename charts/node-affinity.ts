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

/** Node affinity that keeps a workload on on-premises nodes only. */
export function onPremisesOnlyAffinity(): k8s.Affinity {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [...CLOUD_NODE_EXCLUSIONS] }],
      },
    },
  };
}
