import { applyPolicyAnnotations } from '../charts/apply-policy';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { App } from 'cdk8s';
import { eniConfPatch, TerwayChart } from '../charts/terway';
import { buildBundle } from '../src/build/bundle';
import { parseClusterFile } from '../src/config/load';
import { formatProblem, sortProblems } from '../src/config/problems';
import { runCli } from './support/cli';
import { editedExample } from './support/clusters';
import { tempDir } from './support/tree';

// The pools here are the Kubernetes side's; the cloud code's pools (which need `instances`) are test/cloud-*.test.ts's.
const EXAMPLE = editedExample([[['terraform'], undefined]]);

const POOLS = `
nodePools:
  - name: gpu
    nodeVSwitches:
      - { id: vsw-bp1gpunode000000000a, zone: cn-hangzhou-i, cidr: 10.10.30.0/24 }
    podVSwitches:
      - { id: vsw-bp1gpupod0000000000a, zone: cn-hangzhou-i, cidr: 10.10.31.0/24 }
    securityGroupIds: [sg-bp1gpu000000000000a]
    labels: { workload: gpu, example.com/team: ml }
    taints:
      - { key: nvidia.com/gpu, value: "true", effect: NoSchedule }
  - name: general
    nodeVSwitches:
      - { id: vsw-bp1node0000000000000a, zone: cn-hangzhou-h, cidr: 10.10.24.0/24 }
    podVSwitches:
      - { id: vsw-bp1pod00000000000000a, zone: cn-hangzhou-h, cidr: 10.10.25.0/24 }
`;

function load(text: string) {
  const result = parseClusterFile('clusters/a.yaml', text);
  return { ...result, messages: sortProblems(result.problems).map(formatProblem) };
}

function bundleOf(text: string) {
  const { spec, messages } = load(text);
  expect(messages).toEqual([]);
  return buildBundle([{ file: 'clusters/a.yaml', dir: 'clusters', spec: spec! }]);
}

describe('node pools: Terway configuration', () => {
  const dir = tempDir('pools');
  const bundle = bundleOf(EXAMPLE + POOLS);

  it('GIVEN a pool with its own pod vSwitches and security groups WHEN synthesized THEN eni-config-<pool> holds only the differing keys, the cluster zone set to null', () => {
    const configMap = parse(bundle.get('idc-hangzhou/configmap.kube-system.eni-config-gpu.yaml')!);
    expect(configMap.metadata).toEqual({ name: 'eni-config-gpu', namespace: 'kube-system', annotations: applyPolicyAnnotations('retain') });
    expect(Object.keys(configMap.data)).toEqual(['eni_conf']);
    expect(JSON.parse(configMap.data.eni_conf)).toEqual({
      vswitches: { 'cn-hangzhou-i': ['vsw-bp1gpupod0000000000a'], 'cn-hangzhou-h': null },
      security_groups: ['sg-bp1gpu000000000000a'],
    });
  });

  it("GIVEN a pool whose Terway settings equal the cluster's WHEN synthesized THEN it gets no ConfigMap", () => {
    expect([...bundle.keys()].filter((f) => f.includes('eni-config'))).toEqual([
      'idc-hangzhou/configmap.kube-system.eni-config-gpu.yaml',
      'idc-hangzhou/configmap.kube-system.eni-config.yaml',
    ]);
  });

  it('GIVEN a pool ConfigMap WHEN the kustomization is read THEN it lists it', () => {
    expect(parse(bundle.get('idc-hangzhou/kustomization.yaml')!).resources).toContain('configmap.kube-system.eni-config-gpu.yaml');
  });

  it("GIVEN the patch WHEN merged over eni_conf as RFC 7396 says THEN the pool's nodes see only the pool's vSwitches and groups", () => {
    const base = JSON.parse(parse(bundle.get('idc-hangzhou/configmap.kube-system.eni-config.yaml')!).data.eni_conf);
    const patch = JSON.parse(parse(bundle.get('idc-hangzhou/configmap.kube-system.eni-config-gpu.yaml')!).data.eni_conf);
    const merged = mergePatch(base, patch) as Record<string, unknown>;
    expect(merged.vswitches).toEqual({ 'cn-hangzhou-i': ['vsw-bp1gpupod0000000000a'] });
    expect(merged.security_groups).toEqual(['sg-bp1gpu000000000000a']);
    expect(merged.max_pool_size).toBe(base.max_pool_size);
  });

  it('GIVEN a pool sharing one zone with the cluster WHEN the patch is made THEN an unchanged zone is left out', () => {
    const base = { vswitches: { 'cn-hangzhou-h': ['vsw-a'], 'cn-hangzhou-i': ['vsw-b'] }, security_groups: ['sg-a'] };
    const pool = {
      name: 'p',
      podVSwitches: [
        { id: 'vsw-a', zone: 'cn-hangzhou-h' },
        { id: 'vsw-c', zone: 'cn-hangzhou-j' },
      ],
      securityGroupIds: ['sg-a'],
    };
    expect(eniConfPatch(base, pool)).toEqual({ vswitches: { 'cn-hangzhou-j': ['vsw-c'], 'cn-hangzhou-i': null } });
  });

  it('GIVEN pools WHEN the runbook is written THEN it lists per pool the labels (with terway-config) and taints to set', () => {
    const runbook = bundle.get('idc-hangzhou/RUNBOOK.md')!;
    expect(runbook).toContain(
      [
        '### Node pool `gpu`',
        '',
        '- Node vSwitches: `vsw-bp1gpunode000000000a` (`cn-hangzhou-i`, `10.10.30.0/24`)',
        '- Security groups: `sg-bp1gpu000000000000a`',
        '- Node labels: `example.com/team=ml`, `terway-config=eni-config-gpu`, `workload=gpu`',
        '- Taints: `nvidia.com/gpu=true:NoSchedule`',
        '- Terway configuration: `eni-config-gpu` merged over `eni-config`',
        '- Pods take addresses from: `vsw-bp1gpupod0000000000a` (`cn-hangzhou-i`, `10.10.31.0/24`)',
      ].join('\n'),
    );
    expect(runbook).toContain(
      [
        '### Node pool `general`',
        '',
        '- Node vSwitches: `vsw-bp1node0000000000000a` (`cn-hangzhou-h`, `10.10.24.0/24`)',
        '- Security groups: `sg-bp1hybrid0000000000a`',
        '- Node labels: none',
        '- Taints: none',
        "- Terway configuration: the cluster's `eni-config`",
        '- Pods take addresses from: `vsw-bp1pod00000000000000a` (`cn-hangzhou-h`, `10.10.25.0/24`)',
      ].join('\n'),
    );
    // With pools listed, the cluster-wide node vSwitches are an optional default pool, and the runbook says so.
    expect(runbook).toContain('optional default pool: none of the pools below needs it');
  });

  it('GIVEN a cluster with pools WHEN kubectl kustomize renders its folder THEN the pool ConfigMap is in it', () => {
    const clusters = path.join(dir, 'clusters');
    fs.mkdirSync(clusters);
    fs.writeFileSync(path.join(clusters, 'a.yaml'), EXAMPLE + POOLS);
    expect(runCli(['synth', '--clusters', clusters, '--out', path.join(dir, 'dist')]).status).toBe(0);
    const rendered = execFileSync('kubectl', ['kustomize', path.join(dir, 'dist', 'idc-hangzhou')], { encoding: 'utf8' });
    expect(rendered).toContain('  name: eni-config-gpu\n');
  });
});

describe('node pools: validation', () => {
  const withPools = (pools: string) => load(`${EXAMPLE}\nnodePools:\n${pools}`).messages;

  it("GIVEN pool vSwitches outside the region, overlapping the cluster's, or outside the VPC WHEN validated THEN each is reported", () => {
    expect(
      withPools(`  - name: gpu
    nodeVSwitches:
      - { id: vsw-x1, zone: cn-beijing-i, cidr: 10.10.24.128/25 }
    podVSwitches:
      - { id: vsw-x2, zone: cn-hangzhou-i, cidr: 172.16.0.0/24 }
`),
    ).toEqual([
      'clusters/a.yaml:53:29: nodePools[0].nodeVSwitches[0].zone: found "cn-beijing-i", a zone outside region "cn-hangzhou" (line 6); allowed: a zone of region cn-hangzhou, such as cn-hangzhou-a',
      'clusters/a.yaml:53:49: nodePools[0].nodeVSwitches[0].cidr: found "10.10.24.128/25", which lies inside cloud.nodeVSwitches[0].cidr "10.10.24.0/24" (line 17); allowed: vSwitch ranges that do not overlap: each vSwitch owns its own addresses',
      'clusters/a.yaml:55:50: nodePools[0].podVSwitches[0].cidr: found "172.16.0.0/24", which is not inside cloud.vpcCidr "10.0.0.0/12" (line 15); allowed: a vSwitch range inside cloud.vpcCidr',
    ]);
  });

  it('GIVEN two pools with one name and a cluster vSwitch described differently WHEN validated THEN both are reported', () => {
    expect(
      withPools(`  - name: gpu
    nodeVSwitches: [{ id: vsw-bp1node0000000000000a, zone: cn-hangzhou-h, cidr: 10.10.24.0/24 }]
  - name: gpu
    nodeVSwitches: [{ id: vsw-bp1node0000000000000a, zone: cn-hangzhou-h, cidr: 10.10.99.0/24 }]
`),
    ).toEqual([
      'clusters/a.yaml:53:11: nodePools[1].name: found "gpu", already the name of nodePools[0] (line 51); allowed: a pool name used once per cluster',
      'clusters/a.yaml:54:27: nodePools[1].nodeVSwitches[0].id: found "vsw-bp1node0000000000000a", already at cloud.nodeVSwitches[0] (line 17) with another zone or range; allowed: the same zone and range wherever one vSwitch ID appears',
    ]);
  });

  it('GIVEN bad labels and taints WHEN validated THEN key, value, effect and the reserved terway-config label are reported', () => {
    expect(
      withPools(`  - name: gpu
    nodeVSwitches: [{ id: vsw-bp1node0000000000000a, zone: cn-hangzhou-h, cidr: 10.10.24.0/24 }]
    labels: { terway-config: x, "-bad": v, ok: "bad value!" }
    taints: [{ key: nvidia.com/gpu, effect: NoEat }]
`),
    ).toEqual([
      'clusters/a.yaml:53:30: nodePools[0].labels.terway-config: found the label "terway-config"; allowed: labels other than terway-config: ack-hybrid sets it to eni-config-<pool> when the pool needs its own Terway settings',
      'clusters/a.yaml:53:33: nodePools[0].labels.-bad: found the key "-bad"; allowed: a Kubernetes label key: an optional DNS-subdomain prefix and "/", then 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      'clusters/a.yaml:53:48: nodePools[0].labels.ok: found "bad value!"; allowed: a Kubernetes label value: empty, or 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      'clusters/a.yaml:54:45: nodePools[0].taints[0].effect: found "NoEat"; allowed: one of "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it('GIVEN no nodePools key WHEN loaded THEN the spec has an empty list and the bundle no pool ConfigMap', () => {
    const { spec } = load(EXAMPLE);
    expect(spec?.nodePools).toEqual([]);
    expect([...bundleOf(EXAMPLE).keys()].filter((f) => f.includes('eni-config-'))).toEqual([]);
  });
});

/** RFC 7396 MergePatch, as Terway applies a pool's eni_conf over the cluster's. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

describe('TerwayChart props', () => {
  it('GIVEN two pools with one name WHEN the chart is built directly THEN it throws, naming the pool', () => {
    const props = {
      clusterId: 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      serviceCidr: '10.96.0.0/16',
      podVSwitches: [{ id: 'vsw-a', zone: 'cn-hangzhou-h' }],
      securityGroupIds: ['sg-a'],
    };
    expect(() => new TerwayChart(new App(), 't', { ...props, nodePools: [{ name: 'p' }, { name: 'p' }] })).toThrow(
      'TerwayChart t: props.nodePools[1].name is "p"; allowed: a name no other pool of the chart has',
    );
  });
});
