import { eniConfPatch, poolEniConfigName, vSwitchesByZone } from '../../charts/terway';
import { TERWAY_CONFIG_LABEL } from '../config/plan';
import { compareStrings } from '../config/problems';
import { ClusterSpec } from '../config/schema';
import { bootstrapFolder, repoLocation } from '../gitops-files';
import { oosTokenParameter } from './node-init-script';
import { renderTemplate } from './templates';

/** What the runbook says about one node pool: what to set on it in the ACK console. */
export interface RunbookPool {
  readonly name: string;
  readonly nodeVSwitches: string;
  /** `key=value`, sorted; includes `terway-config` when the pool has its own Terway configuration. */
  readonly labels: readonly string[];
  /** `key=value:effect` (or `key:effect`), in file order. */
  readonly taints: readonly string[];
  /** The pool's own ConfigMap, if any. */
  readonly eniConfig?: string;
}

/**
 * RUNBOOK.md: the steps GitOps cannot do. Values are interpolated as they are: every one has passed a
 * format check (IDs, CIDRs, URLs), none can carry Markdown or a backtick.
 */
export function renderRunbook(spec: ClusterSpec, sourceFile: string): string {
  const gitops = spec.gitops && { folder: repoLocation(spec.name, spec.gitops).path, bootstrap: bootstrapFolder(spec.name, spec.gitops) };
  return renderTemplate('RUNBOOK.md.ejs', { spec, sourceFile, gitops, pools: runbookPools(spec), oos: oosTokenParameter(spec) }, asText);
}

export function runbookPools(spec: ClusterSpec): RunbookPool[] {
  const base = { vswitches: vSwitchesByZone(spec.cloud.podVSwitches), security_groups: spec.cloud.securityGroupIds };
  return spec.nodePools.map((pool) => {
    const eniConfig = eniConfPatch(base, pool) !== undefined ? poolEniConfigName(pool.name) : undefined;
    const labels = Object.entries(pool.labels).map(([key, value]) => `${key}=${value}`);
    if (eniConfig !== undefined) labels.push(`${TERWAY_CONFIG_LABEL}=${eniConfig}`);
    return {
      name: pool.name,
      nodeVSwitches: pool.nodeVSwitches.map((v) => `\`${v.id}\` (${v.zone}, ${v.cidr})`).join(', '),
      labels: labels.sort(compareStrings),
      taints: pool.taints.map((t) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`),
      eniConfig,
    };
  });
}

function asText(value: unknown): string {
  return String(value);
}
