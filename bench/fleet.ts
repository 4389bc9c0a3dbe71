/**
 * Generated fleets for the benchmark and the fleet tests: N cluster files that are valid together at any size
 * up to MAX_FLEET, as a real fleet must be. Every cluster has its own name, ACK cluster ID, script URL, OOS
 * token parameter, VPC and on-premises node range (nothing routed across CEN is shared); every tenth has two
 * node pools (one with its own Terway settings); and, by default, two clusters in three have a `gitops:`
 * section, Argo CD and Flux in turn, because the GitOps charts are where a fleet once grew quadratically.
 *
 * Addresses: cluster i owns the /24 number i of 10.0.0.0/8, its VPC the lower half (node and pod vSwitches,
 * a /26 each), its on-premises nodes the upper half. Pod and service ranges are virtual, private to each
 * cluster, and the same in every file (172.16.0.0/16 and 172.17.0.0/16, outside 10.0.0.0/8).
 */
import * as fs from 'fs';
import * as path from 'path';
import { toYaml } from '../src/kubernetes/render';
import { DEFAULT_KUBERNETES_VERSION } from '../src/config/versions';

/** 10.0.0.0/8 holds 65,536 /24s, one per cluster. */
export const MAX_FLEET = 65_536;

/** Which clusters get a `gitops:` section: none, all with one tool, or (the default) none/argocd/flux in turn. */
export type FleetGitOps = 'none' | 'argocd' | 'flux' | 'mixed';

export interface FleetOptions {
  /** @default 'mixed' */
  readonly gitops?: FleetGitOps;
  /**
   * Write what the clusters share once, in `_defaults.yaml` (src/config/defaults.ts), and each cluster file as
   * the merge patch over it: the same fleet, the same output.
   * @default false
   */
  readonly defaults?: boolean;
}

export function fleetName(i: number): string {
  return `fleet-${String(i).padStart(4, '0')}`;
}

export function fleetClusterFile(i: number, options: FleetOptions = {}): Record<string, unknown> {
  if (!Number.isInteger(i) || i < 0 || i >= MAX_FLEET) throw new RangeError(`a benchmark fleet has room for clusters 0 to ${MAX_FLEET - 1}, not ${i}`);
  const hex = i.toString(16).padStart(32, '0');
  const slot = `10.${i >> 8}.${i & 255}`;
  const name = fleetName(i);
  const nodeVSwitches = [{ id: `vsw-node${hex.slice(-8)}`, zone: 'cn-hangzhou-h', cidr: `${slot}.0/26` }];
  const file: Record<string, unknown> = {
    name,
    clusterId: `c${hex}`,
    region: 'cn-hangzhou',
    onPrem: { apiServerEndpoint: `${slot}.130:6443`, nodeCidr: `${slot}.128/25`, podCidr: '172.16.0.0/16', serviceCidr: '172.17.0.0/16' },
    cloud: {
      vpcCidr: `${slot}.0/25`,
      nodeVSwitches,
      podVSwitches: [{ id: `vsw-pod${hex.slice(-8)}`, zone: 'cn-hangzhou-h', cidr: `${slot}.64/26` }],
      securityGroupIds: [`sg-fleet${hex.slice(-8)}`],
    },
    nodeInit: {
      kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
      scriptUrl: `https://example-bucket.oss-cn-hangzhou-internal.aliyuncs.com/${name}/init-node-ecs.sh`,
      join: {
        caCertHash: `sha256:${hex}${hex}`,
        tokenSource: { type: 'oos-secret-parameter', name: `ack-hybrid-${name}-join-token`, ramRoleName: `ack-hybrid-${name}-node` },
      },
    },
  };
  const tool = gitopsTool(i, options.gitops ?? 'mixed');
  // Each Argo CD cluster its own destination: one Argo CD may not sync two clusters into one (rules/fleet.ts).
  if (tool !== undefined) {
    file.gitops = {
      tool,
      repoUrl: 'https://git.example.com/platform/hybrid-gitops.git',
      ...(tool === 'argocd' ? { argocd: { destinationServer: `https://${name}.k8s.example.com:6443` } } : {}),
    };
  }
  if (i % 10 === 0) {
    file.nodePools = [
      { name: 'general', nodeVSwitches },
      {
        name: 'gpu',
        nodeVSwitches,
        securityGroupIds: [`sg-gpu${hex.slice(-8)}`],
        labels: { workload: 'gpu' },
        taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
      },
    ];
  }
  return file;
}

function gitopsTool(i: number, gitops: FleetGitOps): 'argocd' | 'flux' | undefined {
  if (gitops === 'none') return undefined;
  if (gitops !== 'mixed') return gitops;
  return ([undefined, 'argocd', 'flux'] as const)[i % 3];
}

/** What the fleet's clusters share, as its `_defaults.yaml` states it: region, virtual ranges, versions, token source, GitOps. */
export function fleetDefaults(options: FleetOptions = {}): Record<string, unknown> {
  const gitops = options.gitops ?? 'mixed';
  return {
    region: 'cn-hangzhou',
    onPrem: { podCidr: '172.16.0.0/16', serviceCidr: '172.17.0.0/16' },
    nodeInit: { kubernetesVersion: DEFAULT_KUBERNETES_VERSION, join: { tokenSource: { type: 'oos-secret-parameter' } } },
    ...(gitops === 'none' ? {} : { gitops: { tool: gitops === 'flux' ? 'flux' : 'argocd', repoUrl: 'https://git.example.com/platform/hybrid-gitops.git' } }),
  };
}

/**
 * The merge patch (RFC 7396) that turns `defaults` into `full`: what a cluster file over the defaults file
 * says. Values equal to the default are left out, a default the cluster does not have is removed with null.
 */
export function overDefaults(full: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(full)) {
    const inherited = defaults[key];
    if (JSON.stringify(value) === JSON.stringify(inherited)) continue;
    patch[key] = isMapping(value) && isMapping(inherited) ? overDefaults(value, inherited) : value;
  }
  for (const key of Object.keys(defaults)) if (!(key in full)) patch[key] = null;
  return patch;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Writes `count` cluster files into `dir` (created), and with `defaults` the defaults file they are merged over. */
export function writeFleet(dir: string, count: number, options: FleetOptions = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const defaults = options.defaults ? fleetDefaults(options) : undefined;
  if (defaults) fs.writeFileSync(path.join(dir, '_defaults.yaml'), toYaml(defaults));
  for (let i = 0; i < count; i++) {
    const file = fleetClusterFile(i, options);
    fs.writeFileSync(path.join(dir, `${file.name as string}.yaml`), toYaml(defaults ? overDefaults(file, defaults) : file));
  }
}
