/**
 * `security-groups.tf.json`: what the cloud nodes' security groups must let in from the data centre, for every
 * group the cluster or a pool names (nodes and Terway's pod ENIs both use them).
 *
 * Kubernetes' network model asks that pods reach all pods without NAT, and that agents on a node (the API
 * server's webhooks and aggregated APIs, kubelet probes) reach every pod on it, on any port ("Cluster Networking",
 * https://kubernetes.io/docs/concepts/cluster-administration/networking/); the control plane also reaches
 * kubelet on 10250/TCP ("Ports and Protocols", https://kubernetes.io/docs/reference/networking/ports-and-protocols/).
 * Pod ENIs take any port a pod listens on, so both on-premises ranges are let in on every protocol; NetworkPolicy
 * (enforced on cloud nodes by Terway, docs/network-policy.md) is where pod traffic is narrowed. No CNI traffic
 * crosses the link: Calico does not run on cloud nodes, and pod addresses are routed, not encapsulated.
 */
import { allSecurityGroups } from '../../artifacts/runbook';
import { CloudContext, described } from './context';
import { block, identifier, mergeFiles, resourceAddress, TerraformFile } from '../terraform/json';

export function securityGroupsFile(ctx: CloudContext): TerraformFile {
  const { spec } = ctx;
  const groups = allSecurityGroups(spec);
  const sources = [
    { name: 'onprem_nodes', cidr: spec.onPrem.nodeCidr, why: 'on-premises nodes and control plane' },
    { name: 'onprem_pods', cidr: spec.onPrem.podCidr, why: 'on-premises pods' },
  ];
  return mergeFiles(
    groups.flatMap((group) =>
      sources.map((source) =>
        block(resourceAddress('alicloud_security_group_rule', identifier(group, source.name)), {
          type: 'ingress',
          ip_protocol: 'all',
          port_range: '-1/-1',
          security_group_id: group,
          cidr_ip: source.cidr,
          nic_type: 'intranet',
          policy: 'accept',
          priority: 1,
          description: described(`all traffic from ${source.why}`, ctx),
        }),
      ),
    ),
  );
}
