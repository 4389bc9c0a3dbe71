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
      groups.forEach((id, i) => {
        const first = groups.indexOf(id);
        if (typeof id === 'string' && first < i) {
          const earlier = [...list, first];
          ctx.report([...list, i], `${describeValue(id)}, already at ${fieldPath(earlier)} (${ctx.at(earlier)})`, 'each security group once');
        }
      });
    }
  },
};
