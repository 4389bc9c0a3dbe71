/**
 * Generated fleets for the benchmark: N valid cluster files whose networks do not overlap inside each
 * cluster, every tenth with two node pools (one with its own Terway settings).
 */
import * as fs from 'fs';
import * as path from 'path';
import { toYaml } from '../src/kubernetes/render';

export function fleetClusterFile(i: number): unknown {
  const hex = i.toString(16).padStart(32, '0');
  // Two /24s per cluster inside 10.0.0.0/12: node vSwitch 2i, pod vSwitch 2i+1 (up to 2,048 clusters).
  const net = (n: number) => `10.${n >> 8}.${n & 255}.0/24`;
  const name = `fleet-${String(i).padStart(4, '0')}`;
  const file: Record<string, unknown> = {
    name,
    clusterId: `c${hex}`,
    region: 'cn-hangzhou',
    onPrem: { apiServerEndpoint: `192.168.${i % 256}.10:6443`, nodeCidr: `192.168.${i % 256}.0/24`, podCidr: '10.100.0.0/16', serviceCidr: '10.96.0.0/16' },
    cloud: {
      vpcCidr: '10.0.0.0/12',
      nodeVSwitches: [{ id: `vsw-node${hex.slice(-8)}`, zone: 'cn-hangzhou-h', cidr: net(2 * i) }],
      podVSwitches: [{ id: `vsw-pod${hex.slice(-8)}`, zone: 'cn-hangzhou-h', cidr: net(2 * i + 1) }],
      securityGroupIds: [`sg-fleet${hex.slice(-8)}`],
    },
    nodeInit: {
      kubernetesVersion: '1.33.0',
      scriptUrl: `https://example-bucket.oss-cn-hangzhou-internal.aliyuncs.com/${name}/init-node-ecs.sh`,
      join: { caCertHash: `sha256:${hex}${hex}` },
    },
  };
  if (i % 10 === 0) {
    file.nodePools = [
      { name: 'general', nodeVSwitches: (file.cloud as { nodeVSwitches: unknown }).nodeVSwitches },
      {
        name: 'gpu',
        nodeVSwitches: (file.cloud as { nodeVSwitches: unknown }).nodeVSwitches,
        securityGroupIds: [`sg-gpu${hex.slice(-8)}`],
        labels: { workload: 'gpu' },
        taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
      },
    ];
  }
  return file;
}

/** Writes `count` cluster files into `dir` (created). */
export function writeFleet(dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const file = fleetClusterFile(i) as { name: string };
    fs.writeFileSync(path.join(dir, `${file.name}.yaml`), toYaml(file));
  }
}
