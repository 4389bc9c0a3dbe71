/**
 * The offline `terraform validate` of the cloud code (src/cloud/terraform/validate.ts and checks.ts): it must
 * refuse what Terraform and the provider would refuse, so every case starts from a module that passes and
 * breaks one thing.
 */
import { createHash } from 'crypto';
import { cloudFiles } from '../src/cloud';
import { checkModule } from '../src/cloud/terraform/checks';
import { Json, JsonObject, TerraformFile } from '../src/cloud/terraform/json';
import { providerSchema, providerSchemas } from '../src/cloud/terraform/provider-schema';
import { TerraformProblem, validateModule } from '../src/cloud/terraform/validate';
import { goldenBundle } from './support/golden';

const schema = providerSchema();
const providers = providerSchemas();
const SCRIPT = '#!/bin/bash\necho hello\n';
const md5 = (text: string) => createHash('md5').update(text).digest('base64');

/**
 * A small module that passes: a policy, a role, an attachment, a node pool, a variable and an output, and one
 * slot of the rotating join token (time, random and kubernetes resources, a local, a conditional).
 */
function validModule(): Map<string, TerraformFile> {
  return new Map<string, TerraformFile>([
    [
      'versions.tf.json',
      {
        terraform: {
          required_version: '>= 1.5.0',
          required_providers: {
            alicloud: { source: 'aliyun/alicloud', version: schema.provider.version },
            time: { source: 'hashicorp/time', version: providers.time.provider.version },
            random: { source: 'hashicorp/random', version: providers.random.provider.version },
            kubernetes: { source: 'hashicorp/kubernetes', version: providers.kubernetes.provider.version },
          },
          backend: { oss: {} },
        },
        provider: { alicloud: { region: 'cn-hangzhou' } },
      },
    ],
    [
      'main.tf.json',
      {
        variable: { join_token: { type: 'string', sensitive: true } },
        resource: {
          alicloud_ram_policy: {
            p: {
              policy_name: 'p',
              policy_document: '{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:DescribeInstanceTypes"],"Resource":["*"]}]}',
            },
          },
          alicloud_ram_role: {
            node: {
              role_name: 'node',
              assume_role_policy_document:
                '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}',
            },
          },
          alicloud_ram_role_policy_attachment: {
            a: { policy_name: '${alicloud_ram_policy.p.policy_name}', policy_type: 'Custom', role_name: '${alicloud_ram_role.node.role_name}' },
          },
          alicloud_oos_secret_parameter: { t: { secret_parameter_name: 'token', value: '${var.join_token}' } },
          time_rotating: {
            a: { rotation_minutes: 2880 },
            b: { rotation_minutes: 2880, rfc3339: '${time_offset.b_start.rfc3339}', lifecycle: { ignore_changes: ['rfc3339'] } },
          },
          time_offset: { b_start: { base_rfc3339: '${time_rotating.a.rfc3339}', offset_minutes: 1440 } },
          random_string: { a_id: { length: 6, upper: false, special: false, keepers: { rotation: '${time_rotating.a.id}' } } },
          random_password: { a_secret: { length: 16, upper: false, special: false, keepers: { rotation: '${time_rotating.a.id}' } } },
          kubernetes_secret_v1: {
            a: {
              metadata: [{ name: 'bootstrap-token-${random_string.a_id.result}', namespace: 'kube-system' }],
              type: 'bootstrap.kubernetes.io/token',
              data: { 'token-id': '${random_string.a_id.result}', 'token-secret': '${random_password.a_secret.result}' },
            },
          },
          alicloud_oss_bucket_object: { s: { bucket: 'b', key: 'k', source: '${path.module}/../init-node-ecs.sh', content_md5: md5(SCRIPT) } },
          alicloud_cs_kubernetes_node_pool: {
            pool_a: {
              cluster_id: 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9',
              node_pool_name: 'a',
              vswitch_ids: ['vsw-a'],
              instance_types: ['ecs.g7.xlarge'],
              desired_size: '1',
              labels: [{ key: 'k', value: 'v' }],
              depends_on: ['alicloud_ram_role_policy_attachment.a'],
            },
          },
        },
        locals: { token_a: '${random_string.a_id.result}.${random_password.a_secret.result}' },
        output: {
          role: { value: '${alicloud_ram_role.node.role_name}' },
          newer: { value: '${time_rotating.a.unix >= time_rotating.b.unix ? local.token_a : var.join_token}', sensitive: true },
        },
      },
    ],
  ]);
}

/** A deep copy of main.tf.json that each case edits at any depth (typed loosely on purpose: the edits make it invalid). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case breaks the module's shape on purpose
type Editable = Record<string, any>;

/** The valid module with `edit` applied to a deep copy of main.tf.json. */
function broken(edit: (main: Editable) => void): Map<string, TerraformFile> {
  const module = validModule();
  const main = JSON.parse(JSON.stringify(module.get('main.tf.json')));
  edit(main);
  module.set('main.tf.json', main as JsonObject);
  return module;
}

function problemsOf(module: ReadonlyMap<string, TerraformFile>): TerraformProblem[] {
  return [...validateModule(module, { providers }), ...checkModule(module, { siblings: new Map([['init-node-ecs.sh', SCRIPT]]) })];
}

const lines = (problems: readonly TerraformProblem[]) => problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);

test('GIVEN the valid module THEN it has no problem (so every case below fails for its one change)', () => {
  expect(lines(problemsOf(validModule()))).toEqual([]);
});

describe('GIVEN one thing broken WHEN validated THEN exactly that is named', () => {
  test.each<[string, (m: Editable) => void, RegExp]>([
    [
      'an unknown resource type',
      (m) => (m.resource.alicloud_ram_polcy = { x: {} }),
      /resource\.alicloud_ram_polcy: unknown resource type; did you mean "alicloud_ram_policy"\?/,
    ],
    [
      'a misspelt argument',
      (m) => (m.resource.alicloud_ram_policy.p.policy_nme = 'x'),
      /alicloud_ram_policy\.p\.policy_nme: unknown argument; did you mean "policy_name"\?/,
    ],
    [
      'a missing required argument',
      (m) => delete m.resource.alicloud_ram_role_policy_attachment.a.policy_type,
      /alicloud_ram_role_policy_attachment\.a\.policy_type: the required argument is missing/,
    ],
    [
      'a bad enum value',
      (m) => (m.resource.alicloud_ram_role_policy_attachment.a.policy_type = 'custom'),
      /policy_type: found "custom"; allowed: one of "System", "Custom"; did you mean "Custom"\?/,
    ],
    [
      'a number where the schema says string',
      (m) => (m.resource.alicloud_cs_kubernetes_node_pool.pool_a.desired_size = 1),
      /desired_size: found number 1; allowed: a string/,
    ],
    ['a read-only attribute', (m) => (m.resource.alicloud_ram_role.node.arn = 'acs:ram::1:role/node'), /alicloud_ram_role\.node\.arn: read-only/],
    ['a deprecated argument', (m) => (m.resource.alicloud_ram_role.node.name = 'node'), /alicloud_ram_role\.node\.name: deprecated by the provider/],
    [
      'two conflicting arguments',
      (m) => (m.resource.alicloud_oss_bucket_object.s.content = 'x'),
      /alicloud_oss_bucket_object\.s\.content: conflicts with "source"/,
    ],
    [
      'a nested block with an unknown argument',
      (m) => (m.resource.alicloud_cs_kubernetes_node_pool.pool_a.labels[0].vaule = 'v'),
      /labels\.0\.vaule: unknown argument; did you mean "value"\?/,
    ],
    [
      'a nested block missing its required key',
      (m) => delete m.resource.alicloud_cs_kubernetes_node_pool.pool_a.labels[0].key,
      /labels\.0\.key: the required argument is missing/,
    ],
    [
      'a reference to an undeclared variable',
      (m) => (m.resource.alicloud_oos_secret_parameter.t.value = '${var.join_tokn}'),
      /\$\{var\.join_tokn\}: no such variable is declared/,
    ],
    ['a reference to an undeclared resource', (m) => (m.output.role.value = '${alicloud_ram_role.nodes.role_name}'), /no alicloud_ram_role\.nodes is declared/],
    [
      'a reference to an unknown attribute',
      (m) => (m.output.role.value = '${alicloud_ram_role.node.role}'),
      /alicloud_ram_role has no attribute "role"; did you mean "arn"\?|has no attribute "role"/,
    ],
    ['an expression that is not a reference', (m) => (m.output.role.value = '${upper(alicloud_ram_role.node.role_name)}'), /is not a reference/],
    [
      'depends_on naming nothing',
      (m) => (m.resource.alicloud_cs_kubernetes_node_pool.pool_a.depends_on = ['alicloud_ram_role_policy_attachment.b']),
      /depends_on\.0: "alicloud_ram_role_policy_attachment\.b" names no resource/,
    ],
    [
      'a literal secret',
      (m) => (m.resource.alicloud_oos_secret_parameter.t.value = 'abcdef.0123456789abcdef'),
      /holds a kubeadm join token: a secret comes from a sensitive variable, never a literal/,
    ],
    [
      'a join token after a line break (JSON would escape it to "\\nabcdef…")',
      (m) => (m.resource.alicloud_ram_policy.p.description = 'token:\nabcdef.0123456789abcdef'),
      /description: holds a kubeadm join token/,
    ],
    [
      'an AccessKey ID in a description',
      (m) => (m.resource.alicloud_ram_policy.p.description = 'key LTAI5tAbCdEfGhIjKlMnOpQr'),
      /description: holds an AccessKey ID/,
    ],
    [
      'a policy document that does not parse',
      (m) => (m.resource.alicloud_ram_policy.p.policy_document = '{"Version":"1",'),
      /policy_document: not a JSON document/,
    ],
    [
      "a policy document over RAM's limit",
      (m) =>
        (m.resource.alicloud_ram_policy.p.policy_document = JSON.stringify({
          Version: '1',
          Statement: [{ Effect: 'Allow', Action: Array.from({ length: 400 }, (_, i) => `ecs:Action${i}`), Resource: ['*'] }],
        })),
      /characters; the service takes at most 6144/,
    ],
    [
      'a content_md5 of other bytes',
      (m) => (m.resource.alicloud_oss_bucket_object.s.content_md5 = md5('other')),
      /content_md5: found .*; the MD5 of init-node-ecs\.sh is/,
    ],
    ['an unknown top-level block', (m) => (m.module = { x: {} }), /module: unknown top-level block/],
    // The other providers' schemas (schema/time-provider, random-provider, kubernetes-provider) catch the same mistakes.
    [
      'a misspelt time_rotating argument',
      (m) => (m.resource.time_rotating.a.rotation_minute = 60),
      /time_rotating\.a\.rotation_minute: unknown argument; did you mean "rotation_minutes"\?/,
    ],
    [
      'a time_rotating without any rotation_ argument',
      (m) => delete m.resource.time_rotating.a.rotation_minutes,
      /time_rotating\.a\.rotation_days: at least one of "rotation_days", "rotation_hours", "rotation_minutes"/,
    ],
    ['a rotation of 0 minutes', (m) => (m.resource.time_rotating.a.rotation_minutes = 0), /rotation_minutes: found 0; allowed: a whole number from 1/],
    ['a random_string without its length', (m) => delete m.resource.random_string.a_id.length, /random_string\.a_id\.length: the required argument is missing/],
    [
      'a random_password with a bool as a number',
      (m) => (m.resource.random_password.a_secret.length = true),
      /a_secret\.length: found boolean true; allowed: a number/,
    ],
    ['a deprecated random argument', (m) => (m.resource.random_string.a_id.number = true), /a_id\.number: deprecated by the provider/],
    ['a read-only random attribute', (m) => (m.resource.random_password.a_secret.result = 'x'), /a_secret\.result: read-only/],
    [
      'a kubernetes Secret without metadata',
      (m) => delete m.resource.kubernetes_secret_v1.a.metadata,
      /kubernetes_secret_v1\.a\.metadata: the required block is missing/,
    ],
    [
      'a misspelt kubernetes Secret argument',
      (m) => (m.resource.kubernetes_secret_v1.a.string_data = {}),
      /kubernetes_secret_v1\.a\.string_data: unknown argument/,
    ],
    ['two metadata blocks', (m) => m.resource.kubernetes_secret_v1.a.metadata.push({ name: 'x' }), /metadata: 2 blocks; at most 1 allowed/],
    [
      'a metadata key the provider does not have',
      (m) => (m.resource.kubernetes_secret_v1.a.metadata[0].namespaces = 'x'),
      /metadata\.0\.namespaces: unknown argument; did you mean "namespace"\?/,
    ],
    ['data beside data_wo', (m) => (m.resource.kubernetes_secret_v1.a.data_wo = {}), /data_wo: conflicts with "data"/],
    [
      'an unknown type of a known provider',
      (m) => (m.resource.time_rotation = { x: {} }),
      /resource\.time_rotation: unknown resource type; did you mean "time_rotating"\?/,
    ],
    [
      'ignore_changes naming no argument',
      (m) => (m.resource.time_rotating.b.lifecycle.ignore_changes = ['rfc3399']),
      /ignore_changes\.0: "rfc3399" is not an argument/,
    ],
    [
      'ignore_changes naming a read-only attribute',
      (m) => (m.resource.time_rotating.b.lifecycle.ignore_changes = ['unix']),
      /ignore_changes\.0: "unix" is not an argument/,
    ],
    [
      'a conditional with a function in it',
      (m) => (m.output.newer.value = '${time_rotating.a.unix >= time_rotating.b.unix ? upper(local.token_a) : var.join_token}'),
      /is not a reference .* or a conditional of references/,
    ],
    [
      'a conditional naming an undeclared local',
      (m) => (m.output.newer.value = '${time_rotating.a.unix > 0 ? local.token_c : local.token_a}'),
      /is not a reference|no such local value/,
    ],
    [
      'a conditional naming an undeclared resource',
      (m) => (m.output.newer.value = '${time_rotating.c.unix >= time_rotating.b.unix ? local.token_a : var.join_token}'),
      /no time_rotating\.c is declared/,
    ],
  ])('%s', (_what, edit, expected) => {
    const found = lines(problemsOf(broken(edit)));
    expect(found).toContainEqual(expect.stringMatching(expected));
  });
});

test('GIVEN a backend with settings in the file THEN it is refused: they come from init -backend-config', () => {
  const module = validModule();
  const versions = module.get('versions.tf.json')! as { terraform: JsonObject };
  module.set('versions.tf.json', { ...versions, terraform: { ...versions.terraform, backend: { oss: { bucket: 'state' } } } });
  expect(lines(problemsOf(module))).toContainEqual(expect.stringMatching(/terraform\.backend: found an object; allowed: one backend of oss, empty/));
});

test.each([
  ['a state key beside another setting', { key: 'join-token.tfstate', bucket: 'state' }, false],
  ['a state key that is a path', { key: '../other/terraform.tfstate' }, false],
  ['only a state file name', { key: 'join-token.tfstate' }, true],
])('GIVEN a backend with %s THEN it is allowed only when it names the state file alone', (_what, oss, allowed) => {
  const module = validModule();
  const versions = module.get('versions.tf.json')! as { terraform: JsonObject };
  module.set('versions.tf.json', { ...versions, terraform: { ...versions.terraform, backend: { oss } } });
  expect(lines(problemsOf(module)).filter((line) => line.includes('terraform.backend'))).toHaveLength(allowed ? 0 : 1);
});

test('GIVEN a resource of a provider that required_providers does not pin THEN it is refused', () => {
  const module = validModule();
  const versions = module.get('versions.tf.json')! as { terraform: { required_providers: Record<string, Json> } };
  const { time: _time, ...others } = versions.terraform.required_providers;
  module.set('versions.tf.json', { ...versions, terraform: { ...versions.terraform, required_providers: others } });
  expect(lines(problemsOf(module))).toContainEqual(expect.stringMatching(/resource\.time_rotating\.a: the provider "time" is not pinned/));
});

test("GIVEN a provider version other than the schema's THEN the pin is refused", () => {
  const module = validModule();
  module.set('versions.tf.json', {
    ...module.get('versions.tf.json')!,
    terraform: { required_providers: { alicloud: { source: 'aliyun/alicloud', version: '1.200.0' } } },
  });
  expect(lines(problemsOf(module))).toContainEqual(
    expect.stringMatching(/required_providers\.alicloud\.version: found "1\.200\.0"; the schema checked against is/),
  );
});

describe('GIVEN the golden cloud case', () => {
  const bundle = goldenBundle('cloud');
  const clusters = ['idc-cloud-a', 'idc-cloud-b'];

  /** The files of one module (one folder, without its subfolders), by name: what `tofu validate` would read there. */
  const moduleOf = (folder: string) =>
    new Map<string, TerraformFile>(
      [...bundle]
        .filter(([name]) => name.startsWith(`${folder}/`) && !name.slice(folder.length + 1).includes('/'))
        .map(([name, text]) => [name.slice(folder.length + 1), JSON.parse(text) as JsonObject]),
    );

  test.each(clusters)('WHEN the main module of %s is read back from its files THEN it passes the validator and the checks', (cluster) => {
    const module = moduleOf(`${cluster}/cloud`);
    expect(module.size).toBeGreaterThanOrEqual(9);
    const siblings = new Map([['init-node-ecs.sh', bundle.get(`${cluster}/init-node-ecs.sh`)!]]);
    expect(lines([...validateModule(module, { providers }), ...checkModule(module, { siblings })])).toEqual([]);
  });

  test('WHEN the join-token module of the rotating cluster is read back as a module of its own THEN it passes the validator against the alicloud, time, random and kubernetes schemas, and the checks', () => {
    const module = moduleOf('idc-cloud-a/cloud/join-token');
    expect([...module.keys()].sort()).toEqual(['join-token.tf.json', 'outputs.tf.json', 'versions.tf.json']);
    expect(lines([...validateModule(module, { providers }), ...checkModule(module, { siblings: new Map() })])).toEqual([]);
    // AND it is no module without its providers: the same files without the time pin fail
    const versions = module.get('versions.tf.json')! as { terraform: { required_providers: Record<string, Json> } };
    const { time: _time, ...others } = versions.terraform.required_providers;
    module.set('versions.tf.json', { ...versions, terraform: { ...versions.terraform, required_providers: others } });
    expect(lines(validateModule(module, { providers }))).toContainEqual(expect.stringMatching(/the provider "time" is not pinned/));
  });

  test('WHEN the main module refers to the parameter of the join-token module THEN it is refused: no reference crosses root modules', () => {
    const module = moduleOf('idc-cloud-a/cloud');
    const outputs = module.get('outputs.tf.json')! as { output: Record<string, Json> };
    module.set('outputs.tf.json', { output: { ...outputs.output, crossing: { value: '${alicloud_oos_secret_parameter.join_token.secret_parameter_name}' } } });
    expect(lines(validateModule(module, { providers })).filter((line) => line.includes('output.crossing'))).toHaveLength(1);
  });

  test('WHEN the supplied cluster is read THEN it has no join-token module', () => {
    expect(moduleOf('idc-cloud-b/cloud/join-token').size).toBe(0);
  });

  test('THEN every step of the cloud runbook has its resource', () => {
    const types = (cluster: string) =>
      [...bundle]
        .filter(([name]) => name.startsWith(`${cluster}/cloud/`))
        .flatMap(([, text]) => Object.keys((JSON.parse(text) as { resource?: Record<string, Json> }).resource ?? {}));
    expect(new Set(types('idc-cloud-a'))).toEqual(
      new Set([
        'alicloud_ram_policy',
        'alicloud_ram_user',
        'alicloud_ram_user_policy_attachment',
        'alicloud_cs_kubernetes_addon',
        'alicloud_oss_bucket',
        'alicloud_oss_bucket_acl',
        'alicloud_oss_bucket_policy',
        'alicloud_oss_bucket_object',
        'alicloud_oos_secret_parameter',
        'alicloud_ram_role',
        'alicloud_ram_role_policy_attachment',
        'alicloud_cs_kubernetes_node_pool',
        'alicloud_security_group_rule',
        'alicloud_route_entry',
        'time_rotating',
        'time_offset',
        'random_string',
        'random_password',
        'kubernetes_secret_v1',
      ]),
    );
  });

  test('WHEN built twice THEN the bytes are the same', () => {
    expect(goldenBundle('cloud')).toEqual(bundle);
  });

  test('THEN content_md5 is the MD5 of the script synthesized beside it', () => {
    const object = JSON.parse(bundle.get('idc-cloud-a/cloud/node-init-script.tf.json')!) as {
      resource: { alicloud_oss_bucket_object: { node_init_script: { content_md5: string } } };
    };
    expect(object.resource.alicloud_oss_bucket_object.node_init_script.content_md5).toBe(md5(bundle.get('idc-cloud-a/init-node-ecs.sh')!));
  });
});

test('GIVEN a spec without a terraform section THEN no cloud file is written', () => {
  const bundle = goldenBundle('node-pools');
  expect([...bundle.keys()].filter((name) => name.includes('/cloud/'))).toEqual([]);
  expect(cloudFiles).toBeDefined();
});
