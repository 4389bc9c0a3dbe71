/**
 * Every object we emit, checked against the Kubernetes OpenAPI schemas (kubernetes-models). Shell objects
 * are partial by design, so they are checked the way they are used: merged onto the real object.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigMap } from 'kubernetes-models/v1';
import { Affinity } from 'kubernetes-models/v1/Affinity';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { buildBundle } from '../src/bundle';
import { loadClusters } from '../src/config/load';
import { writeBundle } from '../src/output';
import { SHARED } from './support/clusters';
import { tempDir } from './support/tree';
import { kustomize, Obj, parseYamlStream } from './support/kubectl';

const GOLDEN = path.join(__dirname, 'golden');

const objects: Obj[] = fs.readdirSync(GOLDEN).flatMap((name) => {
  const bundle = buildBundle(loadClusters(path.join(GOLDEN, name, 'clusters')));
  return [...bundle].filter(([file]) => file.endsWith('.yaml') && !file.endsWith('kustomization.yaml')).flatMap(([, text]) => parseYamlStream(text));
});

test.each(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, o] as const))('ConfigMap %s is valid', (_, o) => {
  expect(() => new ConfigMap(o as never).validate()).not.toThrow();
});

test.each(objects.filter((o) => o.kind === 'DaemonSet' || o.kind === 'Installation').map((o) => [o.kind, o] as const))('the affinity of %s is a valid core/v1 Affinity', (_, o) => {
  const spec = o.spec as { template?: { spec: { affinity: unknown } }; calicoNodeDaemonSet?: { spec: { template: { spec: { affinity: unknown } } } } };
  const affinity = (spec.template ?? spec.calicoNodeDaemonSet!.spec.template).spec.affinity;
  expect(() => new Affinity(affinity as never).validate()).not.toThrow();
});

test('the shell DaemonSet merged onto calico.yaml is a valid apps/v1 DaemonSet', () => {
  const dir = tempDir();
  const out = path.join(dir, 'dist');
  writeBundle(buildBundle(loadClusters(path.join(GOLDEN, 'multi-zone', 'clusters'))), out);
  fs.copyFileSync(path.join(SHARED, 'fixtures', 'calico', 'calico.yaml'), path.join(dir, 'calico.yaml'));
  fs.copyFileSync(path.join(out, 'idc-shanghai', 'daemonset.kube-system.calico-node.yaml'), path.join(dir, 'shell.yaml'));
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [calico.yaml]\npatches:\n  - path: shell.yaml\n');
  const ds = kustomize(dir).find((o) => o.kind === 'DaemonSet');
  expect(() => new DaemonSet(ds as never).validate()).not.toThrow();
});

test('a broken object would be caught: the check is not vacuous', () => {
  expect(() => new ConfigMap({ metadata: { name: 'x' }, data: { a: 1 } } as never).validate()).toThrow();
  expect(() => new Affinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } as never).validate()).toThrow();
});
