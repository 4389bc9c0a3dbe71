/**
 * `ack-hybrid init`: from flags, and on a real terminal. The terminal tests run the built CLI under a
 * pseudo-terminal made by python3's pty module (node-pty would need a native build): the CLI sees a TTY
 * on stdin and stdout, as a user's shell gives it, and answers are typed only after their question shows.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadClusters } from '../src/config/load';
import { TokenSourceSchema } from '../src/config/schema';
import { DEFAULT_KUBERNETES_VERSION } from '../src/config/versions';
import { checkAnswers, CN_MIRRORS, INIT_QUESTIONS, renderClusterFile, clusterFileFromAnswers, withDefaults } from '../src/init/init';
import { fieldInfo } from '../src/init/fields';
import { CLI } from './support/cli';
import { hintProgram, runCli } from './support/cli';
import { REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';
import { FAKE_SECRETS } from './support/secret-scan';

const HASH = `sha256:${'ab'.repeat(32)}`;

/** Every value init needs, as flags (a region outside mainland China). */
const FLAGS: Record<string, string> = {
  name: 'idc-beijing',
  'cluster-id': 'c00000000000000000000000000000001',
  region: 'ap-southeast-1',
  'api-server': '192.168.1.10:6443',
  'node-cidr': '192.168.1.0/24',
  'pod-cidr': '10.100.0.0/16',
  'service-cidr': '10.96.0.0/16',
  'vpc-cidr': '10.0.0.0/12',
  'node-vswitch': 'vsw-node1:ap-southeast-1a:10.1.0.0/24',
  'pod-vswitch': 'vsw-pod1:ap-southeast-1a:10.1.1.0/24,vsw-pod2:ap-southeast-1b:10.1.2.0/24',
  'security-group': 'sg-one',
  'script-url': 'https://example-bucket.oss-ap-southeast-1-internal.aliyuncs.com/init-node-ecs.sh',
  'ca-cert-hash': HASH,
  'token-ram-role': 'HybridNodeRole',
  'vpc-id': 'vpc-one',
  'instance-type': 'ecs.g7.xlarge,ecs.g6.xlarge',
};

function flags(values: Record<string, string | undefined> = FLAGS, without: readonly string[] = []): string[] {
  return Object.entries(values)
    .filter((e): e is [string, string] => e[1] !== undefined && !without.includes(e[0]))
    .flatMap(([flag, value]) => [`--${flag}`, value]);
}

describe('ack-hybrid init from flags', () => {
  const dir = tempDir('init');

  it('GIVEN every value as a flag WHEN init runs THEN it writes <clusters>/<name>.yaml that synth accepts, with the OOS token source and quoted versions', () => {
    const clusters = path.join(dir, 'ok');
    const result = runCli(['init', '--clusters', clusters, ...flags()]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const file = path.join(clusters, 'idc-beijing.yaml');
    const hint = (command: string) => `${hintProgram()} ${command} --clusters ${path.relative(REPO_ROOT, clusters)}`;
    expect(result.stdout).toBe(`wrote ${file}: cluster idc-beijing; check it with '${hint('validate')}', write its bundle with '${hint('synth')}'\n`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(`kubernetesVersion: "${DEFAULT_KUBERNETES_VERSION}"`);
    expect(text).not.toContain('mirrors.aliyun.com');
    const [loaded] = loadClusters(clusters);
    expect(loaded.spec.cloud.podVSwitches).toEqual([
      { id: 'vsw-pod1', zone: 'ap-southeast-1a', cidr: '10.1.1.0/24' },
      { id: 'vsw-pod2', zone: 'ap-southeast-1b', cidr: '10.1.2.0/24' },
    ]);
    expect(loaded.spec.nodeInit.join.tokenSource).toMatchObject({
      type: 'oos-secret-parameter',
      name: 'ack-hybrid-idc-beijing-join-token',
      ramRoleName: 'HybridNodeRole',
    });
    expect(loaded.spec.gitops).toBeUndefined();
    expect(runCli(['synth', '--clusters', clusters, '--out', path.join(dir, 'ok-dist')]).status).toBe(0);
  });

  it('GIVEN --vpc-id, --instance-type and a node pool WHEN init runs THEN the file has the terraform section, the pool the instance types, and synth writes cloud/', () => {
    const clusters = path.join(dir, 'cloud');
    const result = runCli(['init', '--clusters', clusters, ...flags({ ...FLAGS, 'node-pool': 'gpu=vsw-gpu1:ap-southeast-1b:10.1.3.0/24' })]);
    expect(result.stderr).toBe('');
    const [loaded] = loadClusters(clusters);
    expect(loaded.spec.terraform).toMatchObject({ vpcId: 'vpc-one', defaultPoolInstances: { types: ['ecs.g7.xlarge', 'ecs.g6.xlarge'] } });
    expect(loaded.spec.nodePools[0].instances?.types).toEqual(['ecs.g7.xlarge', 'ecs.g6.xlarge']);
    const out = path.join(dir, 'cloud-dist');
    expect(runCli(['synth', '--clusters', clusters, '--out', out]).status).toBe(0);
    expect(fs.readdirSync(path.join(out, 'idc-beijing', 'cloud'))).toContain('node-pools.tf.json');
  });

  it('GIVEN --vpc-id none WHEN init runs THEN the file has no terraform section and asks no instance type', () => {
    const clusters = path.join(dir, 'no-cloud');
    const result = runCli(['init', '--clusters', clusters, ...flags({ ...FLAGS, 'vpc-id': 'none' }, ['instance-type'])]);
    expect(result.stderr).toBe('');
    const [loaded] = loadClusters(clusters);
    expect(loaded.spec.terraform).toBeUndefined();
  });

  it('GIVEN a cn- region, gitops, a node pool and external-secrets WHEN init runs THEN the file has Alibaba mirrors, gitops, the pool and the store, and validates', () => {
    const clusters = path.join(dir, 'cn');
    const cn = Object.fromEntries(
      Object.entries(FLAGS).map(([k, v]) => [k, v.replace(/ap-southeast-1([ab])/g, 'cn-beijing-$1').replace('ap-southeast-1', 'cn-beijing')]),
    );
    const result = runCli([
      'init',
      '--clusters',
      clusters,
      ...flags(cn),
      '--gitops',
      'flux',
      '--gitops-repo',
      'ssh://git@git.example.com/platform/gitops.git',
      '--node-pool',
      'gpu=vsw-gpu1:cn-beijing-a:10.1.3.0/24+vsw-gpu2:cn-beijing-b:10.1.4.0/24',
      '--credentials',
      'external-secrets',
      '--secret-store',
      'kms',
      '--access-key-id-key',
      'terway/id',
      '--access-key-secret-key',
      'terway/secret',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [loaded] = loadClusters(clusters);
    expect(loaded.spec.nodeInit.kubernetesRepository).toBe(CN_MIRRORS.kubernetesRepository);
    expect(loaded.spec.nodeInit.containerd.repository).toBe(CN_MIRRORS.containerdRepository);
    expect(loaded.spec.gitops).toMatchObject({ tool: 'flux', repoUrl: 'ssh://git@git.example.com/platform/gitops.git' });
    expect(loaded.spec.nodePools.map((p) => [p.name, p.nodeVSwitches.map((v) => v.id)])).toEqual([['gpu', ['vsw-gpu1', 'vsw-gpu2']]]);
    expect(loaded.spec.terway.credentials).toMatchObject({ mode: 'external-secrets', externalSecret: { storeName: 'kms', accessKeyId: { key: 'terway/id' } } });
  });

  it('GIVEN --credentials sealed-secrets WHEN init runs THEN it writes the file without encryptedData, names the seal command, validate points to it, and after seal the file validates', () => {
    const clusters = path.join(dir, 'sealed');
    const result = runCli(['init', '--clusters', clusters, ...flags(), '--credentials', 'sealed-secrets', '--sealed-secrets-cert', 'certs/sealed-secrets.pem']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const shown = path.relative(REPO_ROOT, clusters);
    const file = path.join(clusters, 'idc-beijing.yaml');
    const seal = `${hintProgram()} seal --clusters ${shown} idc-beijing`;
    const cert = path.join(clusters, 'certs', 'sealed-secrets.pem');
    expect(result.stdout).toContain(
      `wrote ${file}: cluster idc-beijing, not sealed yet (no terway.credentials.encryptedData); ` +
        `save the controller's certificate with 'kubeseal --fetch-cert > ${cert}', then seal Terway's AccessKey into it with '${seal}'; then check it with`,
    );
    expect(fs.readFileSync(file, 'utf8')).not.toContain('encryptedData');

    // Unsealed, validate still refuses the file (synth cannot make a SealedSecret without ciphertext), naming seal.
    const before = runCli(['validate', '--clusters', clusters]);
    expect(before.status).toBe(2);
    expect(before.stderr).toContain(`terway.credentials.encryptedData: found nothing: the file is not sealed yet;`);
    expect(before.stderr).toContain(`(seal writes it: run '${seal}')`);

    // The exact command printed, with a certificate in place, completes the file.
    fs.mkdirSync(path.dirname(cert));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${cert}.key`, '-out', cert, '-subj', '/CN=sealed-secret', '-days', '2'],
      {
        stdio: 'ignore',
      },
    );
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE_SECRETS.accessKeyId.value, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE_SECRETS.accessKeySecret.value };
    const sealed = runCli(['seal', '--clusters', clusters, 'idc-beijing'], { env });
    expect(sealed.stderr).toBe('');
    expect(sealed.status).toBe(0);
    expect(runCli(['validate', '--clusters', clusters]).status).toBe(0);
  });

  it('GIVEN the file exists WHEN init runs again THEN it refuses, exits 2 and leaves the file alone', () => {
    // Its own file, not the previous test's: no test depends on another's leftovers.
    const clusters = tempDir('init-exists');
    const file = path.join(clusters, 'idc-beijing.yaml');
    fs.writeFileSync(file, '# mine\n');
    const before = fs.readFileSync(file, 'utf8');
    const result = runCli(['init', '--clusters', clusters, ...flags()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: refusing to overwrite ${file}: it exists; choose another --name or --file, or remove it first\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('GIVEN another file already names the cluster WHEN init writes under another file name THEN it refuses', () => {
    const clusters = path.join(dir, 'ok');
    const result = runCli(['init', '--clusters', clusters, '--file', path.join(clusters, 'other.yaml'), ...flags()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `error: --name: found "idc-beijing", already the name of the cluster in ${path.join(clusters, 'idc-beijing.yaml')}; allowed: a name no other cluster file uses\n`,
    );
    expect(fs.existsSync(path.join(clusters, 'other.yaml'))).toBe(false);
  });

  it('GIVEN missing and malformed flags without a terminal WHEN init runs THEN it names each flag, exits 2 and writes nothing', () => {
    const clusters = path.join(dir, 'missing');
    const result = runCli(['init', '--clusters', clusters, '--name', 'Bad_Name', '--region', 'cn-beijing']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^--name: found "Bad_Name"; allowed: a DNS-1123 label/);
    expect(result.stderr).toContain('--cluster-id: missing; allowed: an ACK cluster ID: "c" followed by 32 lowercase hex digits\n');
    expect(result.stderr).toContain('--ca-cert-hash: missing; allowed: "sha256:" followed by 64 lowercase hex digits\n');
    expect(result.stderr).toContain('--token-ram-role: missing; allowed: a RAM role name');
    expect(result.stderr).toMatch(/\d+ problems; nothing written\n$/);
    expect(fs.existsSync(clusters)).toBe(false);
  });

  it("GIVEN well-formed values that break the network plan WHEN init runs THEN the loader's problem is shown and nothing written", () => {
    const clusters = path.join(dir, 'plan');
    const result = runCli(['init', '--clusters', clusters, ...flags({ ...FLAGS, 'pod-cidr': '10.0.0.0/16' })]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('onPrem.podCidr: found "10.0.0.0/16", which lies inside cloud.vpcCidr "10.0.0.0/12"');
    expect(result.stderr).toContain('problem in the answers; nothing written\n');
    expect(fs.existsSync(path.join(clusters, 'idc-beijing.yaml'))).toBe(false);
  });

  it('GIVEN a flag without its value WHEN init runs THEN it is refused with exit 2', () => {
    const result = runCli(['init', '--clusters', path.join(dir, 'novalue'), ...flags(), '--gitops-repo']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: --gitops-repo needs a value/);
  });
});

describe('init questions come from the schema', () => {
  it("GIVEN the token source question WHEN its choices are read THEN they are the schema's, and the default is one ACK One nodes can use", () => {
    const q = INIT_QUESTIONS.find((x) => x.flag === 'token-source')!;
    const schemaChoices = fieldInfo(['nodeInit', 'join', 'tokenSource', 'type']).choices;
    expect(q.choices).toEqual(schemaChoices);
    expect(schemaChoices).toEqual(expect.arrayContaining(['env', 'oos-secret-parameter']));
    // env reads KUBEADM_JOIN_TOKEN, which nothing sets on a node ACK One adds.
    expect(q.default?.({})).toBe('oos-secret-parameter');
    expect(TokenSourceSchema.safeParse({ type: q.default?.({}) }).success).toBe(false); // it needs the RAM role: asked next
  });

  it('GIVEN enum fields WHEN init asks them THEN choices and defaults equal the schema\'s, and "allowed" is the schema\'s sentence', () => {
    for (const [flag, field] of [
      ['calico-install', ['onPrem', 'calico', 'install']],
      ['os', ['nodeInit', 'os']],
      ['credentials', ['terway', 'credentials', 'mode']],
    ] as const) {
      const q = INIT_QUESTIONS.find((x) => x.flag === flag)!;
      const info = fieldInfo(field);
      expect(q.choices).toEqual(info.choices);
      expect(q.default?.({})).toBe(info.default);
    }
    expect(INIT_QUESTIONS.find((x) => x.flag === 'cluster-id')!.allowed).toBe(fieldInfo(['clusterId']).allowed);
    expect(INIT_QUESTIONS.find((x) => x.flag === 'gitops')!.choices).toEqual([...fieldInfo(['gitops', 'tool']).choices!, 'none']);
  });

  it("GIVEN a cn- region WHEN defaults are filled THEN the repositories are Alibaba's mirrors; elsewhere the schema's", () => {
    expect(withDefaults({ region: 'cn-shanghai' })['kubernetes-repository']).toBe(CN_MIRRORS.kubernetesRepository);
    expect(withDefaults({ region: 'cn-shanghai' })['containerd-repository']).toBe(CN_MIRRORS.containerdRepository);
    expect(withDefaults({ region: 'eu-central-1' })['kubernetes-repository']).toBe(fieldInfo(['nodeInit', 'kubernetesRepository']).default);
  });

  it('GIVEN no answers WHEN checked THEN every applicable question without a default is reported missing, once', () => {
    const missing = checkAnswers({}).map((p) => p.split(':')[0]);
    const filled = withDefaults({});
    const expected = INIT_QUESTIONS.filter((q) => (q.when === undefined || q.when(filled)) && !q.optional && filled[q.flag] === undefined).map(
      (q) => `--${q.flag}`,
    );
    expect(missing).toEqual(expected);
    expect(missing).toContain('--token-ram-role');
  });

  it('GIVEN versions WHEN the file is rendered THEN they are quoted strings', () => {
    const text = renderClusterFile(clusterFileFromAnswers(withDefaults({ 'kubernetes-version': '1.31.0', 'containerd-version': '2.1.5' })));
    expect(text).toContain('kubernetesVersion: "1.31.0"');
    expect(text).toContain('version: "2.1.5"');
  });
});

describe('answers given back', () => {
  it('GIVEN answers WHEN a problem the questions could not catch stops init THEN they are printed as a command line to run again', async () => {
    const { rerunCommand } = await import('../src/cli/init');
    expect(rerunCommand({ clusters: 'fleet' }, { name: 'idc-a', 'security-group': ['sg-a', 'sg-b'], 'gitops-repo': "https://h/it's.git" })).toBe(
      "ack-hybrid init --clusters fleet --name idc-a --security-group sg-a --security-group sg-b --gitops-repo 'https://h/it'\\''s.git'",
    );
  });
});

// ---- on a terminal ----

/**
 * Runs the CLI under a pseudo-terminal. `steps`: [text to wait for, keys to type]; each key is typed only
 * once its text has appeared since the previous step. Gives the whole screen output and the exit status.
 */
const PTY_DRIVER = String.raw`
import json, os, pty, select, sys
steps = json.loads(sys.argv[1])
argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b''
seen = 0
def read(deadline_s):
    global out
    r, _, _ = select.select([fd], [], [], deadline_s)
    if not r:
        return False
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return None
    if not chunk:
        return None
    out += chunk
    return True
for wait_for, keys in steps:
    while wait_for.encode() not in out[seen:]:
        got = read(20)
        if not got:
            sys.stdout.write(json.dumps({'error': 'never saw ' + wait_for, 'output': out.decode('utf8', 'replace')}))
            sys.exit(0)
    seen = out.index(wait_for.encode(), seen) + len(wait_for)
    os.write(fd, keys.encode())
while read(60):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({'status': os.waitstatus_to_exitcode(status), 'output': out.decode('utf8', 'replace')}))
`;

interface PtyResult {
  readonly status?: number;
  readonly output: string;
  readonly error?: string;
}

function onTerminal(args: readonly string[], steps: ReadonlyArray<readonly [string, string]>, cwd: string): PtyResult {
  const result = spawnSync('python3', ['-c', PTY_DRIVER, JSON.stringify(steps), process.execPath, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TERM: 'dumb' },
  });
  if (result.status !== 0) throw new Error(`pty driver failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as PtyResult;
}

describe('init on a terminal (pseudo-terminal)', () => {
  const dir = tempDir('init-pty');
  const asked = ['name', 'pod-cidr', 'vpc-cidr', 'gitops', 'gitops-repo'];
  // The questions with defaults are given too, but for the node pools (Enter: none) and the GitOps tool.
  const FULL: Record<string, string> = {
    ...FLAGS,
    'node-vswitch': 'vsw-node1:ap-southeast-1a:10.17.0.0/24',
    'pod-vswitch': 'vsw-pod1:ap-southeast-1a:10.17.1.0/24',
    'calico-install': 'manifest',
    'kubernetes-version': '1.31.0',
    'containerd-version': '2.1.5',
    os: 'deb',
    'kubernetes-repository': 'https://pkgs.k8s.io/core:/stable:',
    'containerd-repository': 'https://download.docker.com',
    'token-source': 'oos-secret-parameter',
    'token-parameter': 'hybrid-join-token',
    credentials: 'unmanaged',
  };
  const given = flags(FULL, asked);
  /** Every answer as a flag, in a consistent plan (the VPC holds the vSwitches), less `without`. */
  const allBut = (without: readonly string[], over: Record<string, string> = {}) =>
    flags({ ...FULL, 'vpc-cidr': '10.16.0.0/12', gitops: 'none', 'node-pool': '', ...over }, ['node-pool', ...without]);

  it('GIVEN a bad answer and a cross-field error WHEN typed THEN each is shown and asked again, the earlier answers are kept, and the file is written', () => {
    const clusters = path.join(dir, 'ok');
    const result = onTerminal(
      ['init', '--clusters', clusters, ...given],
      [
        ['Cluster name (output goes to dist/<name>/): ', 'Not_A_Label\r'],
        ['allowed: a DNS-1123 label', ''],
        ['Cluster name (output goes to dist/<name>/): ', 'idc-pty\r'],
        ['On-premises pod range (Calico pool): ', '10.0.0.0/16\r'],
        // The VPC range holds the pod range answered before: a rule across two answers, which names the pod
        // range. That question is asked again, its answer offered; Enter keeps it, and the VPC range comes back.
        ['VPC range: ', '10.0.0.0/12\r'],
        ['which lies inside cloud.vpcCidr', ''],
        ['On-premises pod range (Calico pool) [10.0.0.0/16]: ', '\r'],
        ['VPC range [10.0.0.0/12]: ', '10.16.0.0/12\r'],
        ['Node pools besides the default', '\r'],
        ['GitOps tool that applies dist/ (argocd, flux, none) [none]: ', 'argocd\r'],
        ['Git repository that holds dist/', 'ssh://git@git.example.com/platform/gitops.git\r'],
      ],
      dir,
    );
    expect(result.error ? `${result.error}\n${result.output}` : undefined).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.output).toContain('wrote ok/idc-pty.yaml: cluster idc-pty');
    const [loaded] = loadClusters(clusters);
    expect(loaded.spec.name).toBe('idc-pty');
    expect(loaded.spec.onPrem.podCidr).toBe('10.0.0.0/16');
    expect(loaded.spec.cloud.vpcCidr).toBe('10.16.0.0/12');
    expect(loaded.spec.gitops?.repoUrl).toBe('ssh://git@git.example.com/platform/gitops.git');
  });

  it('GIVEN a node vSwitch zone and then pod vSwitches of another zone WHEN typed THEN the node vSwitch question is asked again (the one the problem names), and the pod answer is offered back', () => {
    const clusters = path.join(dir, 'zones');
    const result = onTerminal(
      ['init', '--clusters', clusters, ...allBut(['node-vswitch', 'pod-vswitch'], { name: 'idc-zones' })],
      [
        ['Node vSwitches (ID:ZONE:CIDR, comma-separated): ', 'vsw-node1:ap-southeast-1a:10.17.0.0/24\r'],
        ['Pod vSwitches for Terway (ID:ZONE:CIDR, comma-separated): ', 'vsw-pod1:ap-southeast-1b:10.17.1.0/24\r'],
        ['a zone with no pod vSwitch', ''],
        ['asked again', ''],
        ['Node vSwitches (ID:ZONE:CIDR, comma-separated) [vsw-node1:ap-southeast-1a:10.17.0.0/24]: ', 'vsw-node1:ap-southeast-1b:10.17.0.0/24\r'],
        ['Pod vSwitches for Terway (ID:ZONE:CIDR, comma-separated) [vsw-pod1:ap-southeast-1b:10.17.1.0/24]: ', '\r'],
        ['Node pools besides the default', '\r'],
      ],
      dir,
    );
    expect(result.error ? `${result.error}\n${result.output}` : undefined).toBeUndefined();
    expect(result.status).toBe(0);
    const [loaded] = loadClusters(clusters);
    expect(loaded.spec.cloud.nodeVSwitches[0].zone).toBe('ap-southeast-1b');
    expect(loaded.spec.cloud.podVSwitches[0].zone).toBe('ap-southeast-1b');
  });

  it('GIVEN a typo in a version and a choice WHEN typed THEN the prompt gives the hints validate gives', () => {
    const clusters = path.join(dir, 'hints');
    const result = onTerminal(
      ['init', '--clusters', clusters, ...allBut(['kubernetes-version', 'containerd-version', 'os', 'ca-cert-hash'], { name: 'idc-hints' })],
      [
        ['Node pools besides the default', '\r'],
        ['Kubernetes version of the cluster (1.y.z)', 'v1.31.0\r'],
        ['drop the "v": "1.31.0"', ''],
        ['Kubernetes version of the cluster (1.y.z)', '1.31.0\r'],
        ['containerd version', '\r'],
        ["Package format of the cloud nodes' OS (rpm, deb) [rpm]: ", 'dbe\r'],
        ['did you mean "deb"?', ''],
        ["Package format of the cloud nodes' OS (rpm, deb) [rpm]: ", 'deb\r'],
        // How to get the CA hash is said before its question: kubeadm's command.
        [
          "openssl x509 -pubkey -in /etc/kubernetes/pki/ca.crt | openssl rsa -pubin -outform der 2>/dev/null | openssl dgst -sha256 -hex | sed 's/^.* /sha256:/'",
          '',
        ],
        ['kubeadm discovery hash of the cluster CA (sha256:…): ', `${HASH}\r`],
      ],
      dir,
    );
    expect(result.error ? `${result.error}\n${result.output}` : undefined).toBeUndefined();
    expect(result.status).toBe(0);
    expect(loadClusters(clusters)[0].spec.nodeInit).toMatchObject({ kubernetesVersion: '1.31.0', os: 'deb' });
  });

  it('GIVEN questions half answered WHEN Ctrl-C is pressed THEN init exits 130 and writes nothing', () => {
    const clusters = path.join(dir, 'ctrl-c');
    const result = onTerminal(
      ['init', '--clusters', clusters, ...given],
      [
        ['Cluster name (output goes to dist/<name>/): ', 'idc-ctrl-c\r'],
        ['On-premises pod range (Calico pool): ', '\u0003'],
      ],
      dir,
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(130);
    expect(result.output).toContain('interrupted: nothing written');
    // The answers so far (flags and typed), as one command that goes on from here.
    const resume = /to go on from here: (.*)\r?\n/.exec(result.output)?.[1];
    expect(resume).toContain(`init --clusters ctrl-c --name idc-ctrl-c --cluster-id ${FLAGS['cluster-id']} --region ap-southeast-1`);
    expect(resume).toContain(`--ca-cert-hash ${HASH}`);
    expect(resume).not.toContain('--pod-cidr');
    expect(fs.existsSync(clusters)).toBe(false);
  });

  it('GIVEN questions half answered WHEN input ends (Ctrl-D) THEN init exits 130 and writes nothing', () => {
    const clusters = path.join(dir, 'eof');
    const result = onTerminal(
      ['init', '--clusters', clusters, ...given],
      [
        ['Cluster name (output goes to dist/<name>/): ', 'idc-eof\r'],
        ['On-premises pod range (Calico pool): ', '\u0004'],
      ],
      dir,
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(130);
    expect(fs.existsSync(clusters)).toBe(false);
  });
});
