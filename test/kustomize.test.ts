/**
 * The shell DaemonSet, used the way users do: as a strategic-merge patch over the upstream Calico manifest,
 * rendered by the kustomize that ships with kubectl.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { applyPolicyAnnotations } from '../charts/apply-policy';
import { buildBundle } from '../src/build/bundle';
import { loadClusters } from '../src/config/load';
import { writeBundle } from '../src/output/write';
import { REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';
import { kustomize, objectKey, Obj, parseYamlStream } from './support/kubectl';

/** The parts of a DaemonSet these tests read. */
type DaemonSetLike = Obj & { spec: { template: { spec: { affinity?: unknown; nodeSelector?: unknown } } } };

const FIXTURES = path.join(__dirname, 'fixtures', 'calico');
/** The upstream install variants (plain, Typha, eBPF; see test/fixtures/calico/SOURCE.md) and their document counts. */
const VARIANTS = [
  { file: 'calico.yaml', documents: 38 },
  { file: 'calico-typha.yaml', documents: 41 },
  { file: 'calico-bpf.yaml', documents: 38 },
];
const EXPECTED_AFFINITY = parse(fs.readFileSync(path.join(FIXTURES, 'expected-calico-node-affinity.yaml'), 'utf8')).affinity;

function synthExample(): string {
  const out = path.join(tempDir(), 'dist');
  writeBundle(buildBundle(loadClusters(path.join(REPO_ROOT, 'clusters'))), out);
  return path.join(out, 'idc-hangzhou');
}

describe.each(VARIANTS)('the calico-node shell over $file v3.32.1', ({ file, documents }) => {
  const CALICO = path.join(FIXTURES, file);
  const original = parseYamlStream(fs.readFileSync(CALICO, 'utf8'));
  let rendered: Obj[];

  beforeAll(() => {
    // GIVEN calico.yaml and our shell DaemonSet as a strategic-merge patch
    const dir = tempDir();
    fs.copyFileSync(CALICO, path.join(dir, 'calico.yaml'));
    fs.copyFileSync(path.join(synthExample(), 'daemonset.kube-system.calico-node.yaml'), path.join(dir, 'shell.yaml'));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [calico.yaml]\npatches:\n  - path: shell.yaml\n');
    // WHEN kustomize renders them
    rendered = kustomize(dir);
  });

  test('gives exactly the expected affinity', () => {
    const ds = rendered.find((o) => objectKey(o) === 'DaemonSet/kube-system/calico-node') as DaemonSetLike;
    expect(ds.spec.template.spec.affinity).toEqual(EXPECTED_AFFINITY);
  });

  test('changes nothing else in the DaemonSet but the GitOps apply annotations', () => {
    const before = original.find((o) => objectKey(o) === 'DaemonSet/kube-system/calico-node') as DaemonSetLike;
    const after = structuredClone(rendered.find((o) => objectKey(o) === 'DaemonSet/kube-system/calico-node')) as DaemonSetLike;
    // The shell's own annotations tell Argo CD and Flux how to apply it (server-side, never prune or
    // delete); a GitOps apply puts them on the live object too. Everything else must be untouched.
    expect(after.metadata.annotations).toEqual(applyPolicyAnnotations('shell'));
    delete after.metadata.annotations;
    delete after.spec.template.spec.affinity;
    expect(after).toEqual(before);
    expect(after.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test(`changes none of the other ${documents - 1} documents`, () => {
    expect(original).toHaveLength(documents);
    expect(rendered.map(objectKey).sort()).toEqual(original.map(objectKey).sort());
    const others = (objs: Obj[]) => objs.filter((o) => o.kind !== 'DaemonSet');
    const byKey = new Map(others(rendered).map((o) => [objectKey(o), o]));
    for (const o of others(original)) expect(byKey.get(objectKey(o))).toEqual(o);
  });
});

test('kubectl kustomize renders every object file of the cluster folder', () => {
  // GIVEN the synthesized example
  const dir = synthExample();
  // WHEN kustomize renders the folder
  const objects = kustomize(dir);
  // THEN it has the three shells and the Argo CD preflight check of the example, and nothing else
  expect(objects.map(objectKey).sort()).toEqual([
    'ConfigMap/kube-system/ack-agent-config',
    'ConfigMap/kube-system/eni-config',
    'DaemonSet/kube-system/calico-node',
    'Job/kube-system/ack-hybrid-preflight',
    'Role/kube-system/ack-hybrid-preflight',
    'RoleBinding/kube-system/ack-hybrid-preflight',
    'ServiceAccount/kube-system/ack-hybrid-preflight',
  ]);
});
