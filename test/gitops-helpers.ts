/**
 * Shared by the GitOps, credentials and CRD tests: cluster files as text, built into bundles in memory or
 * written to a temporary folder for kubectl.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { Bundle, buildBundle } from '../src/build/bundle';
import { LoadedCluster, parseClusterFile } from '../src/config/load';
import { Environment } from '../src/credentials/access-key';
import { tempDir } from './support/tree';

export const FAKE_ACCESS_KEY_ID = 'LTAI5tFakeTestKeyId00000';
export const FAKE_ACCESS_KEY_SECRET = 'FakeTestSecretNotReal0000000000';
export const FAKE_ENV: Environment = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE_ACCESS_KEY_SECRET,
};

/**
 * A valid cluster file; `extra` is appended (top-level keys) and `calico`/`terway` replace those blocks.
 * clusterId and scriptUrl differ per name: a folder may not hold two clusters with one of either.
 */
export function clusterYaml(name: string, opts: { calico?: string; terway?: string; extra?: string } = {}): string {
  const clusterId = name === 'a' ? 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9' : `c${Buffer.from(name).toString('hex').padEnd(32, '0').slice(0, 32)}`;
  return [
    `name: ${name}`,
    `clusterId: ${clusterId}`,
    'region: cn-hangzhou',
    'onPrem:',
    '  apiServerEndpoint: 192.168.0.10:6443',
    '  nodeCidr: 192.168.0.0/24',
    '  podCidr: 10.100.0.0/16',
    '  serviceCidr: 10.96.0.0/16',
    `  calico:${opts.calico ?? ' { install: manifest }'}`,
    'cloud:',
    '  vpcCidr: 10.0.0.0/12',
    '  nodeVSwitches: [{ id: vsw-node0a, zone: cn-hangzhou-h, cidr: 10.10.24.0/24 }]',
    '  podVSwitches: [{ id: vsw-pod0a, zone: cn-hangzhou-h, cidr: 10.10.25.0/24 }]',
    '  securityGroupIds: [sg-hybrid0a]',
    `terway:${opts.terway ?? ' {}'}`,
    'nodeInit:',
    '  kubernetesVersion: "1.36.4"',
    `  scriptUrl: https://example.com/${name === 'a' ? '' : `${name}/`}init-node-ecs.sh`,
    '  join: { caCertHash: "sha256:7c1a2f0e9d8b3c4a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5" }',
    opts.extra ?? '',
  ].join('\n');
}

export const ARGOCD = 'gitops: { tool: argocd, repoUrl: "https://git.example.com/platform/hybrid-gitops.git" }';
export const FLUX = 'gitops: { tool: flux, repoUrl: "git@git.example.com:platform/hybrid-gitops.git", revision: release/1.2 }';

/** Parses cluster files (name → text) as if they sat in `dir`; throws with the problems when invalid. */
export function loadTexts(texts: Readonly<Record<string, string>>, dir = '/nonexistent'): LoadedCluster[] {
  return Object.entries(texts).map(([file, text]) => {
    const result = parseClusterFile(file, text);
    if (!result.spec) throw new Error(result.problems.map((p) => `${p.field}: found ${p.found}; allowed: ${p.allowed}`).join('\n'));
    return { file, dir, spec: result.spec };
  });
}

export function bundleOf(texts: Readonly<Record<string, string>>, dir?: string): Bundle {
  return buildBundle(loadTexts(texts, dir));
}

/** Every Kubernetes object of a bundle, with the file it is in. */
export function objectsOf(bundle: Bundle): { file: string; object: KubeDoc }[] {
  return [...bundle]
    .filter(([file]) => file.endsWith('.yaml') && !file.endsWith('kustomization.yaml'))
    .map(([file, text]) => ({ file, object: parse(text) as KubeDoc }));
}

export interface KubeDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string>; finalizers?: string[] };
  // Tests read arbitrary manifests; their shapes are checked by the assertions and against the CRDs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place: deep reads of any manifest
  spec?: any;
  [key: string]: unknown;
}

export function writeBundleTo(bundle: Bundle): string {
  const dir = tempDir('gitops');
  for (const [file, content] of bundle) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** `kubectl kustomize <dir>` parsed into documents. */
export function kustomize(dir: string): KubeDoc[] {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as KubeDoc)
    .filter((d) => d !== null);
}
