/**
 * RUNBOOK.md: the steps GitOps cannot do, in order, from a cluster registered with ACK One to a verified
 * cloud node, with this cluster's values filled in.
 *
 * Steps are numbered here, from `RUNBOOK_STEPS`: the template writes headings with `heading(id)` and refers
 * to other steps with `ref(id)`, so no number is ever typed by hand (test/runbook.test.ts checks every
 * "step N" of the output against its headings, and every reference in docs/ against the titles).
 *
 * Every value from the cluster file goes through `codeSpan` (the template's escape) or `shellWord`
 * (markdown.ts); the join-token section (node-script's partial) is rendered on its own, as plain text.
 */
import { eniConfPatch, poolEniConfigName, vSwitchesByZone } from '../../charts/terway';
import { TERWAY_CONFIG_LABEL } from '../config/plan';
import { numberToAddress, parseCidr } from '../config/cidr';
import { compareStrings } from '../config/text';
import { ClusterSpec, VSwitchSpec } from '../config/schema';
import { bootstrapFolder, repoLocation } from '../kubernetes/gitops-files';
import { codeSpan, shellWord } from './markdown';
import { defaultOosParameterName, oosTokenParameter } from './node-init-script';
import { renderTemplate } from './templates';

/** The steps, in the order an operator does them. Titles are what docs cite ("RUNBOOK step \"…\""). */
export const RUNBOOK_STEPS = [
  { id: 'prerequisites', title: 'Check the prerequisites' },
  { id: 'routes', title: 'Route between the data centre and the VPC' },
  { id: 'ram-policy', title: 'Grant Terway its RAM permissions' },
  { id: 'access-key', title: 'Give Terway its AccessKey' },
  { id: 'terway-addon', title: 'Install the terway-eniip add-on' },
  { id: 'eni-conf', title: 'Compare eni_conf with the live one' },
  { id: 'publish-script', title: 'Publish the node-init script' },
  { id: 'apply', title: 'Apply the objects' },
  { id: 'calico-pools', title: 'Keep Calico from masquerading traffic to cloud pods' },
  { id: 'join-token', title: 'Store the join token' },
  { id: 'node-pools', title: 'Create the node pools' },
  { id: 'verify', title: 'Verify a cloud node' },
] as const;

export type StepId = (typeof RUNBOOK_STEPS)[number]['id'];

/** `## 3. Grant Terway its RAM permissions` */
export function stepHeading(id: StepId): string {
  return `## ${stepNumber(id)}. ${stepTitle(id)}`;
}

/** `step 3 "Grant Terway its RAM permissions"`: a number a reader can find, and what it is. */
export function stepRef(id: StepId): string {
  return `step ${stepNumber(id)} "${stepTitle(id)}"`;
}

function stepNumber(id: StepId): number {
  return RUNBOOK_STEPS.findIndex((s) => s.id === id) + 1;
}

function stepTitle(id: StepId): string {
  return RUNBOOK_STEPS.find((s) => s.id === id)!.title;
}

/** What the runbook says about one node pool: what to set on it in the ACK console. */
export interface RunbookPool {
  readonly name: string;
  readonly nodeVSwitches: readonly VSwitchSpec[];
  /** `key=value`, sorted; includes `terway-config` when the pool has its own Terway configuration. */
  readonly labels: readonly string[];
  /** `key=value:effect` (or `key:effect`), in file order. */
  readonly taints: readonly string[];
  /** The pool's own ConfigMap, if any. */
  readonly eniConfig?: string;
  /** The pod vSwitches its nodes use: its own, or the cluster's. */
  readonly podVSwitches: readonly VSwitchSpec[];
  /** The security groups of its nodes and of their ENIs: its own, or the cluster's. */
  readonly securityGroupIds: readonly string[];
}

/** Where the script goes in OSS, when `scriptUrl` is an OSS bucket URL (`<bucket>.oss-<region>[-internal].aliyuncs.com`). */
export interface OssLocation {
  readonly object: string;
  /** The internal endpoint resolves only inside the region's VPCs: read it back from there. */
  readonly internal: boolean;
}

export function ossLocation(scriptUrl: string): OssLocation | undefined {
  const url = new URL(scriptUrl);
  const m = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.oss-([a-z0-9-]+?)(-internal)?\.aliyuncs\.com$/.exec(url.hostname);
  if (!m || url.pathname.length <= 1 || url.search !== '') return undefined;
  const object = decodedPath(url.pathname.slice(1));
  return object === undefined ? undefined : { object: `oss://${m[1]}/${object}`, internal: m[3] !== undefined };
}

/** The object name a percent-encoded path stands for; undefined when its escapes are not UTF-8 (`%ff`), which no OSS object name is. */
function decodedPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** RAM names derived from the cluster's: a user name is at most 64 characters (RAM CreateUser). */
export function ramNames(spec: ClusterSpec): { policy: string; user: string } {
  const base = `ack-hybrid-terway-${spec.name}`;
  return { policy: base, user: base.slice(0, 64).replace(/-+$/, '') };
}

export function renderRunbook(spec: ClusterSpec, sourceFile: string): string {
  const gitops = spec.gitops && { folder: repoLocation(spec.name, spec.gitops).path, bootstrap: bootstrapFolder(spec.name, spec.gitops) };
  // node-script's partial, rendered on its own with its own (plain) output: its values are format-checked
  // IDs and names, and it must not get the code spans of this template.
  const oos = oosTokenParameter(spec);
  const joinToken = renderTemplate(
    'partials/runbook-join-token.md.ejs',
    { spec, stepRef, oos, defaultOosName: defaultOosParameterName(spec.name) },
    String,
  ).trimEnd();
  const pools = runbookPools(spec);
  const podRanges = uniqueRanges([...spec.cloud.podVSwitches, ...spec.nodePools.flatMap((p) => p.podVSwitches ?? [])]);
  const nodeRanges = uniqueRanges([...spec.cloud.nodeVSwitches, ...spec.nodePools.flatMap((p) => p.nodeVSwitches)]);
  return renderTemplate(
    'RUNBOOK.md.ejs',
    {
      spec,
      sourceFile,
      gitops,
      pools,
      joinToken,
      oos,
      podRanges,
      nodeRanges,
      // The first usable address of each pod range: what `ip route get` asks about.
      podProbes: podRanges.map((range) => firstHost(range)),
      oss: ossLocation(spec.nodeInit.scriptUrl),
      ram: ramNames(spec),
      heading: stepHeading,
      ref: stepRef,
      sh: shellWord,
      code: codeSpan,
      vswitches: (list: readonly VSwitchSpec[]) => list.map((v) => `${codeSpan(v.id)} (${codeSpan(v.zone)}, ${codeSpan(v.cidr)})`).join(', '),
      codes: (list: readonly string[]) => (list.length === 0 ? 'none' : list.map(codeSpan).join(', ')),
    },
    codeSpan,
  );
}

export function runbookPools(spec: ClusterSpec): RunbookPool[] {
  const base = { vswitches: vSwitchesByZone(spec.cloud.podVSwitches), security_groups: spec.cloud.securityGroupIds };
  return spec.nodePools.map((pool) => {
    const eniConfig = eniConfPatch(base, pool) !== undefined ? poolEniConfigName(pool.name) : undefined;
    const labels = Object.entries(pool.labels).map(([key, value]) => `${key}=${value}`);
    if (eniConfig !== undefined) labels.push(`${TERWAY_CONFIG_LABEL}=${eniConfig}`);
    return {
      name: pool.name,
      nodeVSwitches: pool.nodeVSwitches,
      labels: labels.sort(compareStrings),
      taints: pool.taints.map((t) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`),
      eniConfig,
      podVSwitches: pool.podVSwitches ?? spec.cloud.podVSwitches,
      securityGroupIds: pool.securityGroupIds ?? spec.cloud.securityGroupIds,
    };
  });
}

function firstHost(range: string): string {
  return numberToAddress(parseCidr(range)!.first + 1);
}

/** Ranges in file order, each once (one vSwitch may be listed by the cluster and a pool). */
function uniqueRanges(vSwitches: readonly VSwitchSpec[]): string[] {
  return [...new Set(vSwitches.map((v) => v.cidr))];
}
