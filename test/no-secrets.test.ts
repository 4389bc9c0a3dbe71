/**
 * No secret goes out: with fake credentials and join tokens in the environment and pasted into cluster
 * files, nothing ack-hybrid writes or prints contains them, in any encoding (see support/secret-scan.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { runMain } from './support/main';
import { loadClusters } from '../src/config/load';
import { guardIo, report } from '../src/cli/common';
import { InvalidClustersError, UserError } from '../src/config/problems';
import { runCliAsync } from './support/cli';
import { ALL_FAKE_SECRETS, expectNoSecrets, expectNothingSecretLooking, FAKE_SECRETS, fakeSecretEnv, filesOf, findSecrets } from './support/secret-scan';
import { cleanTempDirs, contentTree, tempDir } from './support/tree';

const REPO = path.join(__dirname, '..');
// Without gitops.path, which names the example's own folder, so that renamed copies stay valid.
const GOOD_CLUSTER = fs.readFileSync(path.join(REPO, 'clusters', 'idc-hangzhou.yaml'), 'utf8').replace(/^ {2}path: .*\n/m, '');
const secretEnv = { ...process.env, ...fakeSecretEnv() };

// Child processes share the machine with the other test files: allow for a slow one.
jest.setTimeout(30_000);
afterAll(cleanTempDirs);

/** A working folder with the shipped cluster file and, optionally, more files. */
function workspace(extra: Record<string, string> = {}): string {
  const root = tempDir('secrets');
  fs.mkdirSync(path.join(root, 'clusters'));
  fs.writeFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), GOOD_CLUSTER);
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(root, 'clusters', name), text);
  return root;
}

describe('the scan itself', () => {
  test('finds a secret raw, inside base64 at every offset, percent-encoded and as hex', () => {
    const token = FAKE_SECRETS.joinToken.value;
    const places = {
      raw: `token: ${token}\n`,
      base64a: Buffer.from(`x${token}`).toString('base64'),
      base64b: Buffer.from(`xy${token}yz`).toString('base64'),
      base64c: Buffer.from(`xyz${token}`).toString('base64url'),
      url: `https://host/?t=${encodeURIComponent(FAKE_SECRETS.accessKeySecret.value)}`,
      binary: Buffer.from(`\u0000\u00ff${Buffer.from(FAKE_SECRETS.accessKeyId.value).toString('hex')}`, 'latin1'),
      clean: 'nothing here',
    };
    expect(findSecrets(places).map((leak) => leak.place)).toEqual(['raw', 'base64a', 'base64b', 'base64c', 'url', 'binary']);
  });
});

describe('with every secret in the environment', () => {
  test('synth writes none of them, prints none, and writes the same bytes as without them', async () => {
    // GIVEN credentials and a join token in the environment, as in a CI job or an admin's shell
    const withSecrets = workspace();
    const without = workspace();
    // WHEN synth runs with and without them
    const result = await runCliAsync(['synth'], { cwd: withSecrets, env: secretEnv });
    const plain = await runCliAsync(['synth'], { cwd: without });
    // THEN nothing out contains them, and the environment changed nothing
    expect(result.status).toBe(0);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr, ...filesOf(path.join(withSecrets, 'dist')) });
    expect(contentTree(path.join(withSecrets, 'dist'))).toEqual(contentTree(path.join(without, 'dist')));
    expect(plain.status).toBe(0);
  });

  test('validate prints none of them', async () => {
    const result = await runCliAsync(['validate'], { cwd: workspace(), env: secretEnv });
    expect(result.status).toBe(0);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr });
  });

  test('a failing synth prints none of them', async () => {
    const root = workspace({ 'broken.yaml': GOOD_CLUSTER.replace('name: idc-hangzhou', 'name: idc-broken').replace('maxPoolSize: 5', 'maxPoolSize: -5') });
    const result = await runCliAsync(['synth'], { cwd: root, env: secretEnv });
    expect(result.status).toBe(2);
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr });
  });
});

describe('with secrets pasted into a cluster file', () => {
  // Every string field that a hurried person might paste a credential into, and an unknown key.
  const pasted = GOOD_CLUSTER.replace(
    'region: cn-hangzhou\n',
    `region: cn-hangzhou\naccessKeySecret: ${FAKE_SECRETS.accessKeySecret.value}\n${FAKE_SECRETS.accessKeyId.value}: pasted as a key\n`,
  )
    .replace(/^clusterId: .*$/m, `clusterId: ${FAKE_SECRETS.accessKeyId.value}`)
    .replace('name: idc-hangzhou', `name: ${FAKE_SECRETS.accessKeySecret.value}`)
    .replace('vsw-bp1node0000000000000a', FAKE_SECRETS.securityToken.value)
    .replace('sg-bp1hybrid0000000000a', `"${FAKE_SECRETS.accessKeyId.value}:${FAKE_SECRETS.accessKeySecret.value}"`)
    .replace('192.168.0.10:6443', FAKE_SECRETS.joinToken.value)
    .replace(/caCertHash: .*$/m, `caCertHash: ${FAKE_SECRETS.joinToken.value}`)
    .replace('https://', `https://${FAKE_SECRETS.accessKeyId.value}:${FAKE_SECRETS.accessKeySecret.value}@`);

  test('the error messages name every field but echo no secret (in process)', () => {
    const root = workspace({ 'idc-hangzhou.yaml': pasted });
    let error: unknown;
    try {
      loadClusters(path.join(root, 'clusters'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidClustersError);
    const problems = (error as InvalidClustersError).problems;
    expect(problems.map((p) => p.field)).toEqual([
      // Unknown keys twice: once as unknown, once for the credential in the key or its value.
      'name',
      'clusterId',
      'accessKeySecret',
      'accessKeySecret',
      'LTAI****',
      'LTAI****',
      'onPrem.apiServerEndpoint',
      'cloud.nodeVSwitches[0].id',
      'cloud.securityGroupIds[0]',
      'nodeInit.scriptUrl',
      'nodeInit.join.caCertHash',
    ]);
    expectNoSecrets({ message: (error as Error).message, ...Object.fromEntries(problems.map((p, i) => [`problem ${i}`, JSON.stringify(p)])) });
  });

  test('nor does the CLI, on stdout or stderr', async () => {
    const root = workspace({ 'idc-hangzhou.yaml': pasted });
    const result = await runCliAsync(['synth'], { cwd: root, env: secretEnv });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('clusterId: found "LTAI****"');
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr });
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  test.each(ALL_FAKE_SECRETS.map((secret) => [secret.label, secret.value] as const))('%s pasted as the value of every field is masked', (_label, value) => {
    const root = workspace({ 'idc-hangzhou.yaml': GOOD_CLUSTER.replace(/: (?!\s*$)[^{[\n]+$/gm, `: "${value}"`) });
    expect(() => loadClusters(path.join(root, 'clusters'))).toThrow(InvalidClustersError);
    try {
      loadClusters(path.join(root, 'clusters'));
    } catch (error) {
      expectNoSecrets({ message: (error as Error).message });
    }
  });
});

const SIGNED_URL = `https://bucket.oss-cn-hangzhou.aliyuncs.com/init-node-ecs.sh?OSSAccessKeyId=${FAKE_SECRETS.accessKeyId.value}&Expires=1893456000&Signature=FAKEsig%3D&security-token=${FAKE_SECRETS.securityToken.value}`;

describe('every line any command prints is masked', () => {
  test('a secret in the "allowed" part of a message, or anywhere in it, is masked by the output guard', () => {
    // GIVEN a message that, through some future check, carries secrets outside "found"
    const printed: string[] = [];
    const io = guardIo({ stdout: (l) => printed.push(l), stderr: (l) => printed.push(l) });
    // WHEN it is reported
    const code = report(
      new UserError(`clusters/a.yaml:1:1: x: found "y"; allowed: ${FAKE_SECRETS.accessKeySecret.value} or ${SIGNED_URL}\n1 problem in 1 file`),
      io,
    );
    // THEN none of it reaches the terminal
    expect(code).toBe(2);
    expectNoSecrets({ printed: printed.join('\n') });
    expectNothingSecretLooking({ printed: printed.join('\n') });
  });

  test("init's echo of its flags masks pasted credentials", () => {
    // GIVEN credentials pasted as init's answers
    const root = tempDir('secrets-init');
    const result = runMain(root, [
      'init',
      '--clusters',
      'clusters',
      '--name',
      FAKE_SECRETS.accessKeySecret.value,
      '--cluster-id',
      FAKE_SECRETS.accessKeyId.value,
      '--region',
      'cn-beijing',
      '--api-server',
      FAKE_SECRETS.joinToken.value,
      '--script-url',
      SIGNED_URL,
      '--ca-cert-hash',
      FAKE_SECRETS.securityToken.value,
    ]);
    // THEN it refuses, echoing no secret, and writes nothing
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cluster-id: found "LTAI****"');
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr });
    expectNothingSecretLooking({ stdout: result.stdout, stderr: result.stderr });
    expect(fs.existsSync(path.join(root, 'clusters'))).toBe(false);
  });

  test('diff masks a signed URL and credentials in a hand-edited file of the output folder that is not a Secret', () => {
    // GIVEN a good synth, then a hand edit that pastes credentials into a ConfigMap and a note
    const root = workspace();
    expect(runMain(root, ['synth']).code).toBe(0);
    const configMap = path.join(root, 'dist', 'idc-hangzhou', 'configmap.kube-system.ack-agent-config.yaml');
    fs.appendFileSync(configMap, `  pasted: "${SIGNED_URL}"\n  also: ${FAKE_SECRETS.accessKeySecret.value}\n`);
    fs.writeFileSync(path.join(root, 'dist', 'idc-hangzhou', 'notes.txt'), `token ${FAKE_SECRETS.joinToken.value}\n${FAKE_SECRETS.accessKeyId.value}\n`);
    // WHEN diff shows the changes
    const result = runMain(root, ['diff']);
    // THEN the changed lines are shown, their credentials are not
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('pasted: "https://bucket.oss-cn-hangzhou.aliyuncs.com/init-node-ecs.sh?OSSAccessKeyId=****');
    expect(result.stdout).toContain('notes.txt');
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr });
    expectNothingSecretLooking({ stdout: result.stdout, stderr: result.stderr });
  });
});

describe('credentials cloud-managed: the AccessKey exists only in the Terraform state and the cluster Secret', () => {
  // The example on Flux, with the cloud code creating Terway's key (Terraform object in kube-system).
  const CLOUD_MANAGED = GOOD_CLUSTER.replace(/^( {2}vswitchSelectionPolicy: .*\n)/m, '$1  credentials: { mode: cloud-managed }\n').replace(
    'tool: argocd',
    'tool: flux',
  );

  test('GIVEN every secret in the environment WHEN synth runs THEN dist/ and the output hold none and nothing that looks like one', async () => {
    const root = workspace({ 'idc-hangzhou.yaml': CLOUD_MANAGED });
    const result = await runCliAsync(['synth'], { cwd: root, env: secretEnv });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = filesOf(path.join(root, 'dist'));
    expectNoSecrets({ stdout: result.stdout, stderr: result.stderr, ...files });
    const texts = Object.fromEntries(Object.entries(files).map(([name, content]) => [name, content.toString('utf8')]));
    expectNothingSecretLooking(texts);
    // AND the key is a reference to the state, never a value: the outputs name the resource's attributes
    const outputs = texts['dist/idc-hangzhou/cloud/outputs.tf.json'];
    expect(outputs).toContain('"value": "${alicloud_ram_access_key.terway_1.secret}"');
    // AND no step asks a person to handle the key: no Secret is created by hand, no output is read
    const runbook = texts['dist/idc-hangzhou/RUNBOOK.md'];
    expect(runbook).not.toMatch(/create secret generic alibaba-addon-secret|--from-literal=access-key|tofu output -raw terway/);
  });
});
