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
  /** @default 5 */
  readonly maxPoolSize?: number;
  /** @default 0 */
  readonly minPoolSize?: number;
  /** @default 'ordered' */
  readonly vswitchSelectionPolicy?: 'ordered' | 'random';
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

    const vswitches: Record<string, string[]> = {};
    for (const vsw of props.podVSwitches) (vswitches[vsw.zone] ??= []).push(vsw.id);
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
  }
}

function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
