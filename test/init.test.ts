import * as fs from 'fs';
import * as path from 'path';
import { loadClusters } from '../src/config/load';
import { checkAnswers, INIT_QUESTIONS } from '../src/init';
import { runCli } from './support/cli';
import { tempDir } from './support/tree';

const FLAGS = [
  '--name', 'idc-beijing',
  '--cluster-id', 'c00000000000000000000000000000001',
  '--region', 'cn-beijing',
  '--api-server', '192.168.1.10:6443',
  '--node-cidr', '192.168.1.0/24',
  '--pod-cidr', '10.100.0.0/16',
  '--service-cidr', '10.96.0.0/16',
  '--vpc-cidr', '10.0.0.0/12',
  '--node-vswitch', 'vsw-node1:cn-beijing-a:10.1.0.0/24',
  '--pod-vswitch', 'vsw-pod1:cn-beijing-a:10.1.1.0/24,vsw-pod2:cn-beijing-b:10.1.2.0/24',
  '--security-group', 'sg-one',
  '--kubernetes-version', '1.33.0',
  '--script-url', 'https://example-bucket.oss-cn-beijing-internal.aliyuncs.com/init-node-ecs.sh',
  '--ca-cert-hash', `sha256:${'ab'.repeat(32)}`,
];

function withFlag(flag: string, value: string): string[] {
  const i = FLAGS.indexOf(flag);
  return [...FLAGS.slice(0, i + 1), value, ...FLAGS.slice(i + 2)];
}

describe('ack-hybrid init', () => {
  const dir = tempDir('init');

  it('GIVEN every value as a flag WHEN init runs THEN it writes <clusters>/<name>.yaml that synth accepts', () => {
    const clusters = path.join(dir, 'ok');
    const result = runCli(['init', '--clusters', clusters, ...FLAGS]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const file = path.join(clusters, 'idc-beijing.yaml');
    expect(result.stdout).toBe(`wrote ${file}: cluster idc-beijing; check it with 'npm run validate', write its bundle with 'npm run synth'\n`);
    const [loaded] = loadClusters(clusters);
    expect(loaded.spec.cloud.podVSwitches).toEqual([
      { id: 'vsw-pod1', zone: 'cn-beijing-a', cidr: '10.1.1.0/24' },
      { id: 'vsw-pod2', zone: 'cn-beijing-b', cidr: '10.1.2.0/24' },
    ]);
    expect(loaded.spec.onPrem.calico.install).toBe('manifest');
    expect(loaded.spec.nodeInit.os).toBe('rpm');
    expect(runCli(['synth', '--clusters', clusters, '--out', path.join(dir, 'ok-dist')]).status).toBe(0);
  });

  it('GIVEN the file exists WHEN init runs again THEN it refuses, exits 2 and leaves the file alone', () => {
    const clusters = path.join(dir, 'ok');
    const file = path.join(clusters, 'idc-beijing.yaml');
    fs.appendFileSync(file, '# mine\n');
    const before = fs.readFileSync(file, 'utf8');
    const result = runCli(['init', '--clusters', clusters, ...FLAGS]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: refusing to overwrite ${file}: it exists; choose another --name or --file, or remove it first\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('GIVEN another file already names the cluster WHEN init writes under another file name THEN it refuses', () => {
    const clusters = path.join(dir, 'ok');
    const result = runCli(['init', '--clusters', clusters, '--file', path.join(clusters, 'other.yaml'), ...FLAGS]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: --name: found "idc-beijing", already the name of the cluster in ${path.join(clusters, 'idc-beijing.yaml')}; allowed: a name no other cluster file uses\n`);
    expect(fs.existsSync(path.join(clusters, 'other.yaml'))).toBe(false);
  });

  it('GIVEN missing and malformed flags without a terminal WHEN init runs THEN it names each flag, exits 2 and writes nothing', () => {
    const clusters = path.join(dir, 'missing');
    const result = runCli(['init', '--clusters', clusters, '--name', 'Bad_Name', '--region', 'cn-beijing']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^--name: found "Bad_Name"; allowed: a DNS-1123 label/);
    expect(result.stderr).toContain('--cluster-id: missing; allowed: an ACK cluster ID: "c" followed by 32 lowercase hex digits\n');
    expect(result.stderr).toContain('--ca-cert-hash: missing; allowed: "sha256:" followed by 64 lowercase hex digits\n');
    expect(result.stderr).toMatch(/\d+ problems; nothing written\n$/);
    expect(fs.existsSync(clusters)).toBe(false);
  });

  it('GIVEN well-formed values that break the network plan WHEN init runs THEN the loader\'s problem is shown and nothing written', () => {
    const clusters = path.join(dir, 'plan');
    const result = runCli(['init', '--clusters', clusters, ...withFlag('--pod-cidr', '10.0.0.0/16')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('onPrem.podCidr: found "10.0.0.0/16", which lies inside cloud.vpcCidr "10.0.0.0/12"');
    expect(result.stderr).toContain('problem in the answers; nothing written\n');
    expect(fs.existsSync(path.join(clusters, 'idc-beijing.yaml'))).toBe(false);
  });
});

describe('init questions', () => {
  it('GIVEN no answers WHEN checked THEN every question without a default is reported missing, once', () => {
    const missing = checkAnswers({}).map((p) => p.split(':')[0]);
    expect(missing).toEqual(INIT_QUESTIONS.filter((q) => q.default === undefined).map((q) => `--${q.flag}`));
  });
});

describe('init prompts', () => {
  it('GIVEN a terminal session WHEN a malformed answer is typed THEN it is re-asked with what is allowed, and defaults apply on empty answers', async () => {
    const { PassThrough } = await import('stream');
    const { askMissing } = await import('../src/cli/init');
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => {
      shown += chunk.toString();
    });
    const given = Object.fromEntries(INIT_QUESTIONS.filter((q) => !['name', 'os'].includes(q.flag)).map((q) => [q.flag, 'given']));
    const answers = askMissing(given, input, output);
    input.write('Not_A_Label\n');
    await new Promise((resolve) => setImmediate(resolve));
    input.write('idc-shanghai\n');
    await new Promise((resolve) => setImmediate(resolve));
    input.write('\n');
    await expect(answers).resolves.toMatchObject({ name: 'idc-shanghai', os: 'rpm', region: 'given' });
    expect(shown).toContain('Cluster name (output goes to dist/<name>/): ');
    expect(shown).toContain('  allowed: a DNS-1123 label');
    expect(shown).toContain("Package format of the cloud nodes' OS [rpm]: ");
  });
});
