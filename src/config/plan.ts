/**
 * Rules that span fields (the network plan, zones of the region, pool sizes, unique IDs): each a named
 * function in src/config/rules/, listed in its registry. This module runs them all on one file.
 */
import { Problem } from './problems';
import { RULES } from './rules';
import { ruleContext } from './rules/context';
import { ParsedSource } from './source';

export { TERWAY_CONFIG_LABEL } from './rules/node-pools';

export function checkPlan(source: ParsedSource): Problem[] {
  const problems: Problem[] = [];
  const ctx = ruleContext(source, problems);
  for (const rule of RULES) rule.check(ctx);
  return problems;
}
