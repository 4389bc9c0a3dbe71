import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Installation } from '../imports/tigera-installation-operator.tigera.io';
import { addChartObjects, chartObject, ChartObject } from './chart-objects';
import { PropsCheck } from './props';
import { CalicoSchema } from '../src/config/schema';
import { NodeSelectorTermInput, onPremisesOnlyAffinity } from './node-affinity';

export interface CalicoChartProps extends ChartProps {
  /**
   * How Calico was installed on-premises. `manifest`: the upstream calico.yaml, whose DaemonSet
   * `kube-system/calico-node` we patch. `operator`: the Tigera operator, which owns its DaemonSet in
   * `calico-system` and reverts direct edits, so the affinity goes through the Installation API instead.
   * @default 'manifest'
   */
  readonly install?: 'manifest' | 'operator';
  /**
   * Node selector terms calico-node already has; our cloud-node exclusions are ANDed into each.
   * @default - none: one term with only our exclusions
   */
  readonly existingNodeSelectorTerms?: readonly NodeSelectorTermInput[];
}

/** The selector and pod labels of calico-node in the upstream manifest (immutable once created). */
const CALICO_NODE_LABELS = { 'k8s-app': 'calico-node' } as const;

/**
 * Guide step 1: keep Calico off cloud nodes.
 *
 * `manifest`: a shell DaemonSet, only the fields that must change, server-side applied onto the object
 * calico.yaml created. Like Flux's CoreDNS example it keeps the selector, the pod labels and an empty
 * `containers` list: the list is keyed by name, so an empty one owns no container and removes none, and
 * the object stays one the API server can merge; created from nothing it would be refused (no container,
 * no image), so a missing calico-node fails the sync instead of appearing half-made.
 *
 * `operator`: the operator's `overlay` Installation, merged by the operator over `default`
 * (OverrideInstallationSpec), rather than a shell of `default` itself. The overlay is an object we own
 * whole, so no field of `default` is shared with whoever created it; creating it when `default` is missing
 * installs nothing (the operator acts on `default`); and losing it only loses the affinity, where a GitOps
 * tool deleting a shell `default` would uninstall Calico from every node. The affinity in the overlay
 * replaces the operator's default calico-node affinity as a whole (the operator merges `affinity` as one
 * value): list any terms you rely on in `existingNodeSelectorTerms`.
 */
export class CalicoChart extends Chart {
  constructor(scope: Construct, id: string, props: CalicoChartProps = {}) {
    super(scope, id, props);
    addChartObjects(this, calicoObjects(props, id));
  }
}

/** The objects of a {@link CalicoChart} with id `id`, its props checked. */
export function calicoObjects(props: CalicoChartProps = {}, id = 'calico'): ChartObject[] {
  const check = new PropsCheck(`CalicoChart ${id}`);
  check.oneOf('install', props.install, ['manifest', 'operator']);
  check.schema('existingNodeSelectorTerms', props.existingNodeSelectorTerms, CalicoSchema.shape.existingNodeSelectorTerms);
  const affinity = onPremisesOnlyAffinity(props.existingNodeSelectorTerms);
  if ((props.install ?? 'manifest') === 'manifest') {
    return [
      chartObject(
        'calico-node',
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'calico-node', namespace: 'kube-system' },
          spec: {
            selector: { matchLabels: { ...CALICO_NODE_LABELS } },
            template: { metadata: { labels: { ...CALICO_NODE_LABELS } }, spec: { affinity: k8s.toJson_Affinity(affinity), containers: [] } },
          },
        },
        'shell',
      ),
    ];
  }
  return [
    chartObject(
      'installation',
      Installation.manifest({
        metadata: { name: 'overlay' },
        spec: {
          calicoNodeDaemonSet: {
            spec: { template: { spec: { affinity } } },
          },
        },
      }),
      'retain',
    ),
  ];
}
