/**
 * A new cluster file from answers (flags or prompts): each answer checked against its field's format as it
 * comes, the whole file validated by the same loader as synth before it is written, and never over an
 * existing file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { displayPath, parseClusterFile } from './config/load';
import * as f from './config/formats';
import { compareStrings, formatProblem, plural, UserError } from './config/problems';
import { ClusterFile } from './config/schema';
import { toYaml } from './render';
import { SCHEMA_URL } from './json-schema';

/** One question of init: a flag, what it asks, how an answer is checked. */
export interface InitQuestion {
  /** The flag, without dashes: `cluster-id`. */
  readonly flag: string;
  readonly question: string;
  /** What is allowed, as in error messages. */
  readonly allowed: string;
  readonly test: (answer: string) => boolean;
  readonly default?: string;
  /** Several values: repeated flags, or a comma-separated answer. */
  readonly list?: boolean;
}

const VSWITCH_ALLOWED = 'ID:ZONE:CIDR, such as vsw-bp1node0000000000000a:cn-hangzhou-h:10.10.24.0/24';

function vSwitchTest(answer: string): boolean {
  const [id, zone, cidr, ...rest] = answer.split(':');
  return rest.length === 0 && cidr !== undefined && f.VSWITCH_ID.test(id) && f.ZONE.test(zone) && f.CIDR.test(cidr);
}

const fromFormat = (format: f.Format) => ({ allowed: format.allowed, test: format.test });
const choice = (values: readonly string[]) => ({
  allowed: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
  test: (v: string) => values.includes(v),
});

/** In the order they are asked. */
export const INIT_QUESTIONS: readonly InitQuestion[] = [
  { flag: 'name', question: 'Cluster name (output goes to dist/<name>/)', ...fromFormat(f.DNS_LABEL) },
  { flag: 'cluster-id', question: 'ACK cluster ID', ...fromFormat(f.CLUSTER_ID) },
  { flag: 'region', question: 'Region', ...fromFormat(f.REGION) },
  { flag: 'api-server', question: 'On-premises API server endpoint that cloud nodes join (host:port)', ...fromFormat(f.HOST_PORT) },
  { flag: 'node-cidr', question: 'On-premises node range', ...fromFormat(f.CIDR) },
  { flag: 'pod-cidr', question: 'On-premises pod range (Calico pool)', ...fromFormat(f.CIDR) },
  { flag: 'service-cidr', question: 'Service range', ...fromFormat(f.CIDR) },
  { flag: 'calico-install', question: 'How Calico was installed', ...choice(['manifest', 'operator']), default: 'manifest' },
  { flag: 'vpc-cidr', question: 'VPC range', ...fromFormat(f.CIDR) },
  { flag: 'node-vswitch', question: 'Node vSwitches (ID:ZONE:CIDR, comma-separated)', allowed: VSWITCH_ALLOWED, test: vSwitchTest, list: true },
  { flag: 'pod-vswitch', question: 'Pod vSwitches for Terway (ID:ZONE:CIDR, comma-separated)', allowed: VSWITCH_ALLOWED, test: vSwitchTest, list: true },
  { flag: 'security-group', question: 'Security group IDs (comma-separated)', ...fromFormat(f.SECURITY_GROUP_ID), list: true },
  { flag: 'kubernetes-version', question: 'Kubernetes version of the cluster (1.y.z)', ...fromFormat(f.KUBERNETES_VERSION) },
  { flag: 'os', question: 'Package format of the cloud nodes\' OS', ...choice(['rpm', 'deb']), default: 'rpm' },
  { flag: 'script-url', question: 'https URL where init-node-ecs.sh will be published', ...fromFormat(f.HTTPS_URL) },
  { flag: 'ca-cert-hash', question: 'kubeadm discovery hash of the cluster CA (sha256:…)', ...fromFormat(f.SHA256_HASH) },
];

/** Flag name → answer(s); lists as arrays. */
export type InitAnswers = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The answers as a list of values, split on commas. */
export function answerValues(question: InitQuestion, answer: string | readonly string[] | undefined): string[] {
  if (answer === undefined) return [];
  const raw = typeof answer === 'string' ? [answer] : [...answer];
  const values = question.list ? raw.flatMap((a) => a.split(',')) : raw;
  return values.map((v) => v.trim()).filter((v) => v !== '');
}

/** Problems with individual answers: missing or malformed, named by flag. */
export function checkAnswers(answers: InitAnswers): string[] {
  const problems: string[] = [];
  for (const q of INIT_QUESTIONS) {
    const values = answerValues(q, answers[q.flag] ?? q.default);
    if (values.length === 0) problems.push(`--${q.flag}: missing; allowed: ${q.allowed}`);
    else if (!q.list && values.length > 1) problems.push(`--${q.flag}: given ${values.length} times; allowed: one value`);
    for (const value of values) {
      if (!q.test(value)) problems.push(`--${q.flag}: found ${JSON.stringify(value)}; allowed: ${q.allowed}`);
    }
  }
  return problems;
}

/** The cluster file the answers describe (assumes checkAnswers found nothing). */
export function clusterFileFromAnswers(answers: InitAnswers): ClusterFile {
  const one = (flag: string) => {
    const q = INIT_QUESTIONS.find((x) => x.flag === flag)!;
    return answerValues(q, answers[flag] ?? q.default)[0];
  };
  const many = (flag: string) => answerValues(INIT_QUESTIONS.find((x) => x.flag === flag)!, answers[flag]);
  const vSwitches = (flag: string) =>
    many(flag).map((v) => {
      const [id, zone, cidr] = v.split(':');
      return { id, zone, cidr };
    });
  return {
    name: one('name'),
    clusterId: one('cluster-id'),
    region: one('region'),
    onPrem: {
      apiServerEndpoint: one('api-server'),
      nodeCidr: one('node-cidr'),
      podCidr: one('pod-cidr'),
      serviceCidr: one('service-cidr'),
      calico: { install: one('calico-install') as 'manifest' | 'operator' },
    },
    cloud: {
      vpcCidr: one('vpc-cidr'),
      nodeVSwitches: vSwitches('node-vswitch'),
      podVSwitches: vSwitches('pod-vswitch'),
      securityGroupIds: many('security-group'),
    },
    nodeInit: {
      kubernetesVersion: one('kubernetes-version'),
      os: one('os') as 'rpm' | 'deb',
      scriptUrl: one('script-url'),
      join: { caCertHash: one('ca-cert-hash') },
    },
  };
}

export interface InitResult {
  readonly file: string;
  readonly name: string;
}

/**
 * Validates the answers, renders the file, validates it as synth would, and writes it to `file`
 * (default `<clustersDir>/<name>.yaml`). Throws `UserError` and writes nothing on any problem.
 */
export function writeClusterFile(answers: InitAnswers, clustersDir: string, file?: string): InitResult {
  const answerProblems = checkAnswers(answers);
  if (answerProblems.length > 0) {
    throw new UserError([...answerProblems, `${plural(answerProblems.length, 'problem')}; nothing written`].join('\n'));
  }
  const spec = clusterFileFromAnswers(answers);
  const target = file ?? path.join(clustersDir, `${spec.name}.yaml`);
  const shown = displayPath(target);
  const text = `# yaml-language-server: $schema=${SCHEMA_URL}\n# Cluster file written by 'ack-hybrid init'; docs/cluster-file.md explains every field.\n${toYaml(spec)}`;

  const { problems } = parseClusterFile(shown, text);
  if (problems.length > 0) {
    throw new UserError([...problems.map(formatProblem), `${plural(problems.length, 'problem')} in the answers; nothing written`].join('\n'));
  }
  const clash = existingClusterNamed(path.dirname(target), spec.name, target);
  if (clash !== undefined) {
    throw new UserError(`--name: found "${spec.name}", already the name of the cluster in ${displayPath(clash)}; allowed: a name no other cluster file uses`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.writeFileSync(target, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UserError(`refusing to overwrite ${shown}: it exists; choose another --name or --file, or remove it first`);
    }
    throw new UserError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return { file: shown, name: spec.name };
}

/** Another valid cluster file in `dir` with this name; invalid files are synth's to report. */
function existingClusterNamed(dir: string, name: string, except: string): string | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).filter((e) => /\.ya?ml$/.test(e) && !e.startsWith('.')).sort(compareStrings);
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry);
    if (path.resolve(full) === path.resolve(except)) continue;
    try {
      const { spec } = parseClusterFile(full, fs.readFileSync(full, 'utf8'));
      if (spec?.name === name) return full;
    } catch {
      // unreadable: not ours to judge here
    }
  }
  return undefined;
}
