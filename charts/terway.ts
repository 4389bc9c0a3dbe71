import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { addChartObjects, chartObject, ChartObject } from './chart-objects';
import { ChartPropsError, PropsCheck } from './props';
import * as f from '../src/config/formats';

export interface TerwayChartProps extends ChartProps {
  /** ACK cluster ID: Terway tags the ENIs it creates with it (`eni_tags`). */
  readonly clusterId: string;
  /** The cluster's service range, which Terway routes through the host. */
  readonly serviceCidr: string;
  /**
   * Pod vSwitches, grouped by zone in `vswitches`. Their order does not matter: Terway picks the one with the
   * most free addresses (`ordered`) or a random one (`random`), never by list order.
   */
  readonly podVSwitches: readonly { readonly id: string; readonly zone: string }[];
  /** Security groups for the ENIs Terway creates (at most 10). */
  readonly securityGroupIds: readonly string[];
  /** Most idle pod IPs Terway keeps per node. @default 5 */
  readonly maxPoolSize?: number;
  /** Fewest idle pod IPs Terway keeps per node. @default 0 */
  readonly minPoolSize?: number;
  /**
   * `ordered`: the pod vSwitch of the node's zone with the most free addresses first; `random`: any one.
   * @default 'ordered'
   */
  readonly vswitchSelectionPolicy?: 'ordered' | 'random';
  /** Pod addresses: IPv4 only, or IPv4 and IPv6 (`ip_stack`). @default 'ipv4' */
  readonly ipStack?: 'ipv4' | 'dual';
  /** Trunk ENIs, for pods with their own ENI (`enable_eni_trunking`). @default false */
  readonly enableEniTrunking?: boolean;
  /** `crd` when terway-controlplane allocates ENIs. @default undefined (the key is left out: the daemon allocates) */
  readonly ipamType?: 'crd';
  /** A file with an encrypted add-on token inside Terway's container. @default undefined (left out) */
  readonly credentialPath?: string;
  /**
   * Whether Terway's policy container enforces NetworkPolicy on cloud nodes (`disable_network_policy`).
   * @default true
   */
  readonly enforceNetworkPolicy?: boolean;
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

/**
 * `eni_conf`, as Terway's `Config` struct reads it (json tags of AliyunContainerService/terway v1.17.5,
 * types/daemon/config.go; a copy is in test/fixtures/terway/, and a test checks every key against it).
 * Server-side apply replaces the whole string, so this is all Terway gets.
 */
export interface EniConf {
  readonly version: '1';
  readonly max_pool_size: number;
  readonly min_pool_size: number;
  readonly vswitches: Readonly<Record<string, readonly string[]>>;
  readonly eni_tags: Readonly<Record<string, string>>;
  readonly service_cidr: string;
  readonly security_groups: readonly string[];
  readonly vswitch_selection_policy: 'ordered' | 'random';
  readonly ip_stack: 'ipv4' | 'dual';
  readonly enable_eni_trunking: boolean;
  readonly ipam_type?: 'crd';
  readonly credential_path?: string;
}

/**
 * The keys of `kube-system/eni-config` this chart owns. Not `10-terway.conf`: the add-on writes it with more
 * than we would (capabilities, network_policy_provider, MTU), Terway rewrites `cniVersion` itself
 * (cmd/terway-cli/cni.go), and a server-side-applied string would replace the add-on's value whole.
 */
export const ENI_CONFIG_KEYS = ['eni_conf', 'disable_network_policy'] as const;

/** TerwayChartProps' defaults, for the check of minPoolSize against maxPoolSize and for eni_conf. */
const DEFAULT_MAX_POOL_SIZE = 5;
const DEFAULT_MIN_POOL_SIZE = 0;

/** The formats of the cluster file's fields (rule `pool-sizes` for the two sizes), as `validate` checks them. */
function checkTerwayProps(check: PropsCheck, props: TerwayChartProps): void {
  check.format('clusterId', props.clusterId, f.CLUSTER_ID);
  check.format('serviceCidr', props.serviceCidr, f.CIDR);
  const vSwitch = (v: { readonly id: string; readonly zone: string }, at: string) => {
    check.format(`${at}.id`, v.id, f.VSWITCH_ID);
    check.format(`${at}.zone`, v.zone, f.ZONE);
  };
  const securityGroup = (id: string, at: string) => check.format(at, id, f.SECURITY_GROUP_ID);
  check.list('podVSwitches', props.podVSwitches, 1, 64, vSwitch);
  check.list('securityGroupIds', props.securityGroupIds, 1, 10, securityGroup);
  check.integer('maxPoolSize', props.maxPoolSize, 0, 1000);
  check.integer('minPoolSize', props.minPoolSize, 0, props.maxPoolSize ?? DEFAULT_MAX_POOL_SIZE);
  check.oneOf('vswitchSelectionPolicy', props.vswitchSelectionPolicy, ['ordered', 'random']);
  check.oneOf('ipStack', props.ipStack, ['ipv4', 'dual']);
  check.oneOf('ipamType', props.ipamType, ['crd']);
  check.format('credentialPath', props.credentialPath, f.TERWAY_FILE_PATH);
  check.list('nodePools', props.nodePools, 0, 100, (pool, at) => {
    check.format(`${at}.name`, pool.name, f.DNS_LABEL);
    check.list(`${at}.podVSwitches`, pool.podVSwitches, 1, 64, vSwitch);
    check.list(`${at}.securityGroupIds`, pool.securityGroupIds, 1, 10, securityGroup);
  });
}

/**
 * Guide step 5: `kube-system/eni-config`, its keys `eni_conf` and `disable_network_policy` only. It carries no credential: Terway ≥ 1.8 in registered clusters
 * reads its AccessKey from the Secret `kube-system/alibaba-addon-secret`, which wins over eni_conf's
 * access_key/access_secret, so those keys are left out altogether.
 *
 * The L1 `KubeConfigMap` is used rather than cdk8s-plus's ConfigMap, which adds `immutable: false`: the
 * add-on owns this object, and a field we do not need is a field we would fight its owner over.
 */
export class TerwayChart extends Chart {
  /** The cluster's eni_conf, as the ConfigMap holds it. */
  readonly eniConf: EniConf;
  /** Pool name → the name of its own ConfigMap, for pools that need one. */
  readonly poolConfigs: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: TerwayChartProps) {
    super(scope, id, props);
    const terway = terwayObjects(props, id);
    this.eniConf = terway.eniConf;
    this.poolConfigs = terway.poolConfigs;
    addChartObjects(this, terway.objects);
  }
}

/** What a {@link TerwayChart} makes: its objects, and the eni_conf and pool ConfigMaps they hold. */
export interface TerwayObjects {
  readonly objects: readonly ChartObject[];
  readonly eniConf: EniConf;
  readonly poolConfigs: ReadonlyMap<string, string>;
}

/** The objects of a {@link TerwayChart} with id `id`, its props checked. */
export function terwayObjects(props: TerwayChartProps, id = 'terway'): TerwayObjects {
  checkTerwayProps(new PropsCheck(`TerwayChart ${id}`), props);
  const maxPoolSize = props.maxPoolSize ?? DEFAULT_MAX_POOL_SIZE;
  const minPoolSize = props.minPoolSize ?? DEFAULT_MIN_POOL_SIZE;

  const vswitches = vSwitchesByZone(props.podVSwitches);
  const eniConf: EniConf = {
    version: '1',
    max_pool_size: maxPoolSize,
    min_pool_size: minPoolSize,
    vswitches,
    eni_tags: { 'ack.aliyun.com': props.clusterId },
    service_cidr: props.serviceCidr,
    security_groups: [...props.securityGroupIds],
    vswitch_selection_policy: props.vswitchSelectionPolicy ?? 'ordered',
    ip_stack: props.ipStack ?? 'ipv4',
    enable_eni_trunking: props.enableEniTrunking ?? false,
    ...(props.ipamType === undefined ? {} : { ipam_type: props.ipamType }),
    ...(props.credentialPath === undefined ? {} : { credential_path: props.credentialPath }),
  };

  const objects = [
    chartObject(
      'eni-config',
      k8s.KubeConfigMap.manifest({
        metadata: { name: 'eni-config', namespace: 'kube-system' },
        data: {
          eni_conf: prettyJson(eniConf),
          // Read by terway-cli (cmd/terway-cli/common.go): "false", "0" or "" enforce, anything else disables;
          // a missing key enforces too. Written always, so the choice is visible in the diff.
          disable_network_policy: props.enforceNetworkPolicy === false ? 'true' : 'false',
        },
      }),
      'shell',
    ),
  ];

  const poolConfigs = new Map<string, string>();
  const seen = new Set<string>();
  for (const [i, pool] of (props.nodePools ?? []).entries()) {
    if (seen.has(pool.name)) throw new ChartPropsError(`TerwayChart ${id}`, `nodePools[${i}].name`, pool.name, 'a name no other pool of the chart has');
    seen.add(pool.name);
    const patch = eniConfPatch(eniConf, pool);
    if (patch === undefined) continue;
    const name = poolEniConfigName(pool.name);
    poolConfigs.set(pool.name, name);
    // Ours alone, but nodes of the pool fall back to the cluster's vSwitches without it: never pruned or deleted.
    objects.push(
      chartObject(
        name,
        k8s.KubeConfigMap.manifest({
          metadata: { name, namespace: 'kube-system' },
          data: { eni_conf: prettyJson(patch) },
        }),
        'retain',
      ),
    );
  }
  return { objects, eniConf, poolConfigs };
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
