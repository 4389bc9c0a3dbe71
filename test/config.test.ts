import { loadClusters, parseClusterFile } from '../src/config/load';
import { formatProblem, UserError } from '../src/config/problems';
import { clustersDir, editedExample, exampleYaml } from './support/clusters';

/** The problems of one file's text, formatted as users see them. */
function problemsOf(text: string): string[] {
  return parseClusterFile('c.yaml', text).problems.map(formatProblem);
}

describe('the shipped example', () => {
  test('is valid and gets the documented defaults', () => {
    // GIVEN the example without its optional sections
    const text = editedExample([[['terway'], undefined], [['onPrem', 'calico'], undefined], [['nodeInit', 'os'], undefined]]);
    // WHEN it is parsed
    const { spec, problems } = parseClusterFile('c.yaml', text);
    // THEN defaults fill them
    expect(problems).toEqual([]);
    expect(spec?.terway).toEqual({ maxPoolSize: 5, minPoolSize: 0, vswitchSelectionPolicy: 'ordered', credentials: { mode: 'unmanaged' } });
    expect(spec?.onPrem.calico.install).toBe('manifest');
    expect(spec?.nodeInit.os).toBe('rpm');
  });

  test('gives a frozen spec', () => {
    const { spec } = parseClusterFile('c.yaml', exampleYaml());
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec?.cloud.podVSwitches[0])).toBe(true);
  });
});

describe('network plan', () => {
  test("the guide's own plan is rejected, naming both ranges", () => {
    // GIVEN the guide's VPC 10.0.0.0/8, which holds its pod range 10.100.0.0/16
    const text = editedExample([[['cloud', 'vpcCidr'], '10.0.0.0/8']]);
    // THEN both the pod and the service range are reported against the VPC
    expect(problemsOf(text)).toEqual([
      'c.yaml:10:12: onPrem.podCidr: found "10.100.0.0/16", which lies inside cloud.vpcCidr "10.0.0.0/8" (line 15); allowed: an on-premises range outside cloud.vpcCidr: pick a range the VPC does not use, or a smaller VPC range',
      'c.yaml:11:16: onPrem.serviceCidr: found "10.96.0.0/16", which lies inside cloud.vpcCidr "10.0.0.0/8" (line 15); allowed: an on-premises range outside cloud.vpcCidr: pick a range the VPC does not use, or a smaller VPC range',
    ]);
  });

  test('on-premises ranges must not overlap each other', () => {
    const text = editedExample([[['onPrem', 'serviceCidr'], '10.100.128.0/17']]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:11:16: onPrem.serviceCidr: found "10.100.128.0/17", which lies inside onPrem.podCidr "10.100.0.0/16" (line 10); allowed: on-premises node, pod and service ranges that do not overlap each other',
    ]);
  });

  test('a vSwitch outside the VPC is rejected', () => {
    const text = editedExample([[['cloud', 'podVSwitches', 0, 'cidr'], '10.16.0.0/24']]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:19:67: cloud.podVSwitches[0].cidr: found "10.16.0.0/24", which is not inside cloud.vpcCidr "10.0.0.0/12" (line 15); allowed: a vSwitch range inside cloud.vpcCidr',
    ]);
  });

  test('two vSwitches may not share addresses', () => {
    const text = editedExample([[['cloud', 'podVSwitches', 0, 'cidr'], '10.10.24.128/25']]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:19:67: cloud.podVSwitches[0].cidr: found "10.10.24.128/25", which lies inside cloud.nodeVSwitches[0].cidr "10.10.24.0/24" (line 17); allowed: vSwitch ranges that do not overlap: each vSwitch owns its own addresses',
    ]);
  });

  test('one vSwitch may serve nodes and pods when described alike', () => {
    const text = editedExample([
      [['cloud', 'podVSwitches', 0], { id: 'vsw-bp1node0000000000000a', zone: 'cn-hangzhou-h', cidr: '10.10.24.0/24' }],
    ]);
    expect(problemsOf(text)).toEqual([]);
  });

  test('zones must belong to the region', () => {
    const text = editedExample([[['cloud', 'nodeVSwitches', 0, 'zone'], 'cn-beijing-h']]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:17:46: cloud.nodeVSwitches[0].zone: found "cn-beijing-h", a zone outside region "cn-hangzhou" (line 6); allowed: a zone of region cn-hangzhou, such as cn-hangzhou-a',
    ]);
  });

  test('minPoolSize above maxPoolSize is refused rather than clamped', () => {
    const text = editedExample([[['terway', 'minPoolSize'], 6]]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:23:16: terway.minPoolSize: found 6, above terway.maxPoolSize 5; allowed: a minPoolSize from 0 to maxPoolSize',
    ]);
  });
});

describe('formats', () => {
  test.each([
    [['clusterId'], 'C0A1', 'clusterId: found "C0A1"; allowed: an ACK cluster ID: "c" followed by 32 lowercase hex digits'],
    [['cloud', 'securityGroupIds', 0], 'sg_1', 'cloud.securityGroupIds[0]: found "sg_1"; allowed: a security group ID: "sg-" followed by lowercase letters and digits'],
    [['cloud', 'nodeVSwitches', 0, 'id'], 'vsw-ABC', 'cloud.nodeVSwitches[0].id: found "vsw-ABC"; allowed: a vSwitch ID: "vsw-" followed by lowercase letters and digits'],
    [['nodeInit', 'scriptUrl'], 'http://example.com/x.sh', 'nodeInit.scriptUrl: found "http://example.com/x.sh"; allowed: an https:// URL with a host and no user name or password in it (use https://: the node runs this script as root, it must not travel in clear text)'],
    [['nodeInit', 'join', 'caCertHash'], 'sha256:abc', 'nodeInit.join.caCertHash: found "sha256:abc"; allowed: "sha256:" followed by 64 lowercase hex digits (it has 3 hex digits: copy the whole hash)'],
    [['nodeInit', 'kubernetesVersion'], '1.23.0', 'nodeInit.kubernetesVersion: found "1.23.0"; allowed: a Kubernetes version "1.y.z" with y from 31 to 37 (supported as of 2026-12-01), written as a quoted string (1.23 is out of upstream support and older than kubeadm\'s v1beta4 JoinConfiguration: upgrade the on-premises cluster to 1.31 or later first)'],
    [['onPrem', 'apiServerEndpoint'], '192.168.0.10', 'onPrem.apiServerEndpoint: found "192.168.0.10"; allowed: host:port, with an IPv4 address or DNS name and a port from 1 to 65535, such as 192.168.0.10:6443 (add the port, usually :6443)'],
    [['onPrem', 'calico', 'install'], 'helm', 'onPrem.calico.install: found "helm"; allowed: one of "manifest", "operator"'],
  ])('%j = %j is refused', (at, value, expected) => {
    expect(problemsOf(editedExample([[at, value]])).map((line) => line.replace(/^c\.yaml:\d+:\d+: /, ''))).toEqual([expected]);
  });

  test('a non-canonical CIDR suggests the canonical one', () => {
    const text = editedExample([[['onPrem', 'nodeCidr'], '192.168.0.1/24']]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:9:13: onPrem.nodeCidr: found "192.168.0.1/24"; allowed: an IPv4 CIDR in canonical form, all address bits past the prefix zero, such as 10.0.0.0/12 (did you mean "192.168.0.0/24"?)',
    ]);
  });

  test('a version YAML reads as a number says to quote it', () => {
    const text = exampleYaml().replace('"1.36.0"', '1.30');
    expect(problemsOf(text)).toEqual([
      'c.yaml:26:22: nodeInit.kubernetesVersion: found the number 1.3 (written 1.30); allowed: a Kubernetes version "1.y.z" with y from 31 to 37 (supported as of 2026-12-01), written as a quoted string (YAML read this as a number: put the value in quotes)',
    ]);
  });
});

describe('keys', () => {
  test('an unknown key is refused with a suggestion, and its value is never shown', () => {
    const text = exampleYaml().replace('  maxPoolSize: 5\n', '  maxPoolSize: 5\n  maxPolSize: LTAI5tSecretLookingValue\n');
    expect(problemsOf(text)).toEqual([
      'c.yaml:23:3: terway.maxPolSize: found an unknown key "maxPolSize"; allowed: the keys maxPoolSize, minPoolSize, vswitchSelectionPolicy, credentials (did you mean "maxPoolSize"?)',
    ]);
  });

  test('a missing required key is reported at its parent', () => {
    const text = editedExample([[['nodeInit', 'join'], undefined]]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:25:1: nodeInit.join: found nothing: the key is missing; allowed: a required key: how nodes join: { caCertHash, tokenSource }',
    ]);
  });

  test('every problem of a file is reported at once', () => {
    const text = editedExample([
      [['clusterId'], 'bad'],
      [['cloud', 'vpcCidr'], '10.0.0.0/8'],
      [['terway', 'minPoolSize'], 9],
    ]);
    expect(problemsOf(text)).toHaveLength(4);
  });
});

describe('a folder of clusters', () => {
  test('two files with the same cluster name are refused, naming the first', () => {
    // GIVEN two files that both name the cluster idc-hangzhou
    const dir = clustersDir({ 'a.yaml': exampleYaml(), 'b.yaml': exampleYaml() });
    // WHEN the folder is loaded THEN the second is reported against the first
    expect(() => loadClusters(dir)).toThrow(UserError);
    try {
      loadClusters(dir);
    } catch (error) {
      expect((error as UserError).message.split('\n')).toEqual([
        expect.stringMatching(/b\.yaml:4:7: name: found "idc-hangzhou", already the name of the cluster in .*a\.yaml:4; allowed: a name no other file in the folder uses/),
        '1 problem in 1 file',
      ]);
    }
  });

  test('an empty folder is an error, not an empty output', () => {
    expect(() => loadClusters(clustersDir({}))).toThrow(/no cluster files in .*: expected one \*\.yaml file per cluster/);
  });
});
