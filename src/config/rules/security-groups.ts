import { describeValue, fieldPath } from '../describe';
import { listAt } from './context';
import { Rule } from './rule';

export const securityGroups: Rule = {
  name: 'security-groups',
  description: 'each security group once per list',
  check(ctx) {
    const lists = [['cloud', 'securityGroupIds'], ...listAt(ctx.data, ['nodePools']).map((_, i) => ['nodePools', i, 'securityGroupIds'])];
    for (const list of lists) {
      const groups = listAt(ctx.data, list);
      // The first place of each ID, in one pass (indexOf per item made a long list quadratic).
      const firstOf = new Map<string, number>();
      groups.forEach((id, i) => {
        if (typeof id !== 'string') return;
        const first = firstOf.get(id) ?? i;
        if (first === i) firstOf.set(id, i);
        if (first < i) {
          const earlier = [...list, first];
          ctx.report([...list, i], `${describeValue(id)}, already at ${fieldPath(earlier)} (${ctx.at(earlier)})`, 'each security group once');
        }
      });
    }
  },
};
