import { Testing } from 'cdk8s';
import { applyPolicyAnnotations } from '../charts/apply-policy';
import { AckAgentChart } from '../charts/ack-agent';
import { CalicoChart } from '../charts/calico';
import { TERWAY_CNI_CONF, TerwayChart, TerwayChartProps } from '../charts/terway';

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
      'version', 'max_pool_size', 'min_pool_size', 'vswitches', 'eni_tags', 'service_cidr', 'security_groups', 'vswitch_selection_policy',
    ]);
    expect(eniConf.version).toBe('1');
    expect(eniConf.max_pool_size).toBe(5);
    expect(eniConf.min_pool_size).toBe(0);
    expect(eniConf.vswitches).toEqual({ 'cn-hangzhou-h': ['vsw-a1', 'vsw-a2'], 'cn-hangzhou-i': ['vsw-b1'] });
    expect(eniConf.eni_tags).toEqual({ 'ack.aliyun.com': 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9' });
    expect(eniConf.service_cidr).toBe('10.96.0.0/16');
    expect(eniConf.security_groups).toEqual(['sg-1', 'sg-2']);
    expect(eniConf.vswitch_selection_policy).toBe('ordered');
    expect(configMap.data.eni_conf).not.toMatch(/access_key|access_secret/);
    expect(JSON.parse(configMap.data['10-terway.conf'])).toEqual(TERWAY_CNI_CONF);
  });

  test('emits only metadata and data: no immutable field the add-on would have to share', () => {
    const [configMap] = Testing.synth(new TerwayChart(Testing.app(), 'terway', terwayProps));
    expect(Object.keys(configMap).sort()).toEqual(['apiVersion', 'data', 'kind', 'metadata']);
    expect(configMap.metadata).toEqual({ name: 'eni-config', namespace: 'kube-system', annotations: applyPolicyAnnotations('shell') });
  });

  test('refuses a minimum pool above the maximum', () => {
    expect(() => new TerwayChart(Testing.app(), 'terway', { ...terwayProps, maxPoolSize: 2, minPoolSize: 3 })).toThrow(
      'minPoolSize must be between 0 and maxPoolSize (2), got 3',
    );
  });

  test('refuses more than 10 security groups', () => {
    const securityGroupIds = Array.from({ length: 11 }, (_, i) => `sg-${i}`);
    expect(() => new TerwayChart(Testing.app(), 'terway', { ...terwayProps, securityGroupIds })).toThrow(
      'between 1 and 10 security groups are required, got 11',
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
      'scriptUrl must be an https URL, got http://b.example.com/x.sh',
    );
  });
});
