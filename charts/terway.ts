import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { withApplyPolicy } from './apply-policy';

export interface TerwayChartProps extends ChartProps {
  /** ACK cluster ID: Terway tags the ENIs it creates with it (`eni_tags`). */
  readonly clusterId: string;
  /** The cluster's service range, which Terway routes through the host. */
  readonly serviceCidr: string;
  /** Pod vSwitches in order of preference; the order matters under the `ordered` policy. */
  readonly podVSwitches: readonly { readonly id: string; readonly zone: string }[];
  /** Security groups for the ENIs Terway creates (at most 10). */
  readonly securityGroupIds: readonly string[];
  /** Most idle pod IPs Terway keeps per node. @default 5 */
  readonly maxPoolSize?: number;
  /** Fewest idle pod IPs Terway keeps per node. @default 0 */
  readonly minPoolSize?: number;
  /** How Terway picks among the pod vSwitches of a zone. @default 'ordered' */
  readonly vswitchSelectionPolicy?: 'ordered' | 'random';
  /**
   * Node pools; each one whose pod vSwitches or security groups differ from the cluster's gets its own
   * `eni-config-<pool>` ConfigMap.
   * @default []
   */
  readonly nodePools?: readonly NodePoolTerwaySettings[];
}

/** What of a node pool Terway cares about; unset fields are the cluster's. */
export interface NodePoolTerwaySettings {
  /** DNS label, unique per cluster: the ConfigMap is `eni-config-<name>`. */
  readonly name: string;
  /** @default the cluster's pod vSwitches */
  readonly podVSwitches?: readonly { readonly id: string; readonly zone: string }[];
  /** @default the cluster's security groups */
  readonly securityGroupIds?: readonly string[];
}

/**
 * The keys of a pool's eni_conf: an RFC 7396 merge patch that Terway applies over the cluster's eni_conf
 * on nodes labelled `terway-config: eni-config-<pool>`.
 */
export interface EniConfPatch {
  /** Per zone: objects merge key by key, so a zone of the cluster's that the pool does not use is set to null. */
  readonly vswitches?: Readonly<Record<string, readonly string[] | null>>;
  /** Arrays are replaced whole. */
  readonly security_groups?: readonly string[];
}

/** The part of the eni-config ConfigMap that this chart sets; Terway ignores keys it does not know. */
export interface EniConf {
  readonly version: '1';
  readonly max_pool_size: number;
  readonly min_pool_size: number;
  readonly vswitches: Readonly<Record<string, readonly string[]>>;
  readonly eni_tags: Readonly<Record<string, string>>;
  readonly service_cidr: string;
  readonly security_groups: readonly string[];
  readonly vswitch_selection_policy: 'ordered' | 'random';
}

/** The CNI configuration the terway-eniip add-on writes to /etc/cni/net.d on cloud nodes. */
export const TERWAY_CNI_CONF = { cniVersion: '0.4.0', name: 'terway', type: 'terway' } as const;

/**
 * Guide step 5: `kube-system/eni-config`. It carries no credential: Terway ≥ 1.8 in registered clusters
 * reads its AccessKey from the Secret `kube-system/alibaba-addon-secret`, which wins over eni_conf's
 * access_key/access_secret, so those keys are left out altogether.
 *
 * The L1 `KubeConfigMap` is used rather than cdk8s-plus's ConfigMap, which adds `immutable: false`: the
 * add-on owns this object, and a field we do not need is a field we would fight its owner over.
 */
export class TerwayChart extends Chart {
  readonly eniConf: EniConf;

  constructor(scope: Construct, id: string, props: TerwayChartProps) {
    super(scope, id, props);
    const maxPoolSize = props.maxPoolSize ?? 5;
    const minPoolSize = props.minPoolSize ?? 0;
    if (!(Number.isInteger(minPoolSize) && minPoolSize >= 0 && minPoolSize <= maxPoolSize)) {
      throw new Error(`minPoolSize must be between 0 and maxPoolSize (${maxPoolSize}), got ${minPoolSize}`);
    }
    if (props.podVSwitches.length === 0) throw new Error('at least one pod vSwitch is required');
    if (props.securityGroupIds.length === 0 || props.securityGroupIds.length > 10) {
      throw new Error(`between 1 and 10 security groups are required, got ${props.securityGroupIds.length}`);
    }

    const vswitches = vSwitchesByZone(props.podVSwitches);
    this.eniConf = {
      version: '1',
      max_pool_size: maxPoolSize,
      min_pool_size: minPoolSize,
      vswitches,
      eni_tags: { 'ack.aliyun.com': props.clusterId },
      service_cidr: props.serviceCidr,
      security_groups: [...props.securityGroupIds],
      vswitch_selection_policy: props.vswitchSelectionPolicy ?? 'ordered',
    };

    withApplyPolicy(
      new k8s.KubeConfigMap(this, 'eni-config', {
        metadata: { name: 'eni-config', namespace: 'kube-system' },
        data: {
          'eni_conf': prettyJson(this.eniConf),
          '10-terway.conf': prettyJson(TERWAY_CNI_CONF),
        },
      }),
      'shell',
    );

    const poolConfigs = new Map<string, string>();
    const seen = new Set<string>();
    for (const pool of props.nodePools ?? []) {
      if (pool.podVSwitches?.length === 0) throw new Error(`node pool ${pool.name}: at least one pod vSwitch is required when podVSwitches is set`);
      if (pool.securityGroupIds !== undefined && (pool.securityGroupIds.length === 0 || pool.securityGroupIds.length > 10)) {
        throw new Error(`node pool ${pool.name}: between 1 and 10 security groups are required, got ${pool.securityGroupIds.length}`);
      }
      if (seen.has(pool.name)) throw new Error(`node pool ${pool.name}: pool names must be unique`);
      seen.add(pool.name);
      const patch = eniConfPatch(this.eniConf, pool);
      if (patch === undefined) continue;
      const name = poolEniConfigName(pool.name);
      poolConfigs.set(pool.name, name);
      // Ours alone, but nodes of the pool fall back to the cluster's vSwitches without it: never pruned or deleted.
      withApplyPolicy(
        new k8s.KubeConfigMap(this, name, {
          metadata: { name, namespace: 'kube-system' },
          data: { eni_conf: prettyJson(patch) },
        }),
        'retain',
      );
    }
    this.poolConfigs = poolConfigs;
  }

  /** Pool name → the name of its own ConfigMap, for pools that need one. */
  readonly poolConfigs: ReadonlyMap<string, string>;
}

export function poolEniConfigName(pool: string): string {
  return `eni-config-${pool}`;
}

/**
 * Only what the pool changes, so that a later change to the cluster's other settings reaches the pool's
 * nodes too. Undefined when the pool needs nothing of its own.
 */
export function eniConfPatch(base: Pick<EniConf, 'vswitches' | 'security_groups'>, pool: NodePoolTerwaySettings): EniConfPatch | undefined {
  const patch: { vswitches?: Record<string, readonly string[] | null>; security_groups?: readonly string[] } = {};
  if (pool.podVSwitches !== undefined) {
    const wanted = vSwitchesByZone(pool.podVSwitches);
    const zones: Record<string, readonly string[] | null> = {};
    for (const [zone, ids] of Object.entries(wanted)) {
      if (!sameList(base.vswitches[zone], ids)) zones[zone] = ids;
    }
    for (const zone of Object.keys(base.vswitches)) if (!(zone in wanted)) zones[zone] = null;
    if (Object.keys(zones).length > 0) patch.vswitches = zones;
  }
  if (pool.securityGroupIds !== undefined && !sameList(base.security_groups, pool.securityGroupIds)) {
    patch.security_groups = [...pool.securityGroupIds];
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export function vSwitchesByZone(vSwitches: readonly { readonly id: string; readonly zone: string }[]): Record<string, string[]> {
  const byZone: Record<string, string[]> = {};
  for (const vsw of vSwitches) (byZone[vsw.zone] ??= []).push(vsw.id);
  return byZone;
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((item, i) => item === b[i]);
}

function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
