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

const RPM_CLUSTER = fs.readFileSync(path.join(__dirname, 'scripts/clusters/rpm.yaml'), 'utf8');

/** The rpm test cluster with `lines` appended under nodeInit (indented by the caller). */
function withNodeInit(lines: string): string {
  return RPM_CLUSTER.replace('  join:\n', `${lines}\n  join:\n`);
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
  test('GIVEN only the required keys WHEN parsed THEN pkgs.k8s.io, containerd 1.7.22, the kernel check and the env token source apply', () => {
    const { nodeInit } = spec(RPM_CLUSTER);
    expect(nodeInit.kubernetesRepository).toBe('https://pkgs.k8s.io/core:/stable:');
    expect(nodeInit.kernelCheck).toBe(true);
    expect(nodeInit.containerd).toEqual({
      version: '1.7.22',
      repository: 'https://download.docker.com',
      pauseImage: 'registry.k8s.io/pause:3.10',
    });
    expect(nodeInit.join.tokenSource).toEqual({ type: 'env' });
  });
});

describe('nodeInit problems', () => {
  test('GIVEN an OOS token source without name and role WHEN parsed THEN both are reported at the source', () => {
    expect(problems(withJoin('    tokenSource:\n      type: oos-secret-parameter'))).toEqual([
      'c.yaml:23:5: nodeInit.join.tokenSource.name: found nothing: the key is missing; allowed: a required key: an OOS parameter name: 1 to 200 letters, digits, "_", "-", "." or "/" (not the token itself), needed when type is "oos-secret-parameter"',
      'c.yaml:23:5: nodeInit.join.tokenSource.ramRoleName: found nothing: the key is missing; allowed: a required key: a RAM role name: 1 to 64 letters, digits, "." or "-", needed when type is "oos-secret-parameter"',
    ]);
  });

  test('GIVEN the token itself pasted as the OOS parameter name WHEN parsed THEN it is refused and masked in the message', () => {
    const found = problems(
      withJoin('    tokenSource:\n      type: oos-secret-parameter\n      name: abcdef.0123456789abcdef\n      ramRoleName: node'),
    );
    expect(found).toEqual([
      'c.yaml:25:13: nodeInit.join.tokenSource.name: found "******.****************"; allowed: an OOS parameter name: 1 to 200 letters, digits, "_", "-", "." or "/" (not the token itself)',
    ]);
    expect(found.join('\n')).not.toContain('0123456789abcdef');
  });

  test('GIVEN a name with the env source WHEN parsed THEN the stray key is refused', () => {
    expect(problems(withJoin('    tokenSource:\n      type: env\n      name: join-token'))).toEqual([
      'c.yaml:25:13: nodeInit.join.tokenSource.name: found "join-token"; allowed: no name when type is "env": set type: oos-secret-parameter, or remove name',
    ]);
  });

  test('GIVEN a token key under join WHEN parsed THEN it is refused without showing its value', () => {
    const found = problems(withJoin('    token: abcdef.0123456789abcdef'));
    expect(found).toEqual([
      'c.yaml:23:5: nodeInit.join.token: found an unknown key "token"; allowed: the keys caCertHash, tokenSource',
    ]);
  });

  test.each([
    ['containerd:\n    version: "1.5.9"', 'nodeInit.containerd.version', 'a containerd version "1.6.z", "1.7.z" or "2.y.z", written as a quoted string'],
    ['containerd:\n    pauseImage: pause', 'nodeInit.containerd.pauseImage', 'an image reference with a registry host and a tag or digest, such as registry.k8s.io/pause:3.10'],
    ['kubernetesRepository: https://pkgs.k8s.io/core:/stable:/', 'nodeInit.kubernetesRepository', 'an https:// URL without a trailing "/", query or user name, such as https://pkgs.k8s.io/core:/stable: or https://mirrors.aliyun.com/kubernetes-new/core/stable'],
    ['kubernetesRepository: http://mirrors.aliyun.com/kubernetes-new/core/stable', 'nodeInit.kubernetesRepository', 'an https:// URL'],
    ['kernelCheck: "no"', 'nodeInit.kernelCheck', 'true (default) or false'],
  ])('GIVEN nodeInit.%s WHEN parsed THEN %s is refused', (yaml, field, allowed) => {
    const found = problems(withNodeInit(`  ${yaml}`));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`: ${field}: found `);
    expect(found[0]).toContain(`allowed: ${allowed}`);
  });
});

describe('renderNodeInitScript', () => {
  test('GIVEN containerd 1.x WHEN rendered THEN only the version 2 config is in the script', () => {
    const script = renderNodeInitScript(spec(RPM_CLUSTER), 'rpm.yaml');
    expect(script).toContain('version = 2\n');
    expect(script).toContain('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true');
    expect(script).not.toContain('version = 3');
  });

  test('GIVEN containerd 2.x WHEN rendered THEN only the version 3 config is in the script', () => {
    const script = renderNodeInitScript(spec(withNodeInit('  containerd:\n    version: "2.1.4"')), 'rpm.yaml');
    expect(script).toContain('version = 3\n');
    expect(script).toContain("[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n  SystemdCgroup = true");
    expect(script).not.toContain('version = 2\n');
  });

  test('GIVEN an OOS token source without region WHEN rendered THEN the cluster region is used and every value is shell-quoted', () => {
    const script = renderNodeInitScript(
      spec(withJoin('    tokenSource:\n      type: oos-secret-parameter\n      name: ack/join-token\n      ramRoleName: node-role')),
      'rpm.yaml',
    );
    expect(script).toContain("readonly TOKEN_PARAMETER='ack/join-token'\nreadonly TOKEN_PARAMETER_REGION='cn-hangzhou'\nreadonly TOKEN_RAM_ROLE='node-role'\n");
    expect(script).toContain('aliyun oos GetSecretParameter');
  });

  test('GIVEN the env token source WHEN rendered THEN the script has no OOS code', () => {
    const script = renderNodeInitScript(spec(RPM_CLUSTER), 'rpm.yaml');
    expect(script).not.toContain('aliyun');
    expect(script).toContain('KUBEADM_JOIN_TOKEN is not set');
  });
});
