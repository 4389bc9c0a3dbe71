/**
 * Terway takes a node's pod addresses only from the pod vSwitches listed for the node's own zone
 * (AliyunContainerService/terway v1.17.5, pkg/eni/node_reconcile.go: `for k, v := range eniConfig.VSwitches
 * { if k == node.Spec.NodeMetadata.ZoneID ...}`). With none there, the ECS path falls back to the node's own
 * vSwitch from instance metadata ("if user forget to set vsw"), so pods silently take node addresses that
 * no CEN route for pods covers; the EFLO path fails with "failed to get vsw for zone". Either way, a node
 * zone needs a pod vSwitch.
 */
import { zoneInRegion } from '../formats';
import { fieldPath } from '../describe';
import { listAt, Path, regionAt, RuleContext, vSwitchesAt } from './context';
import { Rule } from './rule';

export const podVSwitchZones: Rule = {
  name: 'pod-vswitch-zones',
  description: "every zone with node vSwitches (the cluster's, or a pool's) has a pod vSwitch among the pod vSwitches those nodes use",
  check(ctx) {
    checkZones(ctx, ['cloud', 'nodeVSwitches'], ['cloud', 'podVSwitches']);
    listAt(ctx.data, ['nodePools']).forEach((pool, i) => {
      const own = listAt(pool, ['podVSwitches']).length > 0;
      checkZones(ctx, ['nodePools', i, 'nodeVSwitches'], own ? ['nodePools', i, 'podVSwitches'] : ['cloud', 'podVSwitches']);
    });
  },
};

function checkZones(ctx: RuleContext, nodeList: Path, podList: Path): void {
  const pods = vSwitchesAt(ctx, podList);
  // A pod list with a malformed zone says nothing reliable about zones: the shape check reports it.
  if (pods.length === 0 || pods.some((p) => p.zone === undefined)) return;
  const podZones = new Set(pods.map((p) => p.zone));
  const region = regionAt(ctx.data);
  // A zone outside the region is reported by the vswitches rule; it needs no pod vSwitch, but a fix.
  const inRegion = (zone: string) => region === undefined || zoneInRegion(zone, region);
  // A pod vSwitch in a zone outside the region is reported by the vswitches rule: its fix changes the zones.
  if (pods.some((p) => !inRegion(p.zone!))) return;
  const reported = new Set<string>();
  for (const node of vSwitchesAt(ctx, nodeList)) {
    if (node.zone === undefined || !inRegion(node.zone) || podZones.has(node.zone) || reported.has(node.zone)) continue;
    reported.add(node.zone);
    ctx.report(
      [...node.path, 'zone'],
      `"${node.zone}", a zone with no pod vSwitch in ${fieldPath(podList)} (${ctx.at(podList)}), which has ${[...podZones].join(', ')}`,
      `a pod vSwitch in zone ${node.zone} in ${fieldPath(podList)}: Terway takes pod addresses only from pod vSwitches of the node's zone`,
    );
  }
}
