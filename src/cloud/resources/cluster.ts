/**
 * `cluster.tf.json`: the registered cluster, looked up by its ID (`alicloud_cs_clusters`, which lists clusters of
 * every type through ACK's DescribeClustersV1). No resource registers a cluster: registration installs an agent
 * in the on-premises cluster, which stays a RUNBOOK step.
 */
import { ADDRESSES, CloudContext } from './context';
import { block, ref, TerraformFile } from '../terraform/json';

export function clusterFile(ctx: CloudContext): TerraformFile {
  return {
    ...block(ADDRESSES.registeredCluster, { cluster_id: ctx.spec.clusterId }),
    output: {
      cluster_type: {
        value: ref(ADDRESSES.registeredCluster, 'clusters[0].cluster_type'),
        description: 'ACK\'s type of the cluster: "ExternalKubernetes" for a registered one.',
      },
    },
  };
}
