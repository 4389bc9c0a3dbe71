/**
 * The join token the cloud code makes and rotates (src/cloud/resources/rotating-token.ts), in its own root module
 * cloud/join-token/ (src/cloud/join-token-module.ts), read back from the golden cloud case: idc-cloud-a takes the
 * default (rotating), idc-cloud-b supplies its token.
 */
import { goldenBundle } from './support/golden';

type Body = Record<string, unknown>;
interface Module {
  resource: Record<string, Record<string, Body>>;
  locals?: Record<string, string>;
  variable?: Record<string, Body>;
}

const bundle = goldenBundle('cloud');
const read = (cluster: string, file: string) => JSON.parse(bundle.get(`${cluster}/cloud/${file}`)!) as Module;

describe('GIVEN a cluster file whose terraform section says nothing of the join token (rotating by default)', () => {
  const module = read('idc-cloud-a', 'join-token/join-token.tf.json');

  test('THEN each slot writes a bootstrap-token Secret with exactly the keys of cluster-bootstrap token/api/types.go', () => {
    for (const slot of ['a', 'b']) {
      const secret = module.resource.kubernetes_secret_v1[`join_token_${slot}`];
      expect(secret.type).toBe('bootstrap.kubernetes.io/token');
      expect(secret.metadata).toEqual([{ name: `bootstrap-token-\${random_string.join_token_${slot}_id.result}`, namespace: 'kube-system' }]);
      expect(Object.keys(secret.data as Body).sort()).toEqual(
        ['auth-extra-groups', 'description', 'expiration', 'token-id', 'token-secret', 'usage-bootstrap-authentication', 'usage-bootstrap-signing'].sort(),
      );
      expect(secret.data).toMatchObject({
        'token-id': `\${random_string.join_token_${slot}_id.result}`,
        'token-secret': `\${random_password.join_token_${slot}_secret.result}`,
        expiration: `\${time_offset.join_token_${slot}_expiry.rfc3339}`,
        'usage-bootstrap-authentication': 'true',
        'usage-bootstrap-signing': 'true',
        'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
      });
    }
  });

  test("THEN the token's halves are 6 and 16 characters of [a-z0-9] only, drawn again when their slot rotates", () => {
    for (const slot of ['a', 'b']) {
      const alphabet = { lower: true, upper: false, numeric: true, special: false, keepers: { rotation: `\${time_rotating.join_token_${slot}.id}` } };
      expect(module.resource.random_string[`join_token_${slot}_id`]).toEqual({ length: 6, ...alphabet });
      expect(module.resource.random_password[`join_token_${slot}_secret`]).toEqual({ length: 16, ...alphabet });
    }
  });

  test('THEN each slot lives two periods (2 × 24h), b starts one period after a and keeps its start, each token expires 48h after its start', () => {
    expect(module.resource.time_rotating.join_token_a).toEqual({ rotation_minutes: 2880 });
    expect(module.resource.time_rotating.join_token_b).toEqual({
      rotation_minutes: 2880,
      rfc3339: '${time_offset.join_token_b_start.rfc3339}',
      lifecycle: { ignore_changes: ['rfc3339'] },
    });
    expect(module.resource.time_offset.join_token_b_start).toEqual({ base_rfc3339: '${time_rotating.join_token_a.rfc3339}', offset_minutes: 1440 });
    expect(module.resource.time_offset.join_token_a_expiry).toEqual({ base_rfc3339: '${time_rotating.join_token_a.rfc3339}', offset_minutes: 2880 });
  });

  test('THEN OOS holds the newer slot, after both Secrets exist, and no variable asks anyone for a token', () => {
    const parameter = module.resource.alicloud_oos_secret_parameter.join_token;
    expect(parameter.value).toBe('${time_rotating.join_token_a.unix >= time_rotating.join_token_b.unix ? local.join_token_a : local.join_token_b}');
    expect(parameter.depends_on).toEqual(['kubernetes_secret_v1.join_token_a', 'kubernetes_secret_v1.join_token_b']);
    expect(module.locals).toEqual({
      join_token_a: '${random_string.join_token_a_id.result}.${random_password.join_token_a_secret.result}',
      join_token_b: '${random_string.join_token_b_id.result}.${random_password.join_token_b_secret.result}',
    });
    expect(module.variable).toBeUndefined();
  });

  test('THEN join-token/versions.tf.json pins time, random and kubernetes beside alicloud, with no provider block for them, and a state file of its own', () => {
    const versions = JSON.parse(bundle.get('idc-cloud-a/cloud/join-token/versions.tf.json')!) as {
      terraform: { required_providers: Record<string, { source: string }>; backend: unknown };
      provider: Record<string, unknown>;
    };
    expect(versions.terraform.backend).toEqual({ oss: { key: 'join-token.tfstate' } });
    expect(Object.values(versions.terraform.required_providers).map((p) => p.source)).toEqual([
      'aliyun/alicloud',
      'hashicorp/time',
      'hashicorp/random',
      'hashicorp/kubernetes',
    ]);
    expect(Object.keys(versions.provider)).toEqual(['alicloud']);
  });
});

describe('GIVEN the rotating token WHEN the main module cloud/ is read', () => {
  const files = [...bundle.keys()].filter((name) => /^idc-cloud-a\/cloud\/[^/]+\.tf\.json$/.test(name));
  const resourceTypes = files.flatMap((name) => Object.keys(read('idc-cloud-a', name.slice('idc-cloud-a/cloud/'.length)).resource ?? {}));

  test('THEN it holds no bootstrap token, random value, rotation or OOS parameter, and pins alicloud only', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(resourceTypes.filter((type) => !type.startsWith('alicloud_'))).toEqual([]);
    expect(resourceTypes).not.toContain('alicloud_oos_secret_parameter');
    const versions = JSON.parse(bundle.get('idc-cloud-a/cloud/versions.tf.json')!) as {
      terraform: { required_providers: Record<string, unknown>; backend: unknown };
    };
    expect(Object.keys(versions.terraform.required_providers)).toEqual(['alicloud']);
    expect(versions.terraform.backend).toEqual({ oss: {} });
  });

  test("THEN the node role's policy still allows exactly that parameter, named by its name, not by a reference into the other module", () => {
    const main = read('idc-cloud-a', 'join-token.tf.json');
    const parameterName = read('idc-cloud-a', 'join-token/join-token.tf.json').resource.alicloud_oos_secret_parameter.join_token
      .secret_parameter_name as string;
    expect(parameterName).not.toContain('${');
    const policy = JSON.parse(main.resource.alicloud_ram_policy.node_join_token.policy_document as string) as {
      Statement: { Action: string[]; Resource: string[] }[];
    };
    const oos = policy.Statement.filter((statement) => statement.Action.some((action) => action.startsWith('oos:')));
    expect(oos).toEqual([
      {
        Effect: 'Allow',
        Action: ['oos:GetSecretParameter'],
        Resource: [expect.stringMatching(new RegExp(`^acs:oos:[a-z0-9-]+:\\*:secretparameter/${parameterName}$`))],
      },
    ]);
    expect(JSON.stringify(main)).not.toContain('join_token_');
  });
});

describe('GIVEN joinToken { mode: supplied }', () => {
  const module = read('idc-cloud-b', 'join-token.tf.json');

  test("THEN OOS takes the operator's sensitive variable, and nothing of the rotating token is written", () => {
    expect(module.resource.alicloud_oos_secret_parameter.join_token.value).toBe('${var.join_token}');
    expect(module.variable?.join_token).toMatchObject({ type: 'string', sensitive: true });
    expect(Object.keys(module.resource).filter((type) => !type.startsWith('alicloud_'))).toEqual([]);
    const versions = JSON.parse(bundle.get('idc-cloud-b/cloud/versions.tf.json')!) as { terraform: { required_providers: Record<string, unknown> } };
    expect(Object.keys(versions.terraform.required_providers)).toEqual(['alicloud']);
    expect([...bundle.keys()].filter((name) => name.startsWith('idc-cloud-b/cloud/join-token/'))).toEqual([]);
  });
});
