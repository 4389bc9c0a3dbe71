import { contains, overlaps } from '../cidr';
import { zoneInRegion } from '../formats';
import { describeValue, fieldPath } from '../describe';
import { regionAt, relation, vSwitchesAt, vSwitchLists } from './context';
import { Rule } from './rule';

export const vSwitches: Rule = {
  name: 'vswitches',
  description: 'vSwitches lie inside cloud.vpcCidr, in zones of the region, and no two different vSwitches share addresses',
  check(ctx) {
    const region = regionAt(ctx.data);
    const vpc = ctx.rangeAt(['cloud', 'vpcCidr']);
    const all = vSwitchLists(ctx.data).flatMap((list) => vSwitchesAt(ctx, list));
    for (const [i, vsw] of all.entries()) {
      if (region !== undefined && vsw.zone !== undefined && !zoneInRegion(vsw.zone, region)) {
        ctx.report(
          [...vsw.path, 'zone'],
          `${describeValue(vsw.zone)}, a zone outside region "${region}" (${ctx.at(['region'])})`,
          `a zone of region ${region}, such as ${region}${/[0-9]$/.test(region) ? 'a' : '-a'}`,
        );
      }
      if (vsw.range && vpc && !contains(vpc.cidr, vsw.range.cidr)) {
        ctx.report(vsw.range.path, `"${vsw.range.cidr.canonical}", which is not inside ${ctx.named(vpc)}`, 'a vSwitch range inside cloud.vpcCidr');
      }
      for (const earlier of all.slice(0, i)) {
        if (vsw.id !== undefined && vsw.id === earlier.id) {
          // One vSwitch may serve nodes and pods (Terway's shared mode); it must then be described alike.
          const sameList = fieldPath(vsw.path.slice(0, -1)) === fieldPath(earlier.path.slice(0, -1));
          const alike = vsw.zone === earlier.zone && vsw.range?.cidr.canonical === earlier.range?.cidr.canonical;
          if (sameList || !alike) {
            ctx.report(
              [...vsw.path, 'id'],
              `${describeValue(vsw.id)}, already at ${fieldPath(earlier.path)} (${ctx.at(earlier.path)})${sameList ? '' : ' with another zone or range'}`,
              sameList ? 'each vSwitch once per list' : 'the same zone and range wherever one vSwitch ID appears',
            );
            break; // once per vSwitch: its other appearances say nothing new
          }
        } else if (vsw.range && earlier.range && overlaps(vsw.range.cidr, earlier.range.cidr)) {
          ctx.report(
            vsw.range.path,
            `"${vsw.range.cidr.canonical}", which ${relation(vsw.range.cidr, earlier.range.cidr)} ${ctx.named(earlier.range)}`,
            'vSwitch ranges that do not overlap: each vSwitch owns its own addresses',
          );
        }
      }
    }
  },
};
