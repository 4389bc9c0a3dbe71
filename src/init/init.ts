/**
 * A new cluster file from answers (flags or prompts). What each answer may be (allowed text, choices,
 * defaults) is read from the schema (init-fields.ts); every answer is checked, as it comes, with every rule
 * that applies to the answers so far (the same loader as synth: formats and the rules across fields); the
 * file is written only when all of it is valid, and never over an existing file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Document, isScalar } from 'yaml';
import { CLUSTER_FILE_NAME_RULE, displayPath, isClusterFileName, parseClusterFile, readableClusterFiles, readDefaults } from '../config/load';
import { checkFleet, FleetMember, fleetMember } from '../config/rules/fleet';
import { formatProblem, InvalidClustersError, Problem, UserError } from '../config/problems';
import { ParsedSource, valueAt } from '../config/source';
import { plural } from '../config/text';
import { ClusterFile } from '../config/schema';
import { defaultOosParameterName } from '../artifacts/node-init-script';
import { FieldPath, fieldInfo, orderLikeSchema } from './fields';
import { didYouMean } from '../config/shape';
import { DEFAULT_CONTAINERD_VERSION, DEFAULT_KUBERNETES_VERSION } from '../config/versions';
import { SCHEMA_DIR, SCHEMA_URL, SchemaKind, schemaUrl } from '../config/json-schema';
import { isUnsealedProblem, PLACEHOLDER_SEALED_VALUE, sealCommand } from '../credentials/unsealed';

/**
 * Alibaba Cloud's mirrors, proposed for regions in mainland China (`cn-*`), where pkgs.k8s.io and
 * download.docker.com are slow or unreachable from ECS. Same layout as upstream, so the script appends the
 * same paths:
 * - `<base>/v1.XX/rpm/` and `/v1.XX/deb/`: developer.aliyun.com/mirror/kubernetes gives the baseurl
 *   https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.28/rpm/ (gpgkey …/rpm/repodata/repomd.xml.key) and
 *   …/v1.28/deb/Release.key, i.e. pkgs.k8s.io's `core:/stable:` tree. Public install scripts read on 2026-12-07
 *   use it for v1.36 (kubelet-1.36.1 from …/v1.36/rpm/); that it serves v1.37 is unverified. A minor it lacks
 *   stops the node script at its first download from it (the repository key), before any repository is added.
 * - `<base>/linux/rhel/<major>/$basearch/stable`, `/linux/centos/…`, `/linux/debian`: developer.aliyun.com/
 *   mirror/docker-ce (https://mirrors.aliyun.com/docker-ce/linux/rhel/docker-ce.repo, whose baseurl is
 *   …/docker-ce/linux/rhel/$releasever/$basearch/stable), i.e. download.docker.com's tree.
 * Both serve the upstream signing keys unchanged (node-script's schema keeps the key fingerprints pinned).
 */
export const CN_MIRRORS = {
  kubernetesRepository: 'https://mirrors.aliyun.com/kubernetes-new/core/stable',
  containerdRepository: 'https://mirrors.aliyun.com/docker-ce',
} as const;

/** Flag name → answer(s) as typed; lists as arrays or comma-separated. */
export type InitAnswers = Readonly<Record<string, string | readonly string[] | undefined>>;

/** One question of init: its flag, its label, the field it answers. What is allowed comes from the schema. */
export interface InitQuestion {
  /** The flag, without dashes: `cluster-id`. */
  readonly flag: string;
  /** The question, as asked. */
  readonly label: string;
  /** The field of the cluster file it answers (for lists: the list). */
  readonly field: FieldPath;
  /** What is allowed: the schema's sentence, or the answer syntax of a composite answer. */
  readonly allowed: string;
  /** The choices of an enum field, from the schema. */
  readonly choices?: readonly string[];
  /** Several values: repeated flags, or a comma-separated answer. */
  readonly list?: boolean;
  /** An empty answer is allowed: the field is left out (node pools). */
  readonly optional?: boolean;
  /** The answer that leaves an optional section out ("none"). */
  readonly none?: string;
  /** Whether the question applies, given the answers so far. */
  readonly when?: (answers: InitAnswers) => boolean;
  /** The default, given the answers so far: the schema's, or init's own where the schema's does not fit. */
  readonly default?: (answers: InitAnswers) => string | undefined;
  /** Where to find the answer, shown before the question on a terminal (a command to run). */
  readonly how?: string;
  /** One value, alone, as the field takes it (formats; the rules across fields come later). */
  readonly test: (value: string) => boolean;
  /** For a value `test` refuses: the fix validate would suggest ("did you mean …?", `drop the "v"`). */
  readonly hint: (value: string) => string | undefined;
  /** The value written into the file for the answer's values. */
  readonly toValue: (values: readonly string[]) => unknown;
}

interface QuestionSpec {
  readonly flag: string;
  readonly label: string;
  readonly field: FieldPath;
  readonly list?: boolean;
  readonly optional?: boolean;
  readonly when?: (answers: InitAnswers) => boolean;
  /** init's default instead of the schema's, with the reason where it is declared. */
  readonly default?: (answers: InitAnswers) => string | undefined;
  /** A composite answer (`ID:ZONE:CIDR`): its syntax and how it becomes the field's value. */
  readonly composite?: { readonly syntax: string; readonly parse: (value: string) => unknown };
  /** An extra choice that means "leave the optional field out". */
  readonly none?: string;
  readonly how?: string;
}

/**
 * The discovery hash of the cluster CA, computed on a control-plane node: kubeadm's documented command
 * (kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-join/, "Token-based discovery with CA pinning"),
 * whose last step prints the hex digest; the sed here puts the "sha256:" prefix kubeadm join takes in its place.
 */
export const CA_CERT_HASH_COMMAND =
  "openssl x509 -pubkey -in /etc/kubernetes/pki/ca.crt | openssl rsa -pubin -outform der 2>/dev/null | openssl dgst -sha256 -hex | sed 's/^.* /sha256:/'";

const VSWITCH_SYNTAX = 'ID:ZONE:CIDR, such as vsw-bp1node0000000000000a:cn-hangzhou-h:10.10.24.0/24';

function parseVSwitch(value: string): unknown {
  const [id, zone, cidr, ...rest] = value.split(':');
  return rest.length === 0 && cidr !== undefined ? { id, zone, cidr } : undefined;
}

/** `gpu=vsw-a:cn-beijing-a:10.1.3.0/24+vsw-b:cn-beijing-b:10.1.4.0/24` → { name, nodeVSwitches }. */
function parseNodePool(value: string): unknown {
  const m = /^([^=]+)=(.+)$/.exec(value);
  if (!m) return undefined;
  return { name: m[1], nodeVSwitches: m[2].split('+').map(parseVSwitch) };
}

const one = (answers: InitAnswers, flag: string): string | undefined => {
  const answer = answers[flag];
  return typeof answer === 'string' ? answer.trim() : answer?.[0]?.trim();
};
const isCn = (answers: InitAnswers) => /^cn-/.test(one(answers, 'region') ?? '');

const SPECS: readonly QuestionSpec[] = [
  { flag: 'name', label: 'Cluster name (output goes to dist/<name>/)', field: ['name'] },
  { flag: 'cluster-id', label: 'ACK cluster ID', field: ['clusterId'] },
  { flag: 'region', label: 'Region', field: ['region'] },
  { flag: 'api-server', label: 'On-premises API server endpoint that cloud nodes join (host:port)', field: ['onPrem', 'apiServerEndpoint'] },
  { flag: 'node-cidr', label: 'On-premises node range', field: ['onPrem', 'nodeCidr'] },
  { flag: 'pod-cidr', label: 'On-premises pod range (Calico pool)', field: ['onPrem', 'podCidr'] },
  { flag: 'service-cidr', label: 'Service range', field: ['onPrem', 'serviceCidr'] },
  { flag: 'calico-install', label: 'How Calico was installed', field: ['onPrem', 'calico', 'install'] },
  { flag: 'vpc-cidr', label: 'VPC range', field: ['cloud', 'vpcCidr'] },
  {
    flag: 'node-vswitch',
    label: 'Node vSwitches (ID:ZONE:CIDR, comma-separated)',
    field: ['cloud', 'nodeVSwitches'],
    list: true,
    composite: { syntax: VSWITCH_SYNTAX, parse: parseVSwitch },
  },
  {
    flag: 'pod-vswitch',
    label: 'Pod vSwitches for Terway (ID:ZONE:CIDR, comma-separated)',
    field: ['cloud', 'podVSwitches'],
    list: true,
    composite: { syntax: VSWITCH_SYNTAX, parse: parseVSwitch },
  },
  { flag: 'security-group', label: 'Security group IDs (comma-separated)', field: ['cloud', 'securityGroupIds'], list: true },
  {
    flag: 'node-pool',
    label: 'Node pools besides the default (NAME=ID:ZONE:CIDR[+ID:ZONE:CIDR], comma-separated; empty for none)',
    field: ['nodePools'],
    list: true,
    optional: true,
    composite: { syntax: 'NAME=ID:ZONE:CIDR, more vSwitches joined with "+", such as gpu=vsw-a:cn-beijing-a:10.1.3.0/24', parse: parseNodePool },
  },
  {
    flag: 'kubernetes-version',
    label: 'Kubernetes version of the cluster (1.y.z)',
    field: ['nodeInit', 'kubernetesVersion'],
    default: () => DEFAULT_KUBERNETES_VERSION,
  },
  {
    flag: 'containerd-version',
    label: 'containerd version of the cloud nodes',
    field: ['nodeInit', 'containerd', 'version'],
    default: () => DEFAULT_CONTAINERD_VERSION,
  },
  { flag: 'os', label: "Package format of the cloud nodes' OS", field: ['nodeInit', 'os'] },
  {
    flag: 'kubernetes-repository',
    label: 'Kubernetes package repository (pkgs.k8s.io layout)',
    field: ['nodeInit', 'kubernetesRepository'],
    default: (a) => (isCn(a) ? CN_MIRRORS.kubernetesRepository : undefined),
  },
  {
    flag: 'containerd-repository',
    label: "containerd.io package repository (Docker's layout)",
    field: ['nodeInit', 'containerd', 'repository'],
    default: (a) => (isCn(a) ? CN_MIRRORS.containerdRepository : undefined),
  },
  { flag: 'script-url', label: 'https URL where init-node-ecs.sh will be published', field: ['nodeInit', 'scriptUrl'] },
  {
    flag: 'ca-cert-hash',
    label: 'kubeadm discovery hash of the cluster CA (sha256:…)',
    field: ['nodeInit', 'join', 'caCertHash'],
    how: `the --discovery-token-ca-cert-hash of 'kubeadm init', or on a control-plane node: ${CA_CERT_HASH_COMMAND}`,
  },
  {
    // The schema's default, env (KUBEADM_JOIN_TOKEN), cannot work for nodes ACK One adds: nothing sets that
    // variable on them. init proposes the OOS parameter, which the node pool's RAM role can read.
    flag: 'token-source',
    label: 'Where nodes read the kubeadm join token',
    field: ['nodeInit', 'join', 'tokenSource', 'type'],
    default: () => 'oos-secret-parameter',
  },
  {
    flag: 'token-parameter',
    label: 'OOS encrypted parameter that holds the join token',
    field: ['nodeInit', 'join', 'tokenSource', 'name'],
    when: (a) => one(a, 'token-source') === 'oos-secret-parameter',
    default: (a) => {
      const name = one(a, 'name');
      return name ? defaultOosParameterName(name) : undefined;
    },
  },
  {
    flag: 'token-ram-role',
    label: "Node pool's instance RAM role, allowed to read that parameter",
    field: ['nodeInit', 'join', 'tokenSource', 'ramRoleName'],
    when: (a) => one(a, 'token-source') === 'oos-secret-parameter',
  },
  { flag: 'credentials', label: "Where Terway's AccessKey comes from", field: ['terway', 'credentials', 'mode'] },
  {
    flag: 'sealed-secrets-cert',
    label: "sealed-secrets controller's certificate (kubeseal --fetch-cert), relative to the cluster file",
    field: ['terway', 'credentials', 'certificate'],
    when: (a) => one(a, 'credentials') === 'sealed-secrets',
  },
  {
    flag: 'secret-store',
    label: 'external-secrets store that holds the AccessKey',
    field: ['terway', 'credentials', 'externalSecret', 'storeName'],
    when: (a) => one(a, 'credentials') === 'external-secrets',
  },
  {
    flag: 'access-key-id-key',
    label: 'Key of the AccessKey ID in that store',
    field: ['terway', 'credentials', 'externalSecret', 'accessKeyId', 'key'],
    when: (a) => one(a, 'credentials') === 'external-secrets',
  },
  {
    flag: 'access-key-secret-key',
    label: 'Key of the AccessKey secret in that store',
    field: ['terway', 'credentials', 'externalSecret', 'accessKeySecret', 'key'],
    when: (a) => one(a, 'credentials') === 'external-secrets',
  },
  // gitops is optional in the schema: "none" leaves it out.
  { flag: 'gitops', label: 'GitOps tool that applies dist/', field: ['gitops', 'tool'], none: 'none', default: () => 'none' },
  {
    // New files get the cloud code (docs/cloud.md); "none" leaves the terraform section out.
    flag: 'vpc-id',
    label: 'VPC of the cloud nodes, for the cloud code in dist/<name>/cloud/ ("none": no cloud code)',
    field: ['terraform', 'vpcId'],
    none: 'none',
  },
  {
    flag: 'instance-type',
    label: 'ECS instance types of the node pools, tried in order (comma-separated)',
    field: ['terraform', 'defaultPoolInstances', 'types'],
    list: true,
    when: (a) => (one(a, 'vpc-id') ?? 'none') !== 'none',
  },
  {
    flag: 'gitops-repo',
    label: 'Git repository that holds dist/ (https://, ssh:// or git@host:path)',
    field: ['gitops', 'repoUrl'],
    when: (a) => (one(a, 'gitops') ?? 'none') !== 'none',
  },
];

function toQuestion(spec: QuestionSpec): InitQuestion {
  const info = fieldInfo(spec.list ? [...spec.field, '*'] : spec.field);
  const choices = info.choices && spec.none ? [...info.choices, spec.none] : info.choices;
  const allowed = spec.composite
    ? `${spec.composite.syntax} (${info.allowed})`
    : choices
      ? `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`
      : info.allowed;
  const parse = spec.composite?.parse ?? ((v: string) => v);
  return {
    flag: spec.flag,
    label: spec.label,
    field: spec.field,
    allowed,
    choices,
    list: spec.list,
    optional: spec.optional,
    none: spec.none,
    when: spec.when,
    how: spec.how,
    default: (answers) => spec.default?.(answers) ?? info.default,
    test: (v) => (spec.none !== undefined && v === spec.none) || info.test(parse(v)),
    hint: (v) => (choices ? didYouMean(v, choices) : info.hint(parse(v))),
    toValue: (values) => (spec.list ? values.map(parse) : parse(values[0])),
  };
}

/** In the order they are asked. */
export const INIT_QUESTIONS: readonly InitQuestion[] = SPECS.map(toQuestion);

/** Whether a question applies to these answers. */
export function applies(question: InitQuestion, answers: InitAnswers): boolean {
  return question.when === undefined || question.when(answers);
}

/** The answer as a list of values, split on commas for lists. */
export function answerValues(question: InitQuestion, answer: string | readonly string[] | undefined): string[] {
  if (answer === undefined) return [];
  const raw = typeof answer === 'string' ? [answer] : [...answer];
  const values = question.list ? raw.flatMap((a) => a.split(',')) : raw;
  return values.map((v) => v.trim()).filter((v) => v !== '');
}

/**
 * What the defaults file of the folder the new file goes into gives (src/config/defaults.ts): those fields
 * are neither asked nor written, unless answered, and the new file is checked merged over it.
 */
export interface Inherited {
  /** The defaults file, parsed; undefined when the folder has none. */
  readonly source?: ParsedSource;
  /** The flags whose field the defaults file sets. */
  readonly flags: ReadonlySet<string>;
  /** Their values as answers, where a value is text or a list of text: what questions' conditions and defaults read. */
  readonly answers: InitAnswers;
}

export const NOTHING_INHERITED: Inherited = { flags: new Set(), answers: {} };

/** What the defaults file of `dir` gives; its problems, when it has any, are the user's to fix first. */
export function inheritedFrom(dir: string): Inherited {
  const defaults = readDefaults(dir);
  if (defaults.problems.length > 0) throw new InvalidClustersError(defaults.problems);
  if (defaults.source === undefined) return NOTHING_INHERITED;
  const flags = new Set<string>();
  const answers: Record<string, string | readonly string[]> = {};
  for (const q of INIT_QUESTIONS) {
    const value = valueAt(defaults.source.data, q.field);
    if (value === undefined || value === null) continue;
    flags.add(q.flag);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') answers[q.flag] = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) answers[q.flag] = value as string[];
  }
  return { source: defaults.source, flags, answers };
}

/** Whether a question is asked: it applies, and the defaults file does not answer it (unless the user did). */
export function asked(question: InitQuestion, answers: InitAnswers, inherited: Inherited = NOTHING_INHERITED): boolean {
  if (inherited.flags.has(question.flag) && answers[question.flag] === undefined) return false;
  return applies(question, { ...inherited.answers, ...answers });
}

/** The answers with each applicable question's default filled in where it has no answer and the defaults file none. */
export function withDefaults(answers: InitAnswers, inherited: Inherited = NOTHING_INHERITED): InitAnswers {
  const filled: Record<string, string | readonly string[] | undefined> = { ...answers };
  for (const q of INIT_QUESTIONS) {
    if (!asked(q, filled, inherited)) continue;
    if (filled[q.flag] === undefined) filled[q.flag] = q.default?.({ ...inherited.answers, ...filled });
  }
  return filled;
}

/** Problems with one answer alone: missing, given twice, or a value its field does not take. */
export function checkAnswer(q: InitQuestion, answer: string | readonly string[] | undefined): string[] {
  const values = answerValues(q, answer);
  if (values.length === 0) return q.optional ? [] : [`--${q.flag}: missing; allowed: ${q.allowed}`];
  const problems: string[] = [];
  if (!q.list && values.length > 1) problems.push(`--${q.flag}: given ${values.length} times; allowed: one value`);
  for (const value of values) {
    if (q.test(value)) continue;
    const hint = q.hint(value);
    problems.push(`--${q.flag}: found ${JSON.stringify(value)}; allowed: ${q.allowed}${hint !== undefined ? ` (${hint})` : ''}`);
  }
  return problems;
}

/** Problems with the individual answers, named by flag, for every question that is asked. */
export function checkAnswers(answers: InitAnswers, inherited: Inherited = NOTHING_INHERITED): string[] {
  const filled = withDefaults(answers, inherited);
  return INIT_QUESTIONS.filter((q) => asked(q, filled, inherited)).flatMap((q) => checkAnswer(q, filled[q.flag]));
}

/** The cluster file the answers describe, leaving out what is not answered yet and what the defaults file gives. */
export function clusterFileFromAnswers(answers: InitAnswers, inherited: Inherited = NOTHING_INHERITED): ClusterFile {
  const file: Record<string, unknown> = {};
  for (const q of INIT_QUESTIONS) {
    if (!asked(q, answers, inherited)) continue;
    const values = answerValues(q, answers[q.flag]);
    if (values.length === 0) continue;
    if (q.none !== undefined && values[0] === q.none) {
      // "none" for a section the defaults file gives removes it (null, defaults.ts); otherwise it is left out.
      if (inherited.flags.has(q.flag)) setAt(file, q.field.slice(0, -1), null);
      continue;
    }
    if (!values.every(q.test)) continue;
    const value = q.toValue(values);
    // A default the schema would apply anyway is left out, unless the defaults file says otherwise: the file says only what was chosen.
    if (!q.list && value === fieldInfo(q.field).default && !inherited.flags.has(q.flag)) continue;
    setAt(file, q.field, value);
  }
  giveEveryPoolInstances(file);
  // Keys in the schema's order, as docs/cluster-file.md lists them, not in the order of the questions.
  return orderLikeSchema(file) as ClusterFile;
}

/** With the cloud code, every pool takes the instance types asked once (the rule terraform-needs wants them on each). */
function giveEveryPoolInstances(file: Record<string, unknown>): void {
  const instances = (file.terraform as { defaultPoolInstances?: { types?: unknown } } | undefined)?.defaultPoolInstances;
  if (instances?.types === undefined || !Array.isArray(file.nodePools)) return;
  for (const pool of file.nodePools as Record<string, unknown>[]) pool.instances = { types: instances.types };
}

function setAt(target: Record<string, unknown>, field: FieldPath, value: unknown): void {
  let node = target;
  for (const key of field.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[field[field.length - 1]] = value;
}

/** Versions as quoted strings: `1.30` unquoted would be a number to YAML, and a reader should see a string. */
const QUOTED: readonly FieldPath[] = [
  ['nodeInit', 'kubernetesVersion'],
  ['nodeInit', 'containerd', 'version'],
];

/**
 * The file's text: a comment, then the fields in the order they were asked; over a defaults file, its schema
 * says so. `schemaRef`: where editors find the schema (localSchemaRef); the published URL by default.
 */
export function renderClusterFile(spec: ClusterFile, overDefaults = false, schemaRef?: string): string {
  const doc = new Document(spec, { aliasDuplicateObjects: false });
  for (const field of QUOTED) {
    const node = doc.getIn(field, true);
    if (isScalar(node)) node.type = 'QUOTE_DOUBLE';
  }
  // The schema line lets editors (yaml-language-server) complete and check the file as it is edited.
  const schema = schemaRef ?? (overDefaults ? schemaUrl('cluster-over-defaults') : SCHEMA_URL);
  return `# yaml-language-server: $schema=${schema}\n# Cluster file written by 'ack-hybrid init'; docs/cluster-file.md explains every field.\n${doc.toString({ lineWidth: 0 })}`;
}

/**
 * The schema file of the installed ack-hybrid, relative to the cluster file `target`: editors load it offline
 * (`../node_modules/ack-hybrid/schema/cluster.schema.json` in a project that installs the tool,
 * `../schema/cluster.schema.json` in this repository). The package is not published on npm, so its unpkg URL
 * would not load; that URL is kept only when no schema file is found beside the running code.
 */
export function localSchemaRef(target: string, kind: SchemaKind): string | undefined {
  // SCHEMA_DIR is the package's own schema/ folder, found as the templates are (json-schema.ts).
  const schema = path.join(SCHEMA_DIR, `${kind}.schema.json`);
  if (!fs.existsSync(schema)) return undefined;
  return path
    .relative(path.dirname(path.resolve(target)), schema)
    .split(path.sep)
    .join('/');
}

/** Where the file goes: `--file`, or `<clusters>/<name>.yaml`. */
export function targetFile(answers: InitAnswers, clustersDir: string, file?: string): string {
  return file ?? path.join(clustersDir, `${one(answers, 'name') ?? ''}.yaml`);
}

/**
 * Every problem of the answers so far, as the loader reports them for the file they make, leaving out
 * fields that have no answer yet ("missing"): each answer is checked against every rule that applies to
 * it and the earlier answers. The name is also checked against the files already there.
 */
export function problemsSoFar(answers: InitAnswers, clustersDir: string, file?: string, inherited: Inherited = NOTHING_INHERITED): string[] {
  return blamedProblemsSoFar(answers, clustersDir, file, inherited).map((p) => p.text);
}

/** A problem of the answers so far, and the question whose answer the problem is about. */
export interface BlamedProblem {
  readonly text: string;
  /** The flag of the question that answers the field the problem names; undefined when no question does. */
  readonly flag?: string;
}

/**
 * problemsSoFar, each with the question it blames: a rule across fields may name an answer given before the
 * one just typed (a node vSwitch's zone that no pod vSwitch covers is reported at the node vSwitch), and a
 * prompt must ask that question again rather than the last one, which no answer could fix.
 */
export function blamedProblemsSoFar(answers: InitAnswers, clustersDir: string, file?: string, inherited: Inherited = NOTHING_INHERITED): BlamedProblem[] {
  const target = targetFile(answers, clustersDir, file);
  const text = renderClusterFile(clusterFileFromAnswers(answers, inherited), inherited.source !== undefined);
  const { problems } = parseClusterFile(displayPath(target), text, inherited.source);
  // Shown without the file's location: the file does not exist yet, the question is what is answered.
  const found: BlamedProblem[] = problems
    .filter((p: Problem) => !p.found.startsWith('nothing'))
    .map((p) => ({ text: formatProblem({ ...p, file: '', line: 0 }).replace(/^: /, ''), flag: questionOfField(p.field)?.flag }));
  const name = one(answers, 'name');
  if (name !== undefined && fieldInfo(['name']).test(name)) found.push(...placeProblems(name, target).map((text) => ({ text, flag: 'name' })));
  return found;
}

/**
 * The question that answers `field` (`cloud.nodeVSwitches[0].zone` → node-vswitch): the one whose field is the
 * longest prefix of it, as a whole key or list item.
 */
export function questionOfField(field: string): InitQuestion | undefined {
  let best: InitQuestion | undefined;
  for (const q of INIT_QUESTIONS) {
    const own = q.field.join('.');
    const covers = field === own || field.startsWith(`${own}.`) || field.startsWith(`${own}[`);
    if (covers && (best === undefined || own.length > best.field.join('.').length)) best = q;
  }
  return best;
}

const refusingToOverwrite = (target: string) => `refusing to overwrite ${displayPath(target)}: it exists; choose another --name or --file, or remove it first`;

/** The name and file must be new: never overwrite, never two files for one cluster, never a name validate refuses. */
function placeProblems(name: string, target: string): string[] {
  if (!isClusterFileName(path.basename(target))) {
    return [`--file: found ${JSON.stringify(path.basename(target))}, a name validate and synth refuse; allowed: ${CLUSTER_FILE_NAME_RULE}`];
  }
  if (fs.existsSync(target)) return [refusingToOverwrite(target)];
  const clash = existingClusterNamed(path.dirname(target), name, target);
  if (clash !== undefined) {
    return [`--name: found "${name}", already the name of the cluster in ${displayPath(clash)}; allowed: a name no other cluster file uses`];
  }
  return [];
}

export interface InitResult {
  readonly file: string;
  readonly name: string;
  /**
   * With credentials "sealed-secrets": the file is written without encryptedData, which only seal can
   * write (it needs the controller's certificate and the AccessKey); what to run next.
   */
  readonly unsealed?: {
    /** The seal command, as this run was started. */
    readonly seal: string;
    /** The controller's certificate as the file names it, resolved from the working directory. */
    readonly certificate: string;
  };
}

/**
 * Validates the answers, renders the file, validates it as synth would, and writes it to `file`
 * (default `<clustersDir>/<name>.yaml`). Throws `UserError` and writes nothing on any problem.
 */
export function writeClusterFile(answers: InitAnswers, clustersDir: string, file?: string): InitResult {
  const inherited = inheritedFrom(path.dirname(targetFile(answers, clustersDir, file)));
  const filled = withDefaults(answers, inherited);
  const answerProblems = checkAnswers(filled, inherited);
  if (answerProblems.length > 0) {
    throw new UserError([...answerProblems, `${plural(answerProblems.length, 'problem')}; nothing written`].join('\n'));
  }
  const spec = clusterFileFromAnswers(filled, inherited);
  const target = targetFile(filled, clustersDir, file);
  const shown = displayPath(target);
  const text = renderClusterFile(
    spec,
    inherited.source !== undefined,
    localSchemaRef(target, inherited.source !== undefined ? 'cluster-over-defaults' : 'cluster'),
  );
  const parsed = parseClusterFile(shown, text, inherited.source);
  // A sealed-secrets file lacks only what seal writes next: that is not a problem of the answers.
  const unsealed = parsed.problems.some(isUnsealedProblem);
  const problems = parsed.problems.filter((p) => !isUnsealedProblem(p));
  if (problems.length > 0) {
    throw new UserError([...problems.map(formatProblem), `${plural(problems.length, 'problem')} in the answers; nothing written`].join('\n'));
  }
  const place = placeProblems(one(filled, 'name')!, target);
  if (place.length > 0) throw new UserError(place.join('\n'));
  // The rules across the files of a folder (fleet.ts: clusterId and scriptUrl unique), as validate applies them
  // to the folder the file goes into: init must not write a file that validate then refuses. An unsealed file
  // is checked as it will be once sealed (a placeholder that is never written), so that these rules run on it.
  const sealedForChecks = unsealed ? renderClusterFile(withPlaceholderSeal(spec), inherited.source !== undefined) : text;
  const fleet = fleetProblems(shown, text, path.dirname(target), sealedForChecks);
  if (fleet.length > 0)
    throw new UserError([...fleet.map(formatProblem), `${plural(fleet.length, 'problem')} with the other cluster files; nothing written`].join('\n'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.writeFileSync(target, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UserError(refusingToOverwrite(target));
    }
    throw new UserError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const name = one(filled, 'name')!;
  if (!unsealed) return { file: shown, name };
  const certificate = valueAt(parsed.source?.data, ['terway', 'credentials', 'certificate']);
  return {
    file: shown,
    name,
    unsealed: { seal: sealCommand(shown, name), certificate: displayPath(path.resolve(path.dirname(target), String(certificate))) },
  };
}

/** The cluster file with a placeholder where seal will write the ciphertext (for checks only, never written). */
function withPlaceholderSeal(spec: ClusterFile): ClusterFile {
  const copy = structuredClone(spec) as unknown as Record<string, unknown>;
  setAt(copy, ['terway', 'credentials', 'encryptedData'], { 'access-key-id': PLACEHOLDER_SEALED_VALUE, 'access-key-secret': PLACEHOLDER_SEALED_VALUE });
  return copy as unknown as ClusterFile;
}

/**
 * The fleet rules' problems of the new file (`text`) among the valid cluster files already in `dir`.
 * `valid`: the file as the rules see it (`text` once sealed); problems point into `text`.
 */
function fleetProblems(shown: string, text: string, dir: string, valid: string = text): Problem[] {
  const defaults = readDefaults(dir).source;
  const parsed = { source: parseClusterFile(shown, text, defaults).source, spec: parseClusterFile(shown, valid, defaults).spec };
  if (parsed.spec === undefined || parsed.source === undefined) return [];
  let files: ReturnType<typeof readableClusterFiles>;
  try {
    files = readableClusterFiles(dir);
  } catch {
    return [];
  }
  const members: FleetMember[] = files.flatMap(({ full, text: other }) => {
    const file = displayPath(full);
    const result = parseClusterFile(file, other, defaults);
    return result.spec && result.source ? [fleetMember(file, result.source, result.spec)] : [];
  });
  // The new file last, as if it sorted after the others: its problems name the file that was there first.
  return checkFleet([...members, fleetMember(shown, parsed.source, parsed.spec)]).filter((p) => p.file === shown);
}

/** Another valid cluster file in `dir` with this name; invalid files are synth's to report. */
function existingClusterNamed(dir: string, name: string, except: string): string | undefined {
  let files: ReturnType<typeof readableClusterFiles>;
  try {
    files = readableClusterFiles(dir);
  } catch {
    return undefined;
  }
  return files.find(({ full, text }) => path.resolve(full) !== path.resolve(except) && parseClusterFile(full, text).spec?.name === name)?.full;
}
