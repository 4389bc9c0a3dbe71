import * as fs from 'fs';
import * as path from 'path';
import { loadClusters, parseClusterFile } from '../src/config/load';
import { RULES } from '../src/config/rules';
import { formatProblem, UserError } from '../src/config/problems';
import { clustersDir, editedExample, exampleYaml, REPO_ROOT } from './support/clusters';

/** The shipped example has a terraform section: every pool added to it says what its instances are. */
const INSTANCES = { types: ['ecs.g7.xlarge'] };

/** The problems of one file's text, formatted as users see them. */
function problemsOf(text: string): string[] {
  return parseClusterFile('c.yaml', text).problems.map(formatProblem);
}

describe('the shipped example', () => {
  test('is valid and gets the documented defaults', () => {
    // GIVEN the example without its optional sections
    const text = editedExample([
      [['terway'], undefined],
      [['onPrem', 'calico'], undefined],
      [['nodeInit', 'os'], undefined],
    ]);
    // WHEN it is parsed
    const { spec, problems } = parseClusterFile('c.yaml', text);
    // THEN defaults fill them
    expect(problems).toEqual([]);
    expect(spec?.terway).toEqual({
      maxPoolSize: 5,
      minPoolSize: 0,
      vswitchSelectionPolicy: 'ordered',
      ipStack: 'ipv4',
      enableEniTrunking: false,
      networkPolicy: 'enforced',
      credentials: { mode: 'unmanaged' },
    });
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
    const text = editedExample([[['cloud', 'podVSwitches', 0], { id: 'vsw-bp1node0000000000000a', zone: 'cn-hangzhou-h', cidr: '10.10.24.0/24' }]]);
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
    expect(problemsOf(text)).toEqual(['c.yaml:23:16: terway.minPoolSize: found 6, above terway.maxPoolSize 5; allowed: a minPoolSize from 0 to maxPoolSize']);
  });
});

describe('Alibaba Cloud limits', () => {
  test.each([
    ['a VPC wider than /8', [['cloud', 'vpcCidr'], '8.0.0.0/7'], 'cloud.vpcCidr: found "8.0.0.0/7", a /7'],
    ['a VPC narrower than /28', [['cloud', 'vpcCidr'], '10.10.24.0/29'], 'cloud.vpcCidr: found "10.10.24.0/29", a /29'],
    [
      'a VPC in the shared address space',
      [['cloud', 'vpcCidr'], '100.64.0.0/12'],
      'cloud.vpcCidr: found "100.64.0.0/12", inside the reserved block 100.64.0.0/10',
    ],
  ] as const)('GIVEN %s WHEN validated THEN it is refused with the limits', (_what, edit, expected) => {
    const lines = problemsOf(editedExample([edit as unknown as [string[], unknown]])).map((l) => l.replace(/^c\.yaml:\d+:\d+: /, ''));
    expect(lines[0]).toBe(
      `${expected}; allowed: a VPC block Alibaba Cloud accepts: a prefix from /8 to /28, usually inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
    );
  });

  test('GIVEN a /30 pod vSwitch and a /15 node vSwitch WHEN validated THEN both are refused (CreateVSwitch takes /16 to /29)', () => {
    const text = editedExample([
      [['cloud', 'vpcCidr'], '10.0.0.0/8'],
      [['onPrem', 'podCidr'], '172.20.0.0/16'],
      [['onPrem', 'serviceCidr'], '172.21.0.0/16'],
      [['cloud', 'nodeVSwitches', 0, 'cidr'], '10.10.0.0/15'],
      [['cloud', 'podVSwitches', 0, 'cidr'], '10.12.0.0/30'],
    ]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:17:67: cloud.nodeVSwitches[0].cidr: found "10.10.0.0/15", a /15; allowed: a vSwitch range from /16 to /29: Alibaba Cloud creates no other vSwitch',
      'c.yaml:19:67: cloud.podVSwitches[0].cidr: found "10.12.0.0/30", a /30; allowed: a vSwitch range from /16 to /29: Alibaba Cloud creates no other vSwitch',
    ]);
  });
});

describe('Terway: a pod vSwitch in every node zone', () => {
  test('GIVEN node vSwitches in two zones and pod vSwitches in one WHEN validated THEN the zone without one is named', () => {
    const text = editedExample([[['cloud', 'nodeVSwitches', 1], { id: 'vsw-bp1node0000000000000b', zone: 'cn-hangzhou-i', cidr: '10.10.26.0/24' }]]);
    expect(problemsOf(text)).toEqual([
      'c.yaml:19:13: cloud.nodeVSwitches[1].zone: found "cn-hangzhou-i", a zone with no pod vSwitch in cloud.podVSwitches (line 22), which has cn-hangzhou-h; allowed: a pod vSwitch in zone cn-hangzhou-i in cloud.podVSwitches: Terway takes pod addresses only from pod vSwitches of the node\'s zone',
    ]);
  });

  test("GIVEN a pool in another zone without pod vSwitches of its own WHEN validated THEN the cluster's pod vSwitches are the ones checked", () => {
    const text = editedExample([
      [['nodePools'], [{ name: 'gpu', nodeVSwitches: [{ id: 'vsw-gpu', zone: 'cn-hangzhou-i', cidr: '10.10.30.0/24' }], instances: INSTANCES }]],
    ]);
    expect(problemsOf(text)).toEqual([
      expect.stringContaining('nodePools[0].nodeVSwitches[0].zone: found "cn-hangzhou-i", a zone with no pod vSwitch in cloud.podVSwitches'),
    ]);
  });

  test('GIVEN that pool with its own pod vSwitch in its zone WHEN validated THEN it passes', () => {
    const text = editedExample([
      [
        ['nodePools'],
        [
          {
            name: 'gpu',
            nodeVSwitches: [{ id: 'vsw-gpu', zone: 'cn-hangzhou-i', cidr: '10.10.30.0/24' }],
            podVSwitches: [{ id: 'vsw-gpupod', zone: 'cn-hangzhou-i', cidr: '10.10.31.0/24' }],
            instances: INSTANCES,
          },
        ],
      ],
    ]);
    expect(problemsOf(text)).toEqual([]);
  });
});

describe('the API server endpoint', () => {
  test.each([
    ['127.0.0.1:6443', 'a loopback address: on a cloud node it is the node itself'],
    ['localhost:6443', 'a loopback name: on a cloud node it is the node itself'],
    ['0.0.0.0:6443', 'an unspecified ("this network") address'],
    ['169.254.10.1:6443', 'a link-local address, not routed (and 169.254.0.0/16 holds the metadata services)'],
    ['10.96.0.1:443', 'inside onPrem.serviceCidr "10.96.0.0/16" (line 11): a virtual service address a node cannot reach before it has joined'],
    ['10.100.3.4:6443', 'inside onPrem.podCidr "10.100.0.0/16" (line 10): a virtual pod address a node cannot reach before it has joined'],
  ])('GIVEN %s WHEN validated THEN it is refused: %s', (endpoint, why) => {
    expect(problemsOf(editedExample([[['onPrem', 'apiServerEndpoint'], endpoint]]))).toEqual([
      `c.yaml:8:22: onPrem.apiServerEndpoint: found "${endpoint}", ${why}; allowed: the address of the on-premises API server (or its load balancer) that cloud nodes reach across CEN`,
    ]);
  });
});

describe('node pools: labels and taints kubelet would refuse', () => {
  const pool = (extra: Record<string, unknown>) => ({
    name: 'gpu',
    nodeVSwitches: [{ id: 'vsw-gpu', zone: 'cn-hangzhou-h', cidr: '10.10.30.0/24' }],
    instances: INSTANCES,
    ...extra,
  });

  test('GIVEN a 53-character pool name with its own security groups WHEN validated THEN the derived label value (64) is refused', () => {
    const name = `p${'a'.repeat(52)}`;
    const problems = problemsOf(editedExample([[['nodePools'], [pool({ name, securityGroupIds: ['sg-other'] })]]]));
    expect(problems).toEqual([
      expect.stringContaining(
        `nodePools[0].name: found "${name}", 53 characters: its nodes would get the label terway-config=eni-config-${name}, 64 characters; allowed: a pool name of at most 52 characters when the pool sets podVSwitches or securityGroupIds`,
      ),
    ]);
  });

  test('GIVEN the same 53-character name without settings of its own WHEN validated THEN it passes (no label is set)', () => {
    expect(problemsOf(editedExample([[['nodePools'], [pool({ name: `p${'a'.repeat(52)}` })]]]))).toEqual([]);
  });

  test('GIVEN two taints with one key and effect WHEN validated THEN the second is refused, pointing at the first', () => {
    const taints = [
      { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
      { key: 'nvidia.com/gpu', value: 'false', effect: 'NoExecute' },
      { key: 'nvidia.com/gpu', value: 'yes', effect: 'NoSchedule' },
    ];
    expect(problemsOf(editedExample([[['nodePools'], [pool({ taints })]]]))).toEqual([
      expect.stringMatching(
        /nodePools\[0\]\.taints\[2\]: found a second taint "nvidia\.com\/gpu" with effect NoSchedule \(first at nodePools\[0\]\.taints\[0\], line \d+\); allowed: taints unique by key and effect/,
      ),
    ]);
  });
});

describe('formats', () => {
  test.each([
    [['clusterId'], 'C0A1', 'clusterId: found "C0A1"; allowed: an ACK cluster ID: "c" followed by 32 lowercase hex digits'],
    [
      ['cloud', 'securityGroupIds', 0],
      'sg_1',
      'cloud.securityGroupIds[0]: found "sg_1"; allowed: a security group ID: "sg-" followed by lowercase letters and digits',
    ],
    [
      ['cloud', 'nodeVSwitches', 0, 'id'],
      'vsw-ABC',
      'cloud.nodeVSwitches[0].id: found "vsw-ABC"; allowed: a vSwitch ID: "vsw-" followed by lowercase letters and digits',
    ],
    [
      ['nodeInit', 'scriptUrl'],
      'http://example.com/x.sh',
      'nodeInit.scriptUrl: found "http://example.com/x.sh"; allowed: an https:// URL with a host and no user name or password in it (use https://: the node runs this script as root, it must not travel in clear text)',
    ],
    [
      ['nodeInit', 'join', 'caCertHash'],
      'sha256:abc',
      'nodeInit.join.caCertHash: found "sha256:abc"; allowed: "sha256:" followed by 64 lowercase hex digits (it has 3 hex digits: copy the whole hash)',
    ],
    [
      ['nodeInit', 'kubernetesVersion'],
      '1.23.0',
      'nodeInit.kubernetesVersion: found "1.23.0"; allowed: a Kubernetes version "1.y.z" with y from 31 to 37 (ack-hybrid\'s table, checked 2026-12-07; a newer y with nodeInit.allowUntestedVersions), written as a quoted string (1.23 is out of upstream support and older than kubeadm\'s v1beta4 JoinConfiguration: upgrade the on-premises cluster to 1.31 or later first)',
    ],
    [
      ['onPrem', 'apiServerEndpoint'],
      '192.168.0.10',
      'onPrem.apiServerEndpoint: found "192.168.0.10"; allowed: host:port, with an IPv4 address or DNS name and a port from 1 to 65535, such as 192.168.0.10:6443 (add the port, usually :6443)',
    ],
    [['onPrem', 'calico', 'install'], 'helm', 'onPrem.calico.install: found "helm"; allowed: one of "manifest", "operator"'],
    // Terway's Config.Validate refuses "ipv6" (types/daemon/config.go)
    [['terway', 'ipStack'], 'ipv6', 'terway.ipStack: found "ipv6"; allowed: one of "ipv4", "dual"'],
    [
      ['terway', 'credentialPath'],
      '../token',
      'terway.credentialPath: found "../token"; allowed: an absolute path in Terway\'s container, such as /var/addon/token-config, of letters, digits, ".", "_", "-" and "/"',
    ],
    [
      ['terway', 'networkPolicy'],
      'off',
      'terway.networkPolicy: found "off"; allowed: one of "enforced" (default: NetworkPolicy holds on cloud nodes too), "disabled"',
    ],
    [
      ['terway', 'vswitchSelectionPolicy'],
      'most',
      'terway.vswitchSelectionPolicy: found "most"; allowed: one of "ordered" (the pod vSwitch with the most free addresses first), "random"',
    ],
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
    const text = exampleYaml().replace('"1.36.4"', '1.30');
    expect(problemsOf(text)).toEqual([
      'c.yaml:26:22: nodeInit.kubernetesVersion: found the number 1.3 (written 1.30); allowed: a Kubernetes version "1.y.z" with y from 31 to 37 (ack-hybrid\'s table, checked 2026-12-07; a newer y with nodeInit.allowUntestedVersions), written as a quoted string (YAML read this as a number: put the value in quotes)',
    ]);
  });
});

describe('keys', () => {
  test('an unknown key is refused with a suggestion, and its value is never shown', () => {
    const text = exampleYaml().replace('  maxPoolSize: 5\n', '  maxPoolSize: 5\n  maxPolSize: LTAI5tSecretLookingValue\n');
    expect(problemsOf(text)).toEqual([
      'c.yaml:23:3: terway.maxPolSize: found an unknown key "maxPolSize"; allowed: the keys maxPoolSize, minPoolSize, vswitchSelectionPolicy, ipStack, enableEniTrunking, ipamType, credentialPath, networkPolicy, credentials (did you mean "maxPoolSize"?)',
      // The value looks like an AccessKey ID: refused as such too, and masked.
      'c.yaml:23:15: terway.maxPolSize: found "LTAI****", which looks like an AccessKey ID; allowed: no credentials in a cluster file: it is committed and copied into dist/ (write the name of where the key is kept, never the key; Terway\'s AccessKey comes from terway.credentials)',
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
        expect.stringMatching(
          /b\.yaml:4:7: name: found "idc-hangzhou", already the name of the cluster in .*a\.yaml:4; allowed: a name no other file in the folder uses/,
        ),
        '1 problem in 1 file',
      ]);
    }
  });

  test.each([
    [
      'clusterId',
      (t: string) =>
        t
          .replace('name: idc-hangzhou', 'name: idc-other')
          .replace('path: dist/idc-hangzhou', 'path: dist/idc-other\n  argocd:\n    destinationServer: https://idc-other.k8s.example.com:6443')
          .replace(/scriptUrl: .*/, 'scriptUrl: https://example-bucket.oss-cn-hangzhou-internal.aliyuncs.com/other.sh'),
      /b\.yaml:5:12: clusterId: found "c0a1b2c3d4e5f60718293a4b5c6d7e8f9", already the clusterId of cluster "idc-hangzhou" in .*a\.yaml:5; allowed: a clusterId no other file in the folder uses/,
    ],
    [
      'scriptUrl',
      (t: string) =>
        t
          .replace('name: idc-hangzhou', 'name: idc-other')
          .replace('path: dist/idc-hangzhou', 'path: dist/idc-other\n  argocd:\n    destinationServer: https://idc-other.k8s.example.com:6443')
          .replace(/clusterId: .*/, `clusterId: c${'1'.repeat(32)}`),
      /b\.yaml:\d+:\d+: nodeInit\.scriptUrl: found "https:\/\/example-bucket\.oss-cn-hangzhou-internal\.aliyuncs\.com…", already the scriptUrl of cluster "idc-hangzhou" in .*a\.yaml:\d+; allowed: a scriptUrl no other cluster uses/,
    ],
  ])('GIVEN two clusters with one %s WHEN the folder is loaded THEN the second is refused', (_field, edit, expected) => {
    const dir = clustersDir({ 'a.yaml': exampleYaml(), 'b.yaml': edit(exampleYaml()) });
    let message = '';
    try {
      loadClusters(dir);
    } catch (error) {
      message = (error as UserError).message;
    }
    expect(message.split('\n')).toEqual([expect.stringMatching(expected), '1 problem in 1 file']);
  });

  test('an empty folder is an error, not an empty output', () => {
    expect(() => loadClusters(clustersDir({}))).toThrow(/no cluster files in .*: expected one \*\.yaml file per cluster/);
  });
});

describe('the rule registry', () => {
  test('GIVEN every rule WHEN docs/cluster-file.md is read THEN it names the rule, and names are unique', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'cluster-file.md'), 'utf8');
    const names = RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !doc.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
