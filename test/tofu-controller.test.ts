/**
 * tofu-controller in the GitOps bootstrap (issue 24): one Terraform object per cluster with cloud code, its source,
 * path, approval and state; the `cloud-managed` credentials mode, where the cloud code creates Terway's AccessKey and
 * the Terraform object writes it into kube-system/alibaba-addon-secret; and the refusals around both.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { parseClusterFile } from '../src/config/load';
import { formatProblem } from '../src/config/problems';
import { Bundle } from '../src/build/bundle';
import { bundleOf, KubeDoc, kustomize, writeBundleTo } from './gitops-helpers';

/** The shipped example without gitops.path, split where the tests change it. */
const EXAMPLE = fs.readFileSync(path.join(__dirname, '..', 'clusters', 'idc-hangzhou.yaml'), 'utf8');
const BASE = EXAMPLE.split('\ngitops:\n')[0] + '\n';
const ARGO = 'gitops: { tool: argocd, repoUrl: "https://git.example.com/platform/hybrid-gitops.git" }\n';
const FLUX = 'gitops: { tool: flux, repoUrl: "git@git.example.com:platform/hybrid-gitops.git", revision: release/1.2, flux: { secretRef: git-auth } }\n';
const CLOUD_MANAGED = '  credentials: { mode: cloud-managed }\n';

/** A cluster file with a terraform section: `credentials` lines go under terway, `terraform` lines under terraform. */
function cloudCluster(opts: { gitops?: string; credentials?: string; terraform?: string; name?: string } = {}): string {
  const base = opts.credentials === undefined ? BASE : BASE.replace(/^( {2}vswitchSelectionPolicy: .*\n)/m, `$1${opts.credentials}`);
  const terraform = `terraform:\n  vpcId: vpc-bp1hybrid000000000000a\n  defaultPoolInstances: { types: [ecs.g7.xlarge] }\n${opts.terraform ?? ''}`;
  const text = `${base}${opts.gitops ?? ARGO}${terraform}`;
  return opts.name === undefined ? text : text.replace('name: idc-hangzhou', `name: ${opts.name}`);
}

function doc(bundle: Bundle, file: string): KubeDoc {
  const text = bundle.get(file);
  if (text === undefined) throw new Error(`no ${file}; files: ${[...bundle.keys()].filter((f) => f.startsWith('gitops/')).join(', ')}`);
  return parse(text) as KubeDoc;
}

function problems(text: string): string[] {
  return parseClusterFile('c.yaml', text).problems.map(formatProblem);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- generated Terraform JSON, read field by field
function cloudJson(bundle: Bundle, file: string): any {
  return JSON.parse(bundle.get(`idc-hangzhou/cloud/${file}`)!);
}

describe('the Terraform object with Argo CD', () => {
  const bundle = bundleOf({ 'c.yaml': cloudCluster() });

  test('GIVEN an Argo CD cluster with cloud code THEN gitops/<cluster>/tofu/ has a GitRepository of the same repository and revision, and the Terraform object', () => {
    const repo = doc(bundle, 'gitops/idc-hangzhou/tofu/gitrepository.flux-system.idc-hangzhou.yaml');
    const app = doc(bundle, 'gitops/idc-hangzhou/application.argocd.idc-hangzhou.yaml');
    expect(repo.spec).toEqual({ interval: '10m', url: app.spec.source.repoURL, ref: { branch: app.spec.source.targetRevision } });
    const tf = doc(bundle, 'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou.yaml');
    expect(tf.apiVersion).toBe('infra.contrib.fluxcd.io/v1alpha2');
    expect(tf.metadata).toMatchObject({ name: 'idc-hangzhou', namespace: 'flux-system' });
    expect(tf.spec).toEqual({
      interval: '1h',
      path: './dist/idc-hangzhou/cloud',
      sourceRef: { kind: 'GitRepository', name: 'idc-hangzhou' },
      serviceAccountName: 'tf-runner',
      backendConfig: { secretSuffix: 'idc-hangzhou', inClusterConfig: true },
      runnerPodTemplate: { spec: { envFrom: [{ secretRef: { name: 'ack-hybrid-idc-hangzhou-tofu' } }] } },
      dependsOn: [{ name: 'idc-hangzhou-join-token' }],
    });
    // AND a person approves each plan: approvePlan is left out, which the controller reads as manual
    expect('approvePlan' in tf.spec).toBe(false);
    // AND no Secret is written in this mode
    expect('writeOutputsToSecret' in tf.spec).toBe(false);
  });

  test('GIVEN the bootstrap folder and the ApplicationSet folder THEN both kustomizations include the tofu folder, and kustomize renders it', () => {
    expect(parse(bundle.get('gitops/idc-hangzhou/kustomization.yaml')!).resources).toEqual(['application.argocd.idc-hangzhou.yaml', 'tofu']);
    expect(parse(bundle.get('gitops/kustomization.yaml')!).resources).toEqual(['applicationset.argocd.ack-hybrid.yaml', 'idc-hangzhou/tofu']);
    const dir = writeBundleTo(bundle);
    const kinds = (folder: string) => kustomize(path.join(dir, folder)).map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`);
    expect(kinds('gitops/idc-hangzhou').sort()).toEqual([
      'Application/argocd/idc-hangzhou',
      'GitRepository/flux-system/idc-hangzhou',
      'Terraform/flux-system/idc-hangzhou',
      'Terraform/flux-system/idc-hangzhou-join-token',
    ]);
    expect(kinds('gitops').sort()).toEqual([
      'ApplicationSet/argocd/ack-hybrid',
      'GitRepository/flux-system/idc-hangzhou',
      'Terraform/flux-system/idc-hangzhou',
      'Terraform/flux-system/idc-hangzhou-join-token',
    ]);
  });

  test('GIVEN the path of the cloud module THEN it is the folder the cloud code is in', () => {
    const tf = doc(bundle, 'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou.yaml');
    expect(bundle.has(`${tf.spec.path.replace(/^\.\/dist\//, '')}/versions.tf.json`)).toBe(true);
  });
});

describe('the Terraform object with Flux', () => {
  test("GIVEN a Flux cluster THEN the Terraform object in Flux's namespace reads the bootstrap's own GitRepository, and no second one is written", () => {
    const bundle = bundleOf({ 'c.yaml': cloudCluster({ gitops: FLUX }) });
    const tf = doc(bundle, 'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou.yaml');
    expect(tf.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'idc-hangzhou' });
    expect(bundle.has('gitops/idc-hangzhou/gitrepository.flux-system.idc-hangzhou.yaml')).toBe(true);
    expect([...bundle.keys()].filter((f) => f.startsWith('gitops/idc-hangzhou/tofu/'))).toEqual([
      'gitops/idc-hangzhou/tofu/kustomization.yaml',
      'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou-join-token.yaml',
      'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou.yaml',
    ]);
    expect(parse(bundle.get('gitops/idc-hangzhou/kustomization.yaml')!).resources).toContain('tofu');
  });

  test('GIVEN runner settings THEN they reach the object: auto approval, interval, service account, env Secret, oss state', () => {
    const runner =
      '  runner: { mode: tofu-controller, namespace: infra, interval: 30m, approvePlan: auto, serviceAccountName: hybrid-runner, envSecret: cloud-env, gitSecretRef: infra-git, state: { backend: oss, configSecret: oss-backend } }\n';
    const bundle = bundleOf({ 'c.yaml': cloudCluster({ gitops: FLUX, terraform: runner }) });
    const tf = doc(bundle, 'gitops/idc-hangzhou/tofu/terraform.infra.idc-hangzhou.yaml');
    expect(tf.spec).toEqual({
      interval: '30m',
      path: './dist/idc-hangzhou/cloud',
      sourceRef: { kind: 'GitRepository', name: 'idc-hangzhou' },
      approvePlan: 'auto',
      serviceAccountName: 'hybrid-runner',
      backendConfig: { disable: true },
      backendConfigsFrom: [{ kind: 'Secret', name: 'oss-backend' }],
      runnerPodTemplate: { spec: { envFrom: [{ secretRef: { name: 'cloud-env' } }] } },
      dependsOn: [{ name: 'idc-hangzhou-join-token' }],
    });
    // AND the join token's object shares the runner and the oss settings; its module's own state key keeps the states apart
    const joinToken = doc(bundle, 'gitops/idc-hangzhou/tofu/terraform.infra.idc-hangzhou-join-token.yaml');
    expect(joinToken.spec).toMatchObject({
      approvePlan: 'auto',
      serviceAccountName: 'hybrid-runner',
      backendConfig: { disable: true },
      backendConfigsFrom: [{ kind: 'Secret', name: 'oss-backend' }],
      runnerPodTemplate: { spec: { envFrom: [{ secretRef: { name: 'cloud-env' } }] } },
    });
    expect(JSON.parse(bundle.get('idc-hangzhou/cloud/join-token/versions.tf.json')!).terraform.backend).toEqual({ oss: { key: 'join-token.tfstate' } });
    // AND outside Flux's namespace it gets its own source (cross-namespace references are refused by default)
    expect(doc(bundle, 'gitops/idc-hangzhou/tofu/gitrepository.infra.idc-hangzhou.yaml').spec).toEqual({
      interval: '10m',
      url: 'ssh://git@git.example.com/platform/hybrid-gitops.git',
      ref: { branch: 'release/1.2' },
      secretRef: { name: 'infra-git' },
    });
  });

  test('GIVEN a whole plan ID THEN it is the approvePlan', () => {
    const bundle = bundleOf({ 'c.yaml': cloudCluster({ terraform: '  runner: { mode: tofu-controller, approvePlan: plan-main-1a2b3c4d5e }\n' }) });
    expect(doc(bundle, 'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou.yaml').spec.approvePlan).toBe('plan-main-1a2b3c4d5e');
  });
});

describe("the join token's Terraform object (rotating token, the default)", () => {
  const joinTokenFile = 'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou-join-token.yaml';

  test('GIVEN manual approval of the cloud code WHEN the join token rotates THEN its own object applies cloud/join-token unattended, every applyInterval, and the main object stays manual', () => {
    const bundle = bundleOf({ 'c.yaml': cloudCluster({ terraform: '  joinToken: { mode: rotating, applyInterval: 2d, rotateEvery: 7d, lifetime: 14d }\n' }) });
    const joinToken = doc(bundle, joinTokenFile);
    expect(joinToken.apiVersion).toBe('infra.contrib.fluxcd.io/v1alpha2');
    expect(joinToken.metadata).toMatchObject({ name: 'idc-hangzhou-join-token', namespace: 'flux-system' });
    expect(joinToken.spec).toEqual({
      // a Go duration: metav1.Duration has no days
      interval: '48h',
      path: './dist/idc-hangzhou/cloud/join-token',
      sourceRef: { kind: 'GitRepository', name: 'idc-hangzhou' },
      approvePlan: 'auto',
      serviceAccountName: 'tf-runner',
      // its own state Secret: the two modules never share a state
      backendConfig: { secretSuffix: 'idc-hangzhou-join-token', inClusterConfig: true },
      runnerPodTemplate: { spec: { envFrom: [{ secretRef: { name: 'ack-hybrid-idc-hangzhou-tofu' } }] } },
    });
    expect(bundle.has(`${joinToken.spec.path.replace(/^\.\/dist\//, '')}/join-token.tf.json`)).toBe(true);
    const main = doc(bundle, 'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou.yaml');
    expect('approvePlan' in main.spec).toBe(false);
    expect(main.spec.dependsOn).toEqual([{ name: joinToken.metadata.name }]);
  });

  test('GIVEN an applyInterval in minutes THEN the interval is those minutes', () => {
    const bundle = bundleOf({ 'c.yaml': cloudCluster({ terraform: '  joinToken: { mode: rotating, applyInterval: 90m }\n' }) });
    expect(doc(bundle, joinTokenFile).spec.interval).toBe('90m');
  });

  test('GIVEN a supplied token THEN there is no join-token object or module and the main object depends on nothing', () => {
    const bundle = bundleOf({ 'c.yaml': cloudCluster({ terraform: '  joinToken: { mode: supplied }\n' }) });
    expect(bundle.has(joinTokenFile)).toBe(false);
    expect([...bundle.keys()].filter((f) => f.includes('/cloud/join-token/'))).toEqual([]);
    expect('dependsOn' in doc(bundle, 'gitops/idc-hangzhou/tofu/terraform.flux-system.idc-hangzhou.yaml').spec).toBe(false);
  });
});

describe('no Terraform object', () => {
  test.each([
    ['runner none', cloudCluster({ terraform: '  runner: { mode: none }\n' })],
    ['no gitops section', cloudCluster({ gitops: '' })],
  ])('GIVEN %s THEN nothing is under a tofu folder', (_label, text) => {
    expect([...bundleOf({ 'c.yaml': text }).keys()].filter((f) => f.includes('/tofu/'))).toEqual([]);
  });
});

describe('credentials cloud-managed', () => {
  const bundle = bundleOf({ 'c.yaml': cloudCluster({ gitops: FLUX, credentials: CLOUD_MANAGED }) });
  const tfFile = 'gitops/idc-hangzhou/tofu/terraform.kube-system.idc-hangzhou.yaml';

  test('GIVEN cloud-managed THEN the Terraform object is in kube-system with its own source and writes alibaba-addon-secret with the keys Terway reads', () => {
    const tf = doc(bundle, tfFile);
    expect(tf.spec.writeOutputsToSecret).toEqual({
      name: 'alibaba-addon-secret',
      outputs: ['terway_access_key_id:access-key-id', 'terway_access_key_secret:access-key-secret'],
    });
    expect(tf.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'idc-hangzhou' });
    // The Git credentials Secret named for Flux is used in kube-system too (the RUNBOOK says to copy it).
    expect(doc(bundle, 'gitops/idc-hangzhou/tofu/gitrepository.kube-system.idc-hangzhou.yaml').spec.secretRef).toEqual({ name: 'git-auth' });
    // AND deleting it would delete the Secret (the controller's finalizer): the tools never prune or delete it
    expect(tf.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
  });

  test('GIVEN cloud-managed THEN the cloud code creates the key for the RAM user, and each output the object writes exists, is sensitive and is that key', () => {
    const ram = cloudJson(bundle, 'terway-ram.tf.json');
    expect(ram.resource.alicloud_ram_access_key).toEqual({ terway_1: { user_name: '${alicloud_ram_user.terway.name}', status: 'Active' } });
    const outputs = cloudJson(bundle, 'outputs.tf.json').output;
    const written = (doc(bundle, tfFile).spec.writeOutputsToSecret.outputs as string[]).map((o) => o.split(':')[0]);
    for (const name of written) expect(outputs[name]).toMatchObject({ sensitive: true });
    expect(outputs.terway_access_key_id.value).toBe('${alicloud_ram_access_key.terway_1.id}');
    expect(outputs.terway_access_key_secret.value).toBe('${alicloud_ram_access_key.terway_1.secret}');
  });

  test('GIVEN keyGeneration 2 THEN the key is a new resource, so the next plan replaces it', () => {
    const rotated = bundleOf({ 'c.yaml': cloudCluster({ gitops: FLUX, credentials: '  credentials: { mode: cloud-managed, keyGeneration: 2 }\n' }) });
    expect(Object.keys(JSON.parse(rotated.get('idc-hangzhou/cloud/terway-ram.tf.json')!).resource.alicloud_ram_access_key)).toEqual(['terway_2']);
  });

  test('GIVEN cloud-managed THEN the cluster folder has no Secret, SealedSecret or ExternalSecret: only tofu-controller writes it', () => {
    const kinds = [...bundle.keys()].filter((f) => f.startsWith('idc-hangzhou/') && /secret/i.test(path.basename(f)));
    expect(kinds).toEqual([]);
  });

  test('GIVEN the other modes THEN the cloud code has no access key and no key outputs', () => {
    const plain = bundleOf({ 'c.yaml': cloudCluster() });
    expect(plain.get('idc-hangzhou/cloud/terway-ram.tf.json')).not.toContain('alicloud_ram_access_key');
    expect(plain.get('idc-hangzhou/cloud/outputs.tf.json')).not.toContain('terway_access_key');
  });
});

describe('credentials instance-role', () => {
  test('GIVEN instance-role with Terway on the node role THEN no credentials object and no access key', () => {
    const text = cloudCluster({
      credentials: '  credentials: { mode: instance-role }\n',
      terraform: '  terwayIdentity: { type: ram-role, roleName: ack-hybrid-idc-hangzhou-node }\n',
    });
    const bundle = bundleOf({ 'c.yaml': text });
    expect([...bundle.keys()].filter((f) => /secret/i.test(path.basename(f)))).toEqual([]);
    expect(bundle.get('idc-hangzhou/cloud/terway-ram.tf.json')).toContain('alicloud_ram_role_policy_attachment');
  });
});

describe('refused with exit-2 messages', () => {
  test('GIVEN cloud-managed without a terraform section THEN it is refused at the mode', () => {
    const text = cloudCluster({ credentials: CLOUD_MANAGED }).split('\nterraform:\n')[0] + '\n';
    expect(problems(text)).toEqual([
      'c.yaml:25:24: terway.credentials.mode: found "cloud-managed" without a terraform section; allowed: a terraform section: the cloud code creates the AccessKey (alicloud_ram_access_key), or another mode',
    ]);
  });

  test('GIVEN cloud-managed without gitops, with runner none, in another namespace, or with Terway on a role THEN each is refused', () => {
    expect(problems(cloudCluster({ credentials: CLOUD_MANAGED, gitops: '' }))).toEqual([
      'c.yaml:25:24: terway.credentials.mode: found "cloud-managed" without a gitops section; allowed: a gitops section: tofu-controller\'s Terraform object, which writes the Secret, is part of the GitOps bootstrap',
    ]);
    expect(problems(cloudCluster({ credentials: CLOUD_MANAGED, terraform: '  runner: { mode: none }\n' }))).toEqual([
      'c.yaml:49:19: terraform.runner.mode: found "none" with terway.credentials.mode "cloud-managed"; allowed: "tofu-controller": its writeOutputsToSecret puts the AccessKey into the Secret, so that no person reads it',
    ]);
    expect(problems(cloudCluster({ credentials: CLOUD_MANAGED, terraform: '  runner: { mode: tofu-controller, namespace: flux-system }\n' }))).toEqual([
      'c.yaml:49:47: terraform.runner.namespace: found "flux-system" with terway.credentials.mode "cloud-managed"; allowed: "kube-system" (the default with cloud-managed): tofu-controller writes outputs only into the Terraform object\'s namespace, and Terway reads kube-system/alibaba-addon-secret',
    ]);
    expect(problems(cloudCluster({ credentials: CLOUD_MANAGED, terraform: '  terwayIdentity: { type: ram-role, roleName: r }\n' }))).toEqual([
      'c.yaml:25:24: terway.credentials.mode: found "cloud-managed" with terraform.terwayIdentity "ram-role"; allowed: terraform.terwayIdentity { type: ram-user }: the AccessKey belongs to that RAM user (or mode "instance-role" for Terway on a role)',
    ]);
  });

  test('GIVEN instance-role with Terway as a RAM user THEN it is refused', () => {
    expect(problems(cloudCluster({ credentials: '  credentials: { mode: instance-role }\n' }))).toEqual([
      'c.yaml:25:24: terway.credentials.mode: found "instance-role" with terraform.terwayIdentity "ram-user"; allowed: with a terraform section, terraform.terwayIdentity { type: ram-role, roleName: <the node pools\' instance role> }: the cloud code attaches Terway\'s policy to that role',
    ]);
  });

  test.each([
    ['a plan-ID prefix', 'plan-main-'],
    ['a short hash', 'plan-main-1a2b'],
    ['another word', 'yes'],
  ])('GIVEN approvePlan %s THEN it is refused: a prefix would approve more than one plan', (_label, value) => {
    const [problem] = problems(cloudCluster({ terraform: `  runner: { mode: tofu-controller, approvePlan: ${value} }\n` }));
    expect(problem).toMatch(
      new RegExp(
        `^c\\.yaml:48:\\d+: terraform\\.runner\\.approvePlan: found "${value}".*allowed: "manual", "auto", or a whole plan ID as tofu-controller prints it`,
      ),
    );
  });

  test('GIVEN a misspelt runner field or mode THEN it is refused naming what is allowed', () => {
    expect(problems(cloudCluster({ terraform: '  runner: { mode: tofu-controller, approve: auto }\n' }))[0]).toMatch(/terraform\.runner\.approve: found/);
    expect(problems(cloudCluster({ terraform: '  runner: { mode: flux }\n' }))).toEqual([
      'c.yaml:48:19: terraform.runner.mode: found "flux"; allowed: one of "tofu-controller" or "none"',
    ]);
  });
});
