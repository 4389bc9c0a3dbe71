import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { onPremisesOnlyAffinity } from './node-affinity';

export interface CalicoChartProps extends ChartProps {
  /**
   * How Calico was installed on-premises. `manifest`: the upstream calico.yaml, whose DaemonSet
   * `kube-system/calico-node` we patch. `operator`: the Tigera operator, which owns its DaemonSet in
   * `calico-system` and reverts direct edits, so the affinity goes through its Installation instead.
   * @default 'manifest'
   */
  readonly install?: 'manifest' | 'operator';
}

/**
 * Guide step 1: keep Calico off cloud nodes. Emits only the fields that must change (a "shell" object),
 * to be merged onto the object Calico's installer created, never to replace it.
 */
export class CalicoChart extends Chart {
  constructor(scope: Construct, id: string, props: CalicoChartProps = {}) {
    super(scope, id, props);
    const affinity = k8s.toJson_Affinity(onPremisesOnlyAffinity());
    if ((props.install ?? 'manifest') === 'manifest') {
      new ApiObject(this, 'calico-node', {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'calico-node', namespace: 'kube-system' },
        spec: { template: { spec: { affinity } } },
      });
    } else {
      new ApiObject(this, 'installation', {
        apiVersion: 'operator.tigera.io/v1',
        kind: 'Installation',
        metadata: { name: 'default' },
        spec: { calicoNodeDaemonSet: { spec: { template: { spec: { affinity } } } } },
      });
    }
  }
}
