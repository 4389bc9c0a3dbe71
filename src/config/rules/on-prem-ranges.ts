import { overlaps } from '../cidr';
import { NamedRange, relation } from './context';
import { Rule } from './rule';

export const onPremRanges: Rule = {
  name: 'on-prem-ranges',
  description: 'on-premises node, pod and service ranges overlap neither each other nor cloud.vpcCidr: routes across CEN would be ambiguous',
  check(ctx) {
    const vpc = ctx.rangeAt(['cloud', 'vpcCidr']);
    const onPrem = (['nodeCidr', 'podCidr', 'serviceCidr'] as const).map((key) => ctx.rangeAt(['onPrem', key])).filter((r): r is NamedRange => r !== undefined);
    for (const [i, range] of onPrem.entries()) {
      for (const earlier of onPrem.slice(0, i)) {
        if (overlaps(range.cidr, earlier.cidr)) {
          ctx.report(
            range.path,
            `"${range.cidr.canonical}", which ${relation(range.cidr, earlier.cidr)} ${ctx.named(earlier)}`,
            'on-premises node, pod and service ranges that do not overlap each other',
          );
        }
      }
      if (vpc && overlaps(range.cidr, vpc.cidr)) {
        ctx.report(
          range.path,
          `"${range.cidr.canonical}", which ${relation(range.cidr, vpc.cidr)} ${ctx.named(vpc)}`,
          'an on-premises range outside cloud.vpcCidr: pick a range the VPC does not use, or a smaller VPC range',
        );
      }
    }
  },
};
