import { Testing } from 'cdk8s';
import { applyPolicyAnnotations } from '../charts/apply-policy';
import { AckAgentChart } from '../charts/ack-agent';
import { CalicoChart } from '../charts/calico';
import { ArgoCdApplicationChart, ArgoCdApplicationSetChart, FluxBootstrapChart } from '../charts/gitops';
import { ChartPropsError } from '../charts/props';
import { TerwayCredentialsChart } from '../charts/terway-credentials';
import { UserError } from '../src/config/problems';
import * as fs from 'fs';
import * as path from 'path';
import { ENI_CONFIG_KEYS, TerwayChart, TerwayChartProps } from '../charts/terway';

/**
 * `json` tag → Go type of Terway's `Config` struct (test/fixtures/terway/config.go, v1.17.5): what Terway
 * unmarshals eni_conf into. A key that is not there is silently ignored by Terway, a typo included.
 */
function terwayConfigFields(): Map<string, string> {
  const source = fs.readFileSync(path.join(__dirname, 'fixtures', 'terway', 'config.go'), 'utf8');
  const struct = source.slice(source.indexOf('type Config struct {'), source.indexOf('\n}\n', source.indexOf('type Config struct {')));
  const fields = new Map<string, string>();
  for (const m of struct.matchAll(/^\s*[A-Z][A-Za-z0-9]*\s+(\S+)\s+`[^`]*json:"([a-z0-9_]+)[,"]/gm)) fields.set(m[2], m[1]);
  return fields;
}

/** The JSON type a Go field type takes. */
function jsonTypeOf(goType: string): string {
  if (/^\*?(string|secret\.Secret|types\.IPAMType)$/.test(goType)) return 'string';
  if (/^\*?(int|float64|float32)$/.test(goType)) return 'number';
  if (/^\*?bool$/.test(goType)) return 'boolean';
  if (goType.startsWith('[]')) return 'array';
  return 'object';
}

const terwayProps: TerwayChartProps = {
  clusterId: 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  serviceCidr: '10.96.0.0/16',
  podVSwitches: [
    { id: 'vsw-a1', zone: 'cn-hangzhou-h' },
    { id: 'vsw-b1', zone: 'cn-hangzhou-i' },
    { id: 'vsw-a2', zone: 'cn-hangzhou-h' },
  ],
  securityGroupIds: ['sg-1', 'sg-2'],
};

describe('TerwayChart', () => {
  test('eni_conf parses back to the configured values, key by key', () => {
    // GIVEN pod vSwitches in two zones, defaults elsewhere
    const chart = new TerwayChart(Testing.app(), 'terway', terwayProps);
    // WHEN synthesized
    const [configMap] = Testing.synth(chart);
    const eniConf = JSON.parse(configMap.data.eni_conf);
    // THEN each key is what Terway expects, in the order given, and no credential key exists
    expect(Object.keys(eniConf)).toEqual([
      'version',
      'max_pool_size',
      'min_pool_size',
      'vswitches',
      'eni_tags',
      'service_cidr',
      'security_groups',
      'vswitch_selection_policy',
      'ip_stack',
      'enable_eni_trunking',
    ]);
    expect(eniConf.version).toBe('1');
    expect(eniConf.max_pool_size).toBe(5);
    expect(eniConf.min_pool_size).toBe(0);
    expect(eniConf.vswitches).toEqual({ 'cn-hangzhou-h': ['vsw-a1', 'vsw-a2'], 'cn-hangzhou-i': ['vsw-b1'] });
    expect(eniConf.eni_tags).toEqual({ 'ack.aliyun.com': 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9' });
    expect(eniConf.service_cidr).toBe('10.96.0.0/16');
    expect(eniConf.security_groups).toEqual(['sg-1', 'sg-2']);
    expect(eniConf.vswitch_selection_policy).toBe('ordered');
    expect(eniConf.ip_stack).toBe('ipv4');
    expect(eniConf.enable_eni_trunking).toBe(false);
    expect(configMap.data.eni_conf).not.toMatch(/access_key|access_secret/);
  });

  test("GIVEN every optional field set WHEN synthesized THEN each key of eni_conf is a field of Terway's Config, with its JSON type", () => {
    const [configMap] = Testing.synth(
      new TerwayChart(Testing.app(), 'terway', {
        ...terwayProps,
        ipStack: 'dual',
        enableEniTrunking: true,
        ipamType: 'crd',
        credentialPath: '/var/addon/token-config',
      }),
    );
    const eniConf = JSON.parse(configMap.data.eni_conf) as Record<string, unknown>;
    const fields = terwayConfigFields();
    // The parser must find the struct, or this test would pass on nothing.
    expect(fields.get('vswitches')).toBe('map[string][]string');
    for (const [key, value] of Object.entries(eniConf)) {
      expect([key, fields.has(key)]).toEqual([key, true]);
      expect([key, Array.isArray(value) ? 'array' : typeof value]).toEqual([key, jsonTypeOf(fields.get(key)!)]);
    }
    expect(eniConf).toMatchObject({ ip_stack: 'dual', enable_eni_trunking: true, ipam_type: 'crd', credential_path: '/var/addon/token-config' });
  });

  test('GIVEN the defaults WHEN synthesized THEN only eni_conf and disable_network_policy are set, never 10-terway.conf', () => {
    const [configMap] = Testing.synth(new TerwayChart(Testing.app(), 'terway', terwayProps));
    expect(Object.keys(configMap.data).sort()).toEqual([...ENI_CONFIG_KEYS].sort());
    expect(configMap.data['10-terway.conf']).toBeUndefined();
    // terway-cli reads "false" as "enforce" (cmd/terway-cli/common.go)
    expect(configMap.data.disable_network_policy).toBe('false');
  });

  test('GIVEN network policy turned off WHEN synthesized THEN disable_network_policy is "true"', () => {
    const [configMap] = Testing.synth(new TerwayChart(Testing.app(), 'terway', { ...terwayProps, enforceNetworkPolicy: false }));
    expect(configMap.data.disable_network_policy).toBe('true');
  });

  test('emits only metadata and data: no immutable field the add-on would have to share', () => {
    const [configMap] = Testing.synth(new TerwayChart(Testing.app(), 'terway', terwayProps));
    expect(Object.keys(configMap).sort()).toEqual(['apiVersion', 'data', 'kind', 'metadata']);
    expect(configMap.metadata).toEqual({ name: 'eni-config', namespace: 'kube-system', annotations: applyPolicyAnnotations('shell') });
  });

  test('refuses a minimum pool above the maximum', () => {
    expect(() => new TerwayChart(Testing.app(), 'terway', { ...terwayProps, maxPoolSize: 2, minPoolSize: 3 })).toThrow(
      'TerwayChart terway: props.minPoolSize is the number 3; allowed: a whole number from 0 to 2',
    );
  });

  test('refuses more than 10 security groups', () => {
    const securityGroupIds = Array.from({ length: 11 }, (_, i) => `sg-${i}`);
    expect(() => new TerwayChart(Testing.app(), 'terway', { ...terwayProps, securityGroupIds })).toThrow(
      'TerwayChart terway: props.securityGroupIds is a list of 11 items; allowed: a list of 1 to 10 items',
    );
  });
});

describe('CalicoChart', () => {
  test('manifest: a shell DaemonSet with the affinity and only what a valid DaemonSet needs', () => {
    const [ds] = Testing.synth(new CalicoChart(Testing.app(), 'calico'));
    expect(ds).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'calico-node', namespace: 'kube-system', annotations: applyPolicyAnnotations('shell') },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'calico-node' } },
        template: { metadata: { labels: { 'k8s-app': 'calico-node' } }, spec: { affinity: expect.any(Object), containers: [] } },
      },
    });
  });

  test('operator: the affinity goes through the Installation', () => {
    const [installation] = Testing.synth(new CalicoChart(Testing.app(), 'calico', { install: 'operator' }));
    expect(installation.kind).toBe('Installation');
    // The same affinity as the manifest's shell DaemonSet: only where it goes differs.
    const [ds] = Testing.synth(new CalicoChart(Testing.app(), 'calico', { install: 'manifest' }));
    expect(installation.spec.calicoNodeDaemonSet.spec.template.spec.affinity).toEqual(ds.spec.template.spec.affinity);
    expect(Object.keys(ds.spec.template.spec.affinity)).toEqual(['nodeAffinity']);
  });
});

describe('AckAgentChart', () => {
  test('carries addNodeScriptPath and nothing else of ours', () => {
    const [cm] = Testing.synth(new AckAgentChart(Testing.app(), 'agent', { scriptUrl: 'https://b.example.com/x.sh' }));
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ack-agent-config', namespace: 'kube-system', annotations: applyPolicyAnnotations('shell') },
      data: { addNodeScriptPath: 'https://b.example.com/x.sh' },
    });
  });

  test('refuses a URL that is not https', () => {
    expect(() => new AckAgentChart(Testing.app(), 'agent', { scriptUrl: 'http://b.example.com/x.sh' })).toThrow(
      'AckAgentChart agent: props.scriptUrl is "http://b.example.com/x.sh"; allowed: an https:// URL',
    );
  });
});

const LOCATION = { repoUrl: 'https://git.example.com/platform/hybrid-gitops.git', revision: 'main', path: 'dist/idc' };

describe("charts used one by one (issue 21, item 7): props are held to the cluster file's formats", () => {
  test.each([
    [
      'TerwayChart',
      () => new TerwayChart(Testing.app(), 't', { ...terwayProps, clusterId: 'c-not-an-id' }),
      'TerwayChart t: props.clusterId is "c-not-an-id"; allowed: an ACK cluster ID',
    ],
    [
      'TerwayChart',
      () => new TerwayChart(Testing.app(), 't', { ...terwayProps, serviceCidr: '10.96.0.1/16' }),
      'props.serviceCidr is "10.96.0.1/16"; allowed: an IPv4 CIDR',
    ],
    [
      'TerwayChart',
      () => new TerwayChart(Testing.app(), 't', { ...terwayProps, podVSwitches: [{ id: 'vsw-a', zone: 'Hangzhou H' }] }),
      'props.podVSwitches[0].zone is "Hangzhou H"; allowed: an Alibaba Cloud zone ID',
    ],
    [
      'TerwayChart',
      () => new TerwayChart(Testing.app(), 't', { ...terwayProps, securityGroupIds: ['sg-a\u202e'] }),
      'props.securityGroupIds[0] is "sg-a\\u202e"',
    ],
    ['TerwayChart', () => new TerwayChart(Testing.app(), 't', { ...terwayProps, credentialPath: '/var/../etc/shadow' }), 'props.credentialPath'],
    [
      'TerwayChart',
      () => new TerwayChart(Testing.app(), 't', { ...terwayProps, nodePools: [{ name: 'gpu', podVSwitches: [] }] }),
      'props.nodePools[0].podVSwitches is a list of 0 items; allowed: a list of 1 to 64 items',
    ],
    [
      'CalicoChart',
      () => new CalicoChart(Testing.app(), 'c', { existingNodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: [] }] }] }),
      'CalicoChart c: props.existingNodeSelectorTerms[0].matchExpressions[0].values is a list of 0 items; allowed: at least one value with In and NotIn',
    ],
    [
      'TerwayCredentialsChart',
      () =>
        new TerwayCredentialsChart(Testing.app(), 'k', {
          credentials: { mode: 'sealed-secrets', encryptedData: { 'access-key-id': 'LTAI5tPlainTextKeyId01', 'access-key-secret': 'x' } },
        }),
      'TerwayCredentialsChart k: props.credentials.encryptedData.access-key-id',
    ],
    [
      'ArgoCdApplicationChart',
      () => new ArgoCdApplicationChart(Testing.app(), 'a', { clusterName: 'idc', location: LOCATION, destinationServer: 'http://10.0.0.1:6443' }),
      'ArgoCdApplicationChart a: props.destinationServer is "http://10.0.0.1:6443"; allowed: an https:// URL',
    ],
    [
      'ArgoCdApplicationSetChart',
      () =>
        new ArgoCdApplicationSetChart(Testing.app(), 's', {
          namespace: 'argocd',
          clusters: [
            { clusterName: 'idc', location: LOCATION },
            { clusterName: 'IDC 2', location: LOCATION },
          ],
        }),
      'ArgoCdApplicationSetChart s: props.clusters[1].clusterName is "IDC 2"',
    ],
    [
      'FluxBootstrapChart',
      () =>
        new FluxBootstrapChart(Testing.app(), 'f', {
          clusterName: 'idc',
          location: LOCATION,
          preflightPath: 'dist/gitops/idc/preflight',
          targets: [],
          interval: '10 minutes',
        }),
      'FluxBootstrapChart f: props.interval is "10 minutes"; allowed: a duration',
    ],
  ])('GIVEN a %s with a value validate refuses WHEN constructed THEN it throws naming the prop, the value and what is allowed', (_chart, make, message) => {
    expect(make).toThrow(ChartPropsError);
    expect(make).toThrow(message);
  });

  test('GIVEN a chart error WHEN caught THEN it is a UserError (the CLI reports it with exit 2, never a stack trace)', () => {
    expect(() => new AckAgentChart(Testing.app(), 'a', { scriptUrl: 'ftp://x' })).toThrow(UserError);
  });

  test('GIVEN an AccessKey typed where a sealed value goes WHEN refused THEN the message does not repeat it', () => {
    const make = () =>
      new TerwayCredentialsChart(Testing.app(), 'k', {
        credentials: { mode: 'sealed-secrets', encryptedData: { 'access-key-id': 'LTAI5tPlainTextKeyId01', 'access-key-secret': 'x' } },
      });
    expect(make).toThrow(ChartPropsError);
    try {
      make();
    } catch (error) {
      expect((error as Error).message).not.toContain('LTAI5tPlainTextKeyId01');
    }
  });
});
