import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { addChartObjects, chartObject, ChartObject } from './chart-objects';
import { PropsCheck } from './props';
import { HTTPS_URL } from '../src/config/formats';

export interface AckAgentChartProps extends ChartProps {
  /** Where cloud nodes download the node-init script: `addNodeScriptPath`. */
  readonly scriptUrl: string;
}

/**
 * Guide step 6b: point the registration agent at the node-init script. The agent owns every other key
 * of `kube-system/ack-agent-config`; this object carries only ours, to be merged, never to replace.
 * Nodes download the script from this URL as soon as it is applied, so the RUNBOOK publishes the script
 * (step id `publish-script`) before GitOps applies this (step id `apply`).
 */
export class AckAgentChart extends Chart {
  constructor(scope: Construct, id: string, props: AckAgentChartProps) {
    super(scope, id, props);
    addChartObjects(this, ackAgentObjects(props, id));
  }
}

/** The objects of an {@link AckAgentChart} with id `id`, its props checked. */
export function ackAgentObjects(props: AckAgentChartProps, id = 'ack-agent'): ChartObject[] {
  new PropsCheck(`AckAgentChart ${id}`).format('scriptUrl', props.scriptUrl, HTTPS_URL);
  return [
    chartObject(
      'ack-agent-config',
      k8s.KubeConfigMap.manifest({
        metadata: { name: 'ack-agent-config', namespace: 'kube-system' },
        data: { addNodeScriptPath: props.scriptUrl },
      }),
      'shell',
    ),
  ];
}
