/**
 * The cluster file, in one place. `ClusterFile` (what users write) and `ClusterSpec` (what charts get,
 * defaults applied) are both derived from this schema; nothing else declares the shape.
 *
 * Every leaf carries its "allowed" sentence with `.describe()`, so an error can say what is allowed
 * (see problems.ts). Cross-field rules (zones of the region, the network plan, pool sizes) live in plan.ts.
 */
import { z } from 'zod';
import * as f from './formats';

function formatted(format: f.Format): z.ZodString {
  return z
    .string()
    .superRefine((value, ctx) => {
      if (!format.test(value)) ctx.addIssue({ code: 'custom', message: format.allowed, params: { hint: format.hint?.(value) } });
    })
    .describe(format.allowed);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).describe(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

function integer(min: number, max: number) {
  return z.int().min(min).max(max).describe(`a whole number from ${min} to ${max}`);
}

const VSwitch = z
  .strictObject({
    id: formatted(f.VSWITCH_ID),
    zone: formatted(f.ZONE),
    cidr: formatted(f.CIDR),
  })
  .describe('a vSwitch: { id, zone, cidr }');

const vSwitchList = (role: string) =>
  z.array(VSwitch).min(1).max(64).describe(`a list of 1 to 64 vSwitches ${role}`);

export const CalicoSchema = z
  .strictObject({
    /** How Calico was installed on-premises: decides which object carries the node affinity. */
    install: oneOf(['manifest', 'operator'] as const).default('manifest'),
  })
  .describe('Calico settings: { install }');

export const OnPremSchema = z
  .strictObject({
    apiServerEndpoint: formatted(f.HOST_PORT),
    nodeCidr: formatted(f.CIDR),
    podCidr: formatted(f.CIDR),
    serviceCidr: formatted(f.CIDR),
    calico: CalicoSchema.prefault({}),
  })
  .describe('the on-premises cluster: { apiServerEndpoint, nodeCidr, podCidr, serviceCidr, calico }');

export const CloudSchema = z
  .strictObject({
    vpcCidr: formatted(f.CIDR),
    nodeVSwitches: vSwitchList('where the node pool puts ECS nodes'),
    podVSwitches: vSwitchList('from which Terway takes pod addresses'),
    securityGroupIds: z
      .array(formatted(f.SECURITY_GROUP_ID))
      .min(1)
      .max(10)
      .describe('a list of 1 to 10 security group IDs (Terway accepts at most 10)'),
  })
  .describe('the cloud side: { vpcCidr, nodeVSwitches, podVSwitches, securityGroupIds }');

export const TerwaySchema = z
  .strictObject({
    maxPoolSize: integer(0, 1000).default(5),
    minPoolSize: integer(0, 1000).default(0),
    vswitchSelectionPolicy: oneOf(['ordered', 'random'] as const).default('ordered'),
  })
  .describe('Terway settings: { maxPoolSize, minPoolSize, vswitchSelectionPolicy }');

export const JoinSchema = z
  .strictObject({
    caCertHash: formatted(f.SHA256_HASH),
  })
  .describe('how nodes join: { caCertHash }');

export const NodeInitSchema = z
  .strictObject({
    kubernetesVersion: formatted(f.KUBERNETES_VERSION),
    os: oneOf(['rpm', 'deb'] as const).default('rpm'),
    scriptUrl: formatted(f.HTTPS_URL),
    join: JoinSchema,
  })
  .describe('the node-init script: { kubernetesVersion, os, scriptUrl, join }');

export const ClusterFileSchema = z
  .strictObject({
    name: formatted(f.DNS_LABEL),
    clusterId: formatted(f.CLUSTER_ID),
    region: formatted(f.REGION),
    onPrem: OnPremSchema,
    cloud: CloudSchema,
    terway: TerwaySchema.prefault({}),
    nodeInit: NodeInitSchema,
  })
  .describe('a cluster file: { name, clusterId, region, onPrem, cloud, terway, nodeInit }');

/** What a user may write: defaulted fields are optional. */
export type ClusterFile = z.input<typeof ClusterFileSchema>;

/** What charts and templates get: validated, defaults applied, frozen. */
export type ClusterSpec = DeepReadonly<z.output<typeof ClusterFileSchema>>;
export type VSwitchSpec = ClusterSpec['cloud']['podVSwitches'][number];

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
