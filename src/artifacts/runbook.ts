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
import { numberToAddress, parseCidr } from '../config/cidr';
import { parseOssUrl } from '../config/oss-url';
import { vpcReadPolicy } from '../cloud/resources/node-init-script';
import { defaultPoolName } from '../cloud/resources/node-pools';
import { providerSchema } from '../cloud/terraform/provider-schema';
import { ClusterSpec, RotatingJoinTokenSpec, VSwitchSpec } from '../config/schema';
import { compareStrings } from '../config/text';
import { poolEniConfig, poolNodeLabels } from '../kubernetes/pool-labels';
import { bootstrapFolder, repoLocation } from '../kubernetes/gitops-files';
import { TOFU_FOLDER, tofuControllerProps, tofuRunner } from '../kubernetes/tofu-controller';
import { CLOUD_FOLDER } from '../cloud';
import { JOIN_TOKEN_FOLDER } from '../cloud/join-token-module';
import { codeSpan, shellWord } from './markdown';
import { defaultOosParameterName, oosTokenParameter } from './node-init-script';
import { renderTemplate } from './templates';

/** Every step a RUNBOOK may have. Titles are what docs cite ("RUNBOOK step \"…\""). */
export const RUNBOOK_STEPS = [
  { id: 'prerequisites', title: 'Check the prerequisites' },
  { id: 'routes', title: 'Route between the data centre and the VPC' },
  { id: 'ram-policy', title: 'Grant Terway its RAM permissions' },
  { id: 'access-key', title: 'Give Terway its AccessKey' },
  { id: 'instance-role', title: "Let Terway act as the nodes' instance role" },
  { id: 'terway-addon', title: 'Install the terway-eniip add-on' },
  { id: 'eni-conf', title: 'Compare eni_conf with the live one' },
  { id: 'publish-script', title: 'Publish the node-init script' },
  { id: 'apply', title: 'Apply the objects' },
  { id: 'calico-pools', title: 'Keep Calico from masquerading traffic to cloud pods' },
  { id: 'join-token', title: 'Store the join token' },
  { id: 'cloud', title: 'Plan and apply the cloud code' },
  { id: 'node-pools', title: 'Create the node pools' },
  { id: 'verify', title: 'Verify a cloud node' },
  { id: 'upgrade', title: 'Upgrade the cloud nodes' },
] as const;

export type StepId = (typeof RUNBOOK_STEPS)[number]['id'];

/** The join-token step's title when the cloud code makes and rotates the token (`terraform.joinToken.mode: rotating`). */
export const ROTATING_JOIN_TOKEN_TITLE = 'Let the cloud code rotate the join token';

/** By hand: every step, in the order an operator does them. */
const MANUAL_STEPS: readonly StepId[] = [
  'prerequisites',
  'routes',
  'ram-policy',
  'access-key',
  'terway-addon',
  'eni-conf',
  'publish-script',
  'apply',
  'calico-pools',
  'join-token',
  'node-pools',
  'verify',
  'upgrade',
];

/**
 * With the cloud code (a `terraform` section): one step plans and applies what ram-policy, terway-addon,
 * publish-script, the OOS half of join-token and node-pools did by hand. The token comes first (the cloud code
 * stores it), the Kubernetes objects after the add-on exists, the pools' first nodes last.
 */
const CLOUD_STEPS: readonly StepId[] = [
  'prerequisites',
  'routes',
  'join-token',
  'cloud',
  'access-key',
  'eni-conf',
  'apply',
  'calico-pools',
  'node-pools',
  'verify',
  'upgrade',
];

/** The steps of this cluster's RUNBOOK, in order. */
export function runbookSteps(spec: ClusterSpec): readonly { id: StepId; title: string }[] {
  // Terway on a RAM role has no AccessKey to give (rules/terraform.ts keeps its credentials unmanaged).
  const roleOnly = spec.terraform?.terwayIdentity.type === 'ram-role';
  // By hand, credentials instance-role attach the policy to the node role instead of giving a key.
  const instanceRole = spec.terway.credentials.mode === 'instance-role';
  const ids =
    spec.terraform === undefined
      ? MANUAL_STEPS.map((id): StepId => (instanceRole && id === 'access-key' ? 'instance-role' : id))
      : CLOUD_STEPS.filter((id) => !(roleOnly && id === 'access-key'));
  // With the rotating token nobody stores a token: the step prepares what the cloud code needs to make it.
  const rotating = spec.terraform?.joinToken.mode === 'rotating';
  return ids.map((id) => (rotating && id === 'join-token' ? { id, title: ROTATING_JOIN_TOKEN_TITLE } : RUNBOOK_STEPS.find((s) => s.id === id)!));
}

/** Whether this cluster's RUNBOOK has a step (the template leaves out the others). */
export function hasStep(spec: ClusterSpec, id: StepId): boolean {
  return runbookSteps(spec).some((s) => s.id === id);
}

/** `## 3. Grant Terway its RAM permissions` and `step 3 "Grant Terway its RAM permissions"`, numbered for this cluster. */
export function stepNames(spec: ClusterSpec): { heading: (id: StepId) => string; ref: (id: StepId) => string } {
  const steps = runbookSteps(spec);
  const numbered = (id: StepId) => {
    const index = steps.findIndex((s) => s.id === id);
    if (index < 0) throw new Error(`ack-hybrid bug: the RUNBOOK of this mode has no step ${id}`);
    return { n: index + 1, title: steps[index].title };
  };
  return {
    heading: (id) => `## ${numbered(id).n}. ${numbered(id).title}`,
    // A number a reader can find, and what it is.
    ref: (id) => `step ${numbered(id).n} "${numbered(id).title}"`,
  };
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
  const oss = parseOssUrl(scriptUrl);
  return oss && { object: `oss://${oss.bucket}/${oss.key}`, internal: oss.internal };
}

/**
 * RAM names derived from the cluster's: a user name is at most 64 characters (RAM CreateUser). The cloud code's
 * `terwayIdentity.userName` names the user when set, so the RUNBOOK and the cloud code name the same one.
 */
export function ramNames(spec: ClusterSpec): { policy: string; user: string } {
  const base = `ack-hybrid-terway-${spec.name}`;
  const identity = spec.terraform?.terwayIdentity;
  const user = identity?.type === 'ram-user' && identity.userName !== undefined ? identity.userName : base.slice(0, 64).replace(/-+$/, '');
  return { policy: base, user };
}

export function renderRunbook(spec: ClusterSpec, sourceFile: string): string {
  const gitops = spec.gitops && { folder: repoLocation(spec.name, spec.gitops).path, bootstrap: bootstrapFolder(spec.name, spec.gitops) };
  // node-script's partial, rendered on its own with its own (plain) output: its values are format-checked
  // IDs and names, and it must not get the code spans of this template.
  const oos = oosTokenParameter(spec);
  const steps = stepNames(spec);
  const joinToken = renderTemplate(
    'partials/runbook-join-token.md.ejs',
    {
      spec,
      stepRef: steps.ref,
      oos,
      cloud: spec.terraform !== undefined,
      rotating: rotatingToken(spec),
      defaultOosName: defaultOosParameterName(spec.name),
    },
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
      securityGroups: allSecurityGroups(spec),
      oss: ossLocation(spec.nodeInit.scriptUrl),
      ram: ramNames(spec),
      heading: steps.heading,
      ref: steps.ref,
      cloud: spec.terraform && cloudSummary(spec),
      rotating: rotatingToken(spec),
      tofu: tofuSummary(spec),
      // The role credentials instance-role attach the policy to: the node pools' role of the OOS token source.
      instanceRole: oos?.ramRoleName ?? "<the node pools' instance RAM role>",
      hasStep: (id: StepId) => hasStep(spec, id),
      sh: shellWord,
      code: codeSpan,
      vswitches: (list: readonly VSwitchSpec[]) => list.map((v) => `${codeSpan(v.id)} (${codeSpan(v.zone)}, ${codeSpan(v.cidr)})`).join(', '),
      codes: (list: readonly string[]) => (list.length === 0 ? 'none' : list.map(codeSpan).join(', ')),
    },
    codeSpan,
  );
}

export function runbookPools(spec: ClusterSpec): RunbookPool[] {
  return spec.nodePools.map((pool) => {
    const eniConfig = poolEniConfig(spec, pool);
    const labels = poolNodeLabels(spec, pool).map(([key, value]) => `${key}=${value}`);
    return {
      name: pool.name,
      nodeVSwitches: pool.nodeVSwitches,
      labels,
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

/** What the cloud step lists: what the cloud code creates, by the names a reviewer finds in the plan. */
export interface CloudSummary {
  readonly folder: string;
  /** The rotating token's own module (src/cloud/join-token-module.ts), applied on a schedule; undefined when supplied. */
  readonly joinTokenFolder?: string;
  readonly providerVersion: string;
  readonly policy: string;
  /** The RAM user or role Terway's policy is attached to (`accessKey` says which). */
  readonly terwayIdentity: { readonly name: string };
  readonly addonVersion: string;
  readonly script: string;
  readonly bucketCreated: boolean;
  readonly bucketPolicy: string;
  readonly vpcId: string;
  readonly pools: readonly string[];
  readonly routes: boolean;
  /** Terway acts as a RAM user, whose AccessKey is a hand step; false when it acts as a role. */
  readonly accessKey: boolean;
  readonly nodeRole: string;
  readonly tokenParameter: string;
  readonly tokenRegion: string;
  readonly securityGroups: readonly string[];
}

function cloudSummary(spec: ClusterSpec): CloudSummary {
  const terraform = spec.terraform!;
  const script = parseOssUrl(spec.nodeInit.scriptUrl)!;
  const oos = oosTokenParameter(spec)!;
  const names = ramNames(spec);
  const identity = terraform.terwayIdentity;
  return {
    folder: `dist/${spec.name}/${CLOUD_FOLDER}`,
    ...(terraform.joinToken.mode === 'rotating' ? { joinTokenFolder: `dist/${spec.name}/${CLOUD_FOLDER}/${JOIN_TOKEN_FOLDER}` } : {}),
    providerVersion: providerSchema().provider.version,
    policy: names.policy,
    terwayIdentity: { name: identity.type === 'ram-user' ? names.user : identity.roleName },
    addonVersion: terraform.terwayAddonVersion,
    script: `oss://${script.bucket}/${script.key}`,
    bucketCreated: terraform.createScriptBucket,
    bucketPolicy: JSON.stringify(JSON.parse(vpcReadPolicy(script.bucket, script.key, terraform.vpcId)), null, 2),
    vpcId: terraform.vpcId,
    pools: [...(terraform.defaultPoolInstances ? [defaultPoolName(spec.name)] : []), ...spec.nodePools.map((p) => p.name)],
    routes: terraform.routes !== undefined,
    accessKey: identity.type === 'ram-user',
    nodeRole: oos.ramRoleName,
    tokenParameter: oos.name,
    tokenRegion: oos.region,
    securityGroups: allSecurityGroups(spec),
  };
}

/** The rotating token's settings, when the cloud code makes the token; undefined when a person supplies it. */
function rotatingToken(spec: ClusterSpec): RotatingJoinTokenSpec | undefined {
  const token = spec.terraform?.joinToken;
  return token?.mode === 'rotating' ? token : undefined;
}

/** What the RUNBOOK says about tofu-controller, when it applies this cluster's cloud code. */
export interface TofuSummary {
  readonly namespace: string;
  readonly name: string;
  /** The bootstrap's tofu folder, relative to the repository root: what `kubectl apply -k` takes. */
  readonly folder: string;
  readonly envSecret: string;
  readonly serviceAccountName: string;
  readonly approvePlan: string;
  /** The Git credentials Secret the written GitRepository needs in `namespace`, if any. */
  readonly gitSecret?: string;
  readonly ownSource: boolean;
  /** The bootstrap's GitRepository file, which the Terraform object reads when it has no source of its own. */
  readonly sourceFile: string;
  readonly state: 'kubernetes' | 'oss';
  readonly writesSecret: boolean;
  /** The join token's own Terraform object (approvePlan auto), which the main one waits for; undefined when supplied. */
  readonly joinToken?: { readonly name: string; readonly interval: string };
}

function tofuSummary(spec: ClusterSpec): TofuSummary | undefined {
  const gitops = spec.gitops;
  if (gitops === undefined) return undefined;
  const location = repoLocation(spec.name, gitops);
  const props = tofuControllerProps(spec, location);
  const runner = tofuRunner(spec);
  if (props === undefined || runner === undefined) return undefined;
  return {
    namespace: props.namespace,
    name: props.clusterName,
    folder: `${bootstrapFolder(spec.name, gitops)}/${TOFU_FOLDER}`,
    envSecret: props.envSecret,
    serviceAccountName: props.serviceAccountName,
    approvePlan: runner.approvePlan,
    ...(props.source.kind === 'own' && props.source.secretRef !== undefined ? { gitSecret: props.source.secretRef } : {}),
    ownSource: props.source.kind === 'own',
    sourceFile: `${bootstrapFolder(spec.name, gitops)}/gitrepository.${gitops.flux.namespace}.${spec.name}.yaml`,
    state: props.state.backend,
    writesSecret: props.terwayKeyOutputs !== undefined,
    ...(props.joinToken !== undefined ? { joinToken: { name: props.joinToken.name, interval: props.joinToken.interval } } : {}),
  };
}

/** The security groups of the cluster and of every node pool, each once, sorted: nodes and pod ENIs use them all. */
export function allSecurityGroups(spec: ClusterSpec): string[] {
  return [...new Set([...spec.cloud.securityGroupIds, ...spec.nodePools.flatMap((p) => p.securityGroupIds ?? [])])].sort(compareStrings);
}
