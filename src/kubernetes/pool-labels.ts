/**
 * The labels a node pool's nodes carry, for the RUNBOOK (set them in the console) and the cloud code (the node
 * pool's `labels`): the file's own, and `terway-config` when the pool has its own Terway configuration.
 */
import { eniConfPatch, poolEniConfigName, vSwitchesByZone } from '../../charts/terway';
import { TERWAY_CONFIG_LABEL } from '../config/plan';
import { ClusterSpec, NodePoolSpec } from '../config/schema';
import { compareStrings } from '../config/text';

/** The pool's own Terway ConfigMap, when its pod vSwitches or security groups differ from the cluster's. */
export function poolEniConfig(spec: ClusterSpec, pool: NodePoolSpec): string | undefined {
  const base = { vswitches: vSwitchesByZone(spec.cloud.podVSwitches), security_groups: spec.cloud.securityGroupIds };
  return eniConfPatch(base, pool) !== undefined ? poolEniConfigName(pool.name) : undefined;
}

/** The labels a pool's nodes get: the file's, and `terway-config` when the pool has its own Terway configuration. */
export function poolNodeLabels(spec: ClusterSpec, pool: NodePoolSpec): [string, string][] {
  const labels = Object.entries(pool.labels);
  const eniConfig = poolEniConfig(spec, pool);
  if (eniConfig !== undefined) labels.push([TERWAY_CONFIG_LABEL, eniConfig]);
  return labels.sort(([a], [b]) => compareStrings(a, b));
}
