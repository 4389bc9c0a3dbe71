/**
 * What every builder of the cloud code gets: the validated cluster, the bytes of the files the cloud code refers to,
 * and the names every builder shares (so that one object's name is spelled once).
 */
import { ClusterSpec, TerraformSpec } from '../../config/schema';
import { oosTokenParameter, OosTokenParameter } from '../../artifacts/node-init-script';
import { Address, dataAddress, ref, resourceAddress } from '../terraform/json';

export interface CloudContext {
  readonly spec: ClusterSpec;
  readonly terraform: TerraformSpec;
  /** The synthesized node-init script, byte for byte: what the OSS object must hold. */
  readonly script: string;
  /** terway-ram-policy.json, as written beside the cloud code. */
  readonly terwayPolicy: string;
  /** The OOS parameter of the join token (rules make a `terraform` section require the OOS source). */
  readonly token: OosTokenParameter;
  /** The provider alias for the OOS parameter's region, when it is not the cluster's. */
  readonly oosProvider?: string;
}

export function cloudContext(spec: ClusterSpec, script: string, terwayPolicy: string): CloudContext {
  const terraform = spec.terraform;
  const token = oosTokenParameter(spec);
  // Both are refused at validate (rules/terraform.ts): reaching here without them is a bug.
  if (terraform === undefined || token === undefined) throw new Error('ack-hybrid bug: cloud code for a cluster without terraform and an OOS token source');
  return { spec, terraform, script, terwayPolicy, token, oosProvider: token.region === spec.region ? undefined : 'oos' };
}

/** The objects more than one builder refers to. */
export const ADDRESSES = {
  terwayPolicy: resourceAddress('alicloud_ram_policy', 'terway'),
  terwayUser: resourceAddress('alicloud_ram_user', 'terway'),
  terwayUserAttachment: resourceAddress('alicloud_ram_user_policy_attachment', 'terway'),
  terwayRoleAttachment: resourceAddress('alicloud_ram_role_policy_attachment', 'terway'),
  terwayAddon: resourceAddress('alicloud_cs_kubernetes_addon', 'terway_eniip'),
  bucket: resourceAddress('alicloud_oss_bucket', 'node_init_script'),
  bucketAcl: resourceAddress('alicloud_oss_bucket_acl', 'node_init_script'),
  bucketPolicy: resourceAddress('alicloud_oss_bucket_policy', 'node_init_script'),
  scriptObject: resourceAddress('alicloud_oss_bucket_object', 'node_init_script'),
  joinToken: resourceAddress('alicloud_oos_secret_parameter', 'join_token'),
  nodeRole: resourceAddress('alicloud_ram_role', 'node'),
  nodeRolePolicy: resourceAddress('alicloud_ram_policy', 'node_join_token'),
  nodeRoleAttachment: resourceAddress('alicloud_ram_role_policy_attachment', 'node_join_token'),
  registeredCluster: dataAddress('alicloud_cs_clusters', 'registered'),
} as const satisfies Record<string, Address>;

/**
 * Terway's AccessKey with `terway.credentials.mode: cloud-managed`: one resource per key generation, so that raising
 * `keyGeneration` replaces the key (terway-ram.ts).
 */
export function terwayAccessKeyAddress(generation: number): Address {
  return resourceAddress('alicloud_ram_access_key', `terway_${generation}`);
}

/** The outputs tofu-controller writes into kube-system/alibaba-addon-secret, each with the key Terway reads. */
export const TERWAY_KEY_OUTPUTS = [
  { output: 'terway_access_key_id', secretKey: 'access-key-id' },
  { output: 'terway_access_key_secret', secretKey: 'access-key-secret' },
] as const;

/** "… (ack-hybrid, cluster idc-hangzhou)": every description says who wrote the object and for which cluster. */
export function described(what: string, ctx: CloudContext): string {
  return `${what} (ack-hybrid, cluster ${ctx.spec.name})`;
}

/** A RAM policy document, compact: RAM counts its characters against a limit (checks.ts). */
export function policyDocument(statements: readonly object[]): string {
  return JSON.stringify({ Version: '1', Statement: statements });
}

/**
 * The cluster's ID as the lookup (cluster.tf.json) found it: a plan against an account without this cluster
 * stops at the lookup ("Invalid index") before anything is created.
 */
export function registeredClusterId(): string {
  return ref(ADDRESSES.registeredCluster, 'clusters[0].cluster_id');
}
