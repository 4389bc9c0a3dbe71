import { TerwaySchema } from '../schema';
import { valueAt } from '../source';
import { Rule } from './rule';

export const poolSizes: Rule = {
  name: 'pool-sizes',
  description: 'terway.minPoolSize is at most terway.maxPoolSize: Terway would clamp it silently',
  check(ctx) {
    // Only when both sizes are valid on their own: a negative maxPoolSize is reported once, by the schema.
    const min = valueAt(ctx.data, ['terway', 'minPoolSize']);
    const max = valueAt(ctx.data, ['terway', 'maxPoolSize']) ?? 5;
    if (isPoolSize(min) && isPoolSize(max) && min > max) {
      ctx.report(['terway', 'minPoolSize'], `${min}, above terway.maxPoolSize ${max}`, 'a minPoolSize from 0 to maxPoolSize');
    }
  },
};

function isPoolSize(value: unknown): value is number {
  return TerwaySchema.shape.maxPoolSize.safeParse(value).success;
}
