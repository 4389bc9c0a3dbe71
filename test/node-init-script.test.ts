/**
 * The nodeInit section of the schema and the rendering of init-node-ecs.sh. What the script does on a node
 * is tested by bats (test/scripts/); here: what the config accepts, and which branch each config renders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderNodeInitScript } from '../src/artifacts/node-init-script';
import { parseClusterFile } from '../src/config/load';
import { formatProblem } from '../src/config/problems';
import { ClusterSpec } from '../src/config/schema';
import { OOS_PARAMETER_NAME } from '../src/config/formats';
import { GUARDED_NAMESPACES, KUBELET_LABEL_NAMESPACES, KUBELET_LABELS, kubeletMaySetLabel } from '../src/config/kubelet-labels';
import { DEFAULT_CONTAINERD_VERSION, DEFAULT_KUBERNETES_VERSION } from '../src/config/versions';
import { TEMPLATES_DIR } from '../src/artifacts/templates';

const RPM_CLUSTER = fs.readFileSync(path.join(__dirname, 'scripts/clusters/rpm.yaml'), 'utf8');

/** The rpm test cluster with `lines` appended under nodeInit (indented by the caller). */
function withNodeInit(lines: string): string {
  return RPM_CLUSTER.replace('  containerd:\n    version: "1.7.28"\n', '').replace('  join:\n', `${lines}\n  join:\n`);
}

function withJoin(lines: string): string {
  return `${RPM_CLUSTER.trimEnd()}\n${lines}\n`;
}

function problems(text: string): string[] {
  return parseClusterFile('c.yaml', text).problems.map(formatProblem);
}

function spec(text: string): ClusterSpec {
  const result = parseClusterFile('c.yaml', text);
  expect(result.problems.map(formatProblem)).toEqual([]);
  return result.spec!;
}

describe('nodeInit defaults', () => {
  test('GIVEN no containerd section WHEN parsed THEN pkgs.k8s.io, containerd 2.3.3, the kernel check and the env token source apply', () => {
    const { nodeInit } = spec(RPM_CLUSTER.replace('  containerd:\n    version: "1.7.28"\n', ''));
    expect(nodeInit.kubernetesRepository).toBe('https://pkgs.k8s.io/core:/stable:');
    expect(nodeInit.kernelCheck).toBe(true);
    expect(nodeInit.allowUntestedVersions).toBe(false);
    // The pause image is left to the script: kubeadm's own for the minor (see test/versions.test.ts).
    expect(nodeInit.containerd).toEqual({ version: '2.3.3', repository: 'https://download.docker.com' });
    expect(nodeInit.join.tokenSource).toEqual({ type: 'env' });
  });
});

describe('nodeInit problems', () => {
  test('GIVEN an OOS token source without ramRoleName WHEN parsed THEN the role is reported as missing', () => {
    expect(problems(withJoin('    tokenSource:\n      type: oos-secret-parameter'))).toEqual([
      'c.yaml:25:5: nodeInit.join.tokenSource.ramRoleName: found nothing: the key is missing; allowed: a required key: a RAM role name: 1 to 64 letters, digits, "." or "-", starting with a letter or digit',
    ]);
  });

  test('GIVEN the token itself pasted as the OOS parameter name WHEN parsed THEN it is refused and masked in the message', () => {
    const found = problems(withJoin('    tokenSource:\n      type: oos-secret-parameter\n      name: abcdef.0123456789abcdef\n      ramRoleName: node'));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('nodeInit.join.tokenSource.name: found "******.****************"');
    expect(found.join('\n')).not.toContain('0123456789abcdef');
  });

  test.each([
    ['ack-hybrid/idc/join-token', 'OOS secret parameter names take no "/": such as "ack-hybrid-idc-join-token"'],
    ['/ack-hybrid/join-token', 'OOS secret parameter names take no "/"'],
    ['ALIYUN-token', 'names starting with ALIYUN are reserved by Alibaba Cloud'],
    ['oos_token', 'names starting with OOS are reserved by Alibaba Cloud'],
    ['AliCloud-token', 'names starting with ALICLOUD are reserved'],
    ['a'.repeat(181), 'allowed: an OOS secret parameter name: 1 to 180 letters'],
  ])('GIVEN the OOS parameter name %s WHEN parsed THEN it is refused by the documented rule', (name, expected) => {
    const found = problems(withJoin(`    tokenSource:\n      type: oos-secret-parameter\n      name: ${name}\n      ramRoleName: node`));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('nodeInit.join.tokenSource.name: found ');
    expect(found[0]).toContain(expected);
  });

  test('GIVEN an OOS source without a name WHEN rendered THEN the default name is valid by the same rule', () => {
    const script = renderNodeInitScript(spec(withJoin('    tokenSource:\n      type: oos-secret-parameter\n      ramRoleName: node')), 'rpm.yaml');
    expect(script).toContain("readonly TOKEN_PARAMETER='ack-hybrid-rpm-join-token'\n");
    expect(OOS_PARAMETER_NAME.test('ack-hybrid-rpm-join-token')).toBe(true);
  });

  test.each([
    ['{}', 'found nothing: the key is missing; allowed: a required key: one of "env" (KUBEADM_JOIN_TOKEN) or "oos-secret-parameter"'],
    ['{ type: oos }', 'found "oos"; allowed: one of "env" (KUBEADM_JOIN_TOKEN) or "oos-secret-parameter"'],
  ])('GIVEN tokenSource %s WHEN parsed THEN the type is reported with both choices', (source, expected) => {
    const found = problems(withJoin(`    tokenSource: ${source}`));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`nodeInit.join.tokenSource.type: ${expected}`);
  });

  test('GIVEN a name with the env source WHEN parsed THEN the stray key is refused', () => {
    const found = problems(withJoin('    tokenSource:\n      type: env\n      name: join-token'));
    expect(found).toEqual([
      'c.yaml:27:7: nodeInit.join.tokenSource.name: found an unknown key "name"; allowed: the keys type with type "env" (name is only read with type "oos-secret-parameter": set that type, or remove name)',
    ]);
  });

  test('GIVEN a token key under join WHEN parsed THEN it is refused without showing its value', () => {
    const found = problems(withJoin('    token: abcdef.0123456789abcdef'));
    expect(found).toEqual([
      'c.yaml:25:5: nodeInit.join.token: found an unknown key "token"; allowed: the keys caCertHash, tokenSource',
      'c.yaml:25:12: nodeInit.join.token: found "******.****************", which looks like a kubeadm join token; allowed: no credentials in a cluster file: it is committed and copied into dist/ (the join token is read on the node at run time, from nodeInit.join.tokenSource; never write it into the cluster file)',
    ]);
    expect(found.join('\n')).not.toContain('0123456789abcdef');
  });

  test.each([
    ['containerd:\n    version: "2.3"', 'nodeInit.containerd.version', 'a containerd version "x.y.z" that Docker publishes as containerd.io'],
    [
      'containerd:\n    pauseImage: pause',
      'nodeInit.containerd.pauseImage',
      'an image reference with a registry host and a tag or digest, such as registry.k8s.io/pause:3.10',
    ],
    [
      'kubernetesRepository: https://pkgs.k8s.io/core:/stable:/',
      'nodeInit.kubernetesRepository',
      'an https:// URL without a trailing "/", query or user name, such as https://pkgs.k8s.io/core:/stable: or https://mirrors.aliyun.com/kubernetes-new/core/stable',
    ],
    ['kubernetesRepository: http://mirrors.aliyun.com/kubernetes-new/core/stable', 'nodeInit.kubernetesRepository', 'an https:// URL'],
    ['kernelCheck: "no"', 'nodeInit.kernelCheck', 'true (default) or false'],
  ])('GIVEN nodeInit.%s WHEN parsed THEN %s is refused', (yaml, field, allowed) => {
    const found = problems(withNodeInit(`  ${yaml}`));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`: ${field}: found `);
    expect(found[0]).toContain(`allowed: ${allowed}`);
  });
});

describe('supported versions (src/config/versions.data.json; the policy in test/versions.test.ts)', () => {
  const withVersions = (kubernetes: string, containerd: string) =>
    RPM_CLUSTER.replace('kubernetesVersion: "1.33.0"', `kubernetesVersion: "${kubernetes}"`).replace('version: "1.7.28"', `version: "${containerd}"`);

  test('GIVEN Kubernetes 1.30.4 WHEN parsed THEN it is refused as older than kubeadm v1beta4', () => {
    const found = problems(withVersions('1.30.4', '2.3.3'));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('nodeInit.kubernetesVersion: found "1.30.4"; allowed: a Kubernetes version "1.y.z" with y from 31 to 37');
    expect(found[0]).toContain("1.30 is out of upstream support and older than kubeadm's v1beta4 JoinConfiguration");
  });

  test.each([
    ['1.31.0', '2.3.3'],
    ['1.33.0', '1.7.28'],
    ['1.35.0', '2.1.5'],
    ['1.36.0', '2.2.0'],
    ['1.37.0', '2.3.3'],
  ])('GIVEN Kubernetes %s with containerd %s WHEN parsed THEN the pair is accepted', (k8s, containerd) => {
    expect(problems(withVersions(k8s, containerd))).toEqual([]);
  });

  test('GIVEN the shipped example and the defaults WHEN parsed THEN a supported minor on a containerd.io Docker built, without warnings', () => {
    const text = fs.readFileSync(path.join(__dirname, '../clusters/idc-hangzhou.yaml'), 'utf8');
    const result = parseClusterFile('idc-hangzhou.yaml', text);
    expect([...result.problems, ...result.warnings].map(formatProblem)).toEqual([]);
    expect(result.spec!.nodeInit.kubernetesVersion).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(result.spec!.nodeInit.containerd.version).toBe(DEFAULT_CONTAINERD_VERSION);
  });
});

describe('node pool labels: the kubelet rule (src/config/kubelet-labels.ts)', () => {
  const withPoolLabel = (key: string) =>
    `${RPM_CLUSTER.trimEnd()}\nnodePools:\n  - name: gpu\n    nodeVSwitches:\n      - { id: vsw-bp1node0000000000000a, zone: cn-hangzhou-h, cidr: 10.10.24.0/24 }\n    labels:\n      ${key}: "x"\n`;

  test.each(['node-role.kubernetes.io/worker', 'kubernetes.io/role', 'team.k8s.io/x', 'example.kubernetes.io/a'])(
    'GIVEN the pool label %s WHEN parsed THEN validate refuses it as kubelet would on the node',
    (key) => {
      const found = problems(withPoolLabel(key));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`found the key "${key}"`);
      expect(found[0]).toContain('a label kubelet may set');
    },
  );

  test.each(['node.kubernetes.io/pool', 'x.kubelet.kubernetes.io/a', 'topology.kubernetes.io/zone', 'example.com/team'])(
    'GIVEN the pool label %s WHEN parsed THEN it is accepted',
    (key) => {
      expect(problems(withPoolLabel(key))).toEqual([]);
    },
  );

  test('GIVEN the rendered script WHEN read THEN its label check holds exactly the data of the validation rule', () => {
    const script = renderNodeInitScript(spec(RPM_CLUSTER), 'rpm.yaml');
    const quoted = (list: readonly string[]) => list.map((v) => ` '${v}'`).join('');
    expect(script).toContain(`readonly GUARDED_NAMESPACES=(${quoted(GUARDED_NAMESPACES)} )\n`);
    expect(script).toContain(`readonly KUBELET_LABELS=(${quoted(KUBELET_LABELS)} )\n`);
    expect(script).toContain(`readonly KUBELET_LABEL_NAMESPACES=(${quoted(KUBELET_LABEL_NAMESPACES)} )\n`);
    for (const key of ['node-role.kubernetes.io/worker', 'node.kubernetes.io/pool']) expect(typeof kubeletMaySetLabel(key)).toBe('boolean');
  });
});

describe('templates: no raw output of values', () => {
  const files = fs
    .readdirSync(TEMPLATES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sh.ejs'))
    .sort();

  test('GIVEN the shell templates WHEN scanned THEN the only raw output (<%-) is a template-authored include', () => {
    expect(files.length).toBeGreaterThan(5);
    const offending: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8');
      for (const m of text.matchAll(/<%-([\s\S]*?)-?%>/g)) {
        if (!/^\s*include\('partials\/[a-z-]+(' \+ spec\.nodeInit\.os \+ ')?\.sh\.ejs'\)\s*$|^\s*include\('[a-z-]+\.sh\.ejs'\)\s*$/.test(m[1])) {
          offending.push(`${file}: <%-${m[1]}%>`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  test('GIVEN the shell templates WHEN scanned THEN no value is output inside a comment (a line end in it would end the comment)', () => {
    const offending = files.flatMap((file) =>
      fs
        .readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')
        .split('\n')
        .filter((line) => /^\s*#/.test(line) && line.includes('<%='))
        .map((line) => `${file}: ${line}`),
    );
    expect(offending).toEqual([]);
  });

  test('GIVEN a cluster file name with a newline and a command WHEN rendered THEN it stays inside one quoted word', () => {
    const script = renderNodeInitScript(spec(RPM_CLUSTER), "x.yaml\nreboot\n'$(id)'.yaml");
    expect(script).toContain("readonly SOURCE_FILE='x.yaml\nreboot\n'\\''$(id)'\\''.yaml'\n");
    // The only place it appears is that one quoted assignment (its log line prints it %q-quoted).
    expect(script.split("'x.yaml\nreboot\n'").length).toBe(2);
  });
});

describe('renderNodeInitScript', () => {
  test('GIVEN containerd 1.x WHEN rendered THEN only the 1.x layout is in the script, at config version 2', () => {
    const script = renderNodeInitScript(spec(RPM_CLUSTER), 'rpm.yaml');
    expect(script).toContain("readonly CONTAINERD_CONFIG_VERSION='2'\n");
    expect(script).toContain('version = ${CONTAINERD_CONFIG_VERSION}\n');
    expect(script).toContain('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true');
    expect(script).not.toContain('io.containerd.cri.v1.runtime');
  });

  test.each([
    ['2.2.6', '3'],
    ['2.3.3', '4'],
  ])('GIVEN containerd %s WHEN rendered THEN only the 2.x layout is in the script, at config version %s', (containerd, configVersion) => {
    const script = renderNodeInitScript(spec(RPM_CLUSTER.replace('version: "1.7.28"', `version: "${containerd}"`)), 'rpm.yaml');
    expect(script).toContain(`readonly CONTAINERD_CONFIG_VERSION='${configVersion}'\n`);
    expect(script).toContain("[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n  SystemdCgroup = true");
    expect(script).not.toContain('io.containerd.grpc.v1.cri');
  });

  test('GIVEN an OOS token source without region WHEN rendered THEN the cluster region is used and every value is shell-quoted', () => {
    const script = renderNodeInitScript(
      spec(withJoin('    tokenSource:\n      type: oos-secret-parameter\n      name: ack-join-token\n      ramRoleName: node-role')),
      'rpm.yaml',
    );
    expect(script).toContain("readonly TOKEN_PARAMETER='ack-join-token'\nreadonly TOKEN_PARAMETER_REGION='cn-hangzhou'\nreadonly TOKEN_RAM_ROLE='node-role'\n");
    expect(script).toContain('aliyun oos GetSecretParameter');
  });

  test('GIVEN no key settings WHEN rendered THEN the upstream fingerprints for the OS family are pinned', () => {
    const rpm = renderNodeInitScript(spec(RPM_CLUSTER), 'rpm.yaml');
    expect(rpm).toContain("readonly KUBERNETES_KEY_FINGERPRINT='DE15B14486CD377B9E876E1A234654DA9A296436'\n");
    expect(rpm).toContain("readonly CONTAINERD_KEY_FINGERPRINT='060A61C51B558A7F742B77AAC52FEB6B621E9F35'\n");
    const deb = renderNodeInitScript(spec(RPM_CLUSTER.replace('os: rpm', 'os: deb')), 'deb.yaml');
    expect(deb).toContain("readonly CONTAINERD_KEY_FINGERPRINT='9DC858229FC7DD38854AE2D88D81803C0EBFCD88'\n");
  });

  test('GIVEN a private mirror with its own keys WHEN rendered THEN the script pins those fingerprints', () => {
    const script = renderNodeInitScript(
      spec(
        withNodeInit(
          '  kubernetesRepositoryKeyFingerprint: 0123456789ABCDEF0123456789ABCDEF01234567\n  containerd:\n    keyFingerprint: 89ABCDEF0123456789ABCDEF0123456789ABCDEF',
        ),
      ),
      'rpm.yaml',
    );
    expect(script).toContain("readonly KUBERNETES_KEY_FINGERPRINT='0123456789ABCDEF0123456789ABCDEF01234567'\n");
    expect(script).toContain("readonly CONTAINERD_KEY_FINGERPRINT='89ABCDEF0123456789ABCDEF0123456789ABCDEF'\n");
  });

  test('GIVEN a fingerprint written with spaces WHEN parsed THEN it is refused with the form to write', () => {
    const found = problems(withNodeInit('  kubernetesRepositoryKeyFingerprint: "DE15 B144 86CD 377B 9E87 6E1A 2346 54DA 9A29 6436"'));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('write it as "DE15B14486CD377B9E876E1A234654DA9A296436"');
  });

  test('GIVEN the env token source WHEN rendered THEN the script has no OOS code', () => {
    const script = renderNodeInitScript(spec(RPM_CLUSTER), 'rpm.yaml');
    expect(script).not.toContain('aliyun');
    expect(script).toContain('KUBEADM_JOIN_TOKEN is not set');
  });
});
