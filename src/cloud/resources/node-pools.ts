/**
 * `node-pools.tf.json`: one `alicloud_cs_kubernetes_node_pool` per pool of the cluster file, and the default pool
 * on `cloud.nodeVSwitches` when `terraform.defaultPoolInstances` is set. Named after the pool (`pool_<name>`),
 * sorted by name: adding a pool adds one block and renames none.
 *
 * Labels, taints, vSwitches and security groups are those the RUNBOOK has always listed for the console
 * (poolNodeLabels): ACK passes labels and taints to the node script in ALIBABA_CLOUD_LABELS/_TAINTS.
 */
import { compareStrings } from '../../config/text';
import { InstancesSpec, NODE_IMAGE_TYPES, TaintSpec, VSwitchSpec } from '../../config/schema';
import { poolNodeLabels } from '../../kubernetes/pool-labels';
import { ADDRESSES, CloudContext, registeredClusterId } from './context';
import { addressText, block, identifier, Json, JsonObject, mergeFiles, ref, resourceAddress, TerraformFile } from '../terraform/json';

/** The default pool's name in ACK: the cluster's, so two clusters' default pools are told apart in the console. */
export function defaultPoolName(clusterName: string): string {
  return `${clusterName}-default`;
}

export function nodePoolsFile(ctx: CloudContext): TerraformFile {
  const { spec } = ctx;
  const blocks = [...spec.nodePools]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((pool) => {
      // Refused at validate when missing (rules/terraform.ts).
      if (pool.instances === undefined) throw new Error(`ack-hybrid bug: node pool ${pool.name} has no instances`);
      return block(
        resourceAddress('alicloud_cs_kubernetes_node_pool', identifier('pool', pool.name)),
        nodePool(ctx, {
          name: pool.name,
          vSwitches: pool.nodeVSwitches,
          securityGroupIds: pool.securityGroupIds ?? spec.cloud.securityGroupIds,
          labels: poolNodeLabels(spec, pool),
          taints: pool.taints,
          instances: pool.instances,
        }),
      );
    });
  const defaults = ctx.terraform.defaultPoolInstances;
  if (defaults !== undefined) {
    const pool = {
      name: defaultPoolName(spec.name),
      vSwitches: spec.cloud.nodeVSwitches,
      securityGroupIds: spec.cloud.securityGroupIds,
      labels: [],
      taints: [],
    };
    blocks.unshift(block(resourceAddress('alicloud_cs_kubernetes_node_pool', 'default_pool'), nodePool(ctx, { ...pool, instances: defaults })));
  }
  return mergeFiles(blocks);
}

interface PoolInput {
  readonly name: string;
  readonly vSwitches: readonly VSwitchSpec[];
  readonly securityGroupIds: readonly string[];
  readonly labels: readonly (readonly [string, string])[];
  readonly taints: readonly TaintSpec[];
  readonly instances: InstancesSpec;
}

function nodePool(ctx: CloudContext, pool: PoolInput): JsonObject {
  const { instances } = pool;
  const body: Record<string, Json> = {
    cluster_id: registeredClusterId(),
    node_pool_name: pool.name,
    vswitch_ids: pool.vSwitches.map((v) => v.id),
    instance_types: [...instances.types],
    security_group_ids: [...pool.securityGroupIds],
    image_type: instances.imageType ?? NODE_IMAGE_TYPES[ctx.spec.nodeInit.os][0],
  };
  if (instances.imageId !== undefined) body.image_id = instances.imageId;
  body.system_disk_category = instances.systemDiskCategory;
  body.system_disk_size = instances.systemDiskSize;
  // The role that reads the join token: without it a new node cannot join.
  body.ram_role_name = ref(ADDRESSES.nodeRole, 'role_name');
  // desired_size is a string in the provider's schema (TypeString), unlike the sizes of scaling_config.
  if (instances.size.mode === 'fixed') body.desired_size = String(instances.size.nodes);
  else body.scaling_config = { enable: true, min_size: instances.size.min, max_size: instances.size.max };
  if (pool.labels.length > 0) body.labels = pool.labels.map(([key, value]) => ({ key, value }));
  if (pool.taints.length > 0)
    body.taints = pool.taints.map((t): JsonObject =>
      t.value === undefined ? { key: t.key, effect: t.effect } : { key: t.key, value: t.value, effect: t.effect },
    );
  // The pool's nodes fetch the script and read the token at boot: both must be in place first.
  body.depends_on = [addressText(ADDRESSES.scriptObject), addressText(ADDRESSES.nodeRoleAttachment)];
  return body;
}
