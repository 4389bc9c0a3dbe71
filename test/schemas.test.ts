/**
 * Every object of every golden case's cluster folders, checked against the Kubernetes OpenAPI schemas
 * (kubernetes-models). Whole objects are validated whole; shell objects are partial by design, so their
 * affinity (the part we set) is checked, and the shell DaemonSet also the way it is used: merged onto the
 * upstream calico.yaml. Custom resources are checked against their CRDs in crd-validation.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigMap, ServiceAccount } from 'kubernetes-models/v1';
import { Affinity } from 'kubernetes-models/v1/Affinity';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { writeBundle } from '../src/output/write';
import { goldenBundle, goldenCases } from './support/golden';
import { tempDir } from './support/tree';
import { kustomize, Obj, parseYamlStream } from './support/kubectl';

const CALICO = path.join(__dirname, 'fixtures', 'calico', 'calico.yaml');

/** The objects of every cluster folder of every golden case (gitops/ holds only custom resources). */
const objects: Obj[] = goldenCases().flatMap((name) =>
  [...goldenBundle(name)]
    .filter(([file]) => !file.startsWith('gitops/') && file.endsWith('.yaml') && !file.endsWith('kustomization.yaml'))
    .flatMap(([, text]) => parseYamlStream(text)),
);

/** Kinds emitted whole, with the model that validates them. */
const WHOLE: Record<string, (o: Obj) => { validate(): void }> = {
  ConfigMap: (o) => new ConfigMap(o as never),
  Job: (o) => new Job(o as never),
  Role: (o) => new Role(o as never),
  RoleBinding: (o) => new RoleBinding(o as never),
  ServiceAccount: (o) => new ServiceAccount(o as never),
};
/** Shells and overlays: the affinity we set, at its place in the object. */
const AFFINITY_OF: Record<string, (o: Obj) => unknown> = {
  DaemonSet: (o) => (o.spec as { template: { spec: { affinity: unknown } } }).template.spec.affinity,
  Installation: (o) =>
    (o.spec as { calicoNodeDaemonSet: { spec: { template: { spec: { affinity: unknown } } } } }).calicoNodeDaemonSet.spec.template.spec.affinity,
};
/** Custom resources without a Kubernetes model (and without a CRD fixture, see crd-validation.test.ts). */
const CUSTOM = ['ExternalSecret', 'SealedSecret'];

test('GIVEN every golden object THEN its kind is checked here, or named as a custom resource checked elsewhere', () => {
  const kinds = [...new Set(objects.map((o) => o.kind))].sort();
  expect(kinds).toEqual([...Object.keys(WHOLE), ...Object.keys(AFFINITY_OF), ...CUSTOM].sort());
});

test.each(objects.filter((o) => o.kind in WHOLE).map((o) => [`${o.kind} ${o.metadata.name}`, o] as const))('GIVEN %s THEN it is valid as a whole', (_, o) => {
  expect(() => WHOLE[o.kind](o).validate()).not.toThrow();
});

test.each(objects.filter((o) => o.kind in AFFINITY_OF).map((o) => [o.kind, o] as const))(
  'GIVEN the %s shell THEN its affinity is a valid core/v1 Affinity',
  (_, o) => {
    const affinity = AFFINITY_OF[o.kind](o);
    expect(affinity).toEqual({ nodeAffinity: expect.anything() });
    expect(() => new Affinity(affinity as never).validate()).not.toThrow();
  },
);

test('GIVEN the shell DaemonSet merged onto calico.yaml WHEN kustomize renders it THEN it is a valid apps/v1 DaemonSet', () => {
  const dir = tempDir();
  const out = path.join(dir, 'dist');
  writeBundle(goldenBundle('multi-zone'), out);
  fs.copyFileSync(CALICO, path.join(dir, 'calico.yaml'));
  fs.copyFileSync(path.join(out, 'idc-shanghai', 'daemonset.kube-system.calico-node.yaml'), path.join(dir, 'shell.yaml'));
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [calico.yaml]\npatches:\n  - path: shell.yaml\n');
  const ds = kustomize(dir).find((o) => o.kind === 'DaemonSet');
  expect(ds).toMatchObject({ metadata: { name: 'calico-node' } });
  expect(() => new DaemonSet(ds as never).validate()).not.toThrow();
});

test('GIVEN broken objects THEN the models refuse them: the checks are not vacuous', () => {
  expect(() => new ConfigMap({ metadata: { name: 'x' }, data: { a: 1 } } as never).validate()).toThrow();
  expect(() => new Job({ metadata: { name: 'x' }, spec: {} } as never).validate()).toThrow();
  expect(() => new Affinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } as never).validate()).toThrow();
});
