import { describeValue } from '../describe';
import { valueAt } from '../source';
import { listAt } from './context';
import { Rule } from './rule';

/** The node label that makes Terway merge `eni-config-<pool>` over `eni-config`. */
export const TERWAY_CONFIG_LABEL = 'terway-config';
/** The ConfigMap of a pool with its own Terway settings, and the value of its nodes' `terway-config` label. */
export const POOL_ENI_CONFIG_PREFIX = 'eni-config-';
/** Kubernetes label values: at most 63 characters (apimachinery validation.LabelValueMaxLength). */
export const LABEL_VALUE_MAX = 63;
/** The longest pool name whose `terway-config` label value still fits. */
export const POOL_NAME_MAX_WITH_OWN_CONFIG = LABEL_VALUE_MAX - POOL_ENI_CONFIG_PREFIX.length;

export const poolNames: Rule = {
  name: 'pool-names',
  description: 'pool names are unique in a cluster, and short enough for the terway-config label value built from them',
  check(ctx) {
    const pools = listAt(ctx.data, ['nodePools']);
    // The first pool of each name, in one pass: a search per pool made a file of many pools quadratic.
    const firstOf = new Map<string, number>();
    pools.forEach((pool, i) => {
      const name = valueAt(pool, ['name']);
      if (typeof name !== 'string') return;
      const first = firstOf.get(name) ?? i;
      if (first === i) firstOf.set(name, i);
      if (first < i) {
        // Pool names become ConfigMap names (eni-config-<pool>).
        ctx.report(
          ['nodePools', i, 'name'],
          `${describeValue(name)}, already the name of nodePools[${first}] (${ctx.at(['nodePools', first, 'name'])})`,
          'a pool name used once per cluster',
        );
      }
      // Only a pool that sets its own pod vSwitches or security groups can get the label; then the node
      // would carry a value kubelet refuses, and never register.
      const ownSettings = valueAt(pool, ['podVSwitches']) !== undefined || valueAt(pool, ['securityGroupIds']) !== undefined;
      if (ownSettings && name.length > POOL_NAME_MAX_WITH_OWN_CONFIG) {
        ctx.report(
          ['nodePools', i, 'name'],
          `${describeValue(name)}, ${name.length} characters: its nodes would get the label ${TERWAY_CONFIG_LABEL}=${POOL_ENI_CONFIG_PREFIX}${name}, ${POOL_ENI_CONFIG_PREFIX.length + name.length} characters`,
          `a pool name of at most ${POOL_NAME_MAX_WITH_OWN_CONFIG} characters when the pool sets podVSwitches or securityGroupIds: label values are at most ${LABEL_VALUE_MAX}`,
        );
      }
    });
  },
};

export const poolLabels: Rule = {
  name: 'pool-labels',
  description: "the terway-config label is ack-hybrid's to set",
  check(ctx) {
    listAt(ctx.data, ['nodePools']).forEach((pool, i) => {
      const labels = valueAt(pool, ['labels']);
      if (labels !== null && typeof labels === 'object' && TERWAY_CONFIG_LABEL in labels) {
        ctx.report(
          ['nodePools', i, 'labels', TERWAY_CONFIG_LABEL],
          `the label ${JSON.stringify(TERWAY_CONFIG_LABEL)}`,
          `labels other than ${TERWAY_CONFIG_LABEL}: ack-hybrid sets it to ${POOL_ENI_CONFIG_PREFIX}<pool> when the pool needs its own Terway settings`,
        );
      }
    });
  },
};

export const poolTaints: Rule = {
  name: 'pool-taints',
  description: 'no two taints of a pool share key and effect: the API server refuses such a node',
  check(ctx) {
    listAt(ctx.data, ['nodePools']).forEach((pool, i) => {
      const taints = listAt(pool, ['taints']);
      const seen = new Map<string, number>();
      taints.forEach((taint, j) => {
        const key = valueAt(taint, ['key']);
        const effect = valueAt(taint, ['effect']);
        if (typeof key !== 'string' || typeof effect !== 'string') return;
        const id = `${key}\u0000${effect}`;
        const first = seen.get(id);
        if (first === undefined) {
          seen.set(id, j);
          return;
        }
        // Kubernetes validation (ValidateNodeSpecificAnnotations/validateNodeTaints): "taints must be unique
        // by key and effect pair"; kubelet's --register-with-taints would fail the registration.
        ctx.report(
          ['nodePools', i, 'taints', j],
          `a second taint ${describeValue(key)} with effect ${effect} (first at nodePools[${i}].taints[${first}], ${ctx.at(['nodePools', i, 'taints', first])})`,
          'taints unique by key and effect: merge the two, or give them different effects',
        );
      });
    });
  },
};
