/**
 * Every custom resource ack-hybrid emits, in every mode, checked against its CRD's openAPIV3Schema (the
 * unmodified upstream CRDs in imports/crds, see its SOURCE.md). Two things are added to what the API server checks,
 * so that mistakes it would hide fail here: unknown fields are refused (the API server prunes them
 * silently), and the CEL rule on Installation names is checked by hand (ajv does not run CEL).
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ARGOCD, bundleOf, clusterYaml, FLUX, objectsOf } from './gitops-helpers';
import { SEALED_TERWAY } from './support/sealed';

const CRDS = path.join(__dirname, '..', 'imports', 'crds');

interface CrdVersion {
  name: string;
  schema: { openAPIV3Schema: Record<string, unknown> };
}
interface Crd {
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

/** Kinds we emit without a CRD fixture to check them against. */
const NO_FIXTURE = new Set(['bitnami.com/v1alpha1/SealedSecret', 'external-secrets.io/v1/ExternalSecret']);

/** Marks every object schema that lists its properties as closed, unless the CRD keeps unknown fields. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closeObjects(v)])) : closeObjects(value);
  }
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/** `group/version/Kind` → a validator, compiled on first use (the Argo CD and Tigera schemas are large). */
function validators(): { get(key: string): ValidateFunction | undefined } {
  // strict: false lets the x-kubernetes-* keywords through; formats (int32, date-time…) are not what we check.
  // code.optimize: false skips ajv's passes over the generated code (they make it smaller, not stricter): two
  // thirds of the compile time of these schemas (ajv 8.20, lib/compile/codegen, Options.code.optimize).
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { optimize: false } });
  addFormats(ajv);
  const schemas = new Map<string, Record<string, unknown>>();
  for (const file of fs.readdirSync(CRDS).filter((f) => f.endsWith('.yaml'))) {
    const crd = parse(fs.readFileSync(path.join(CRDS, file), 'utf8')) as Crd;
    for (const version of crd.spec.versions) schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, version.schema.openAPIV3Schema);
  }
  const compiled = new Map<string, ValidateFunction>();
  return {
    get(key) {
      const schema = schemas.get(key);
      if (!schema) return undefined;
      if (!compiled.has(key)) compiled.set(key, ajv.compile(closeObjects(schema) as Record<string, unknown>));
      return compiled.get(key);
    },
  };
}

/** The shipped example, cloud code and all, with cloud-managed credentials on Flux: a Terraform object in kube-system. */
const CLOUD_MANAGED = fs
  .readFileSync(path.join(__dirname, '..', 'clusters', 'idc-hangzhou.yaml'), 'utf8')
  .replace(/^ {2}path: .*\n/m, '')
  .replace(/^( {2}vswitchSelectionPolicy: .*\n)/m, '$1  credentials: { mode: cloud-managed }\n')
  .replace('tool: argocd', 'tool: flux');

function everyModeBundle() {
  return bundleOf({
    'd.yaml': CLOUD_MANAGED,
    'a.yaml': clusterYaml('a', { extra: ARGOCD, terway: SEALED_TERWAY }),
    'b.yaml': clusterYaml('b', {
      calico: ' { install: operator, existingNodeSelectorTerms: [{ matchExpressions: [{ key: kubernetes.io/os, operator: In, values: [linux] }] }] }',
      extra: FLUX.replace('}', ', flux: { secretRef: git-auth, interval: 5m } }'),
    }),
    'c.yaml': clusterYaml('c', {
      terway: ' { credentials: { mode: external-secrets, externalSecret: { storeName: s, accessKeyId: { key: a }, accessKeySecret: { key: b } } } }',
      extra: ARGOCD.replace('}', ', argocd: { namespace: gitops, project: hybrid, preflightImage: "registry.example.com/kubectl:1.30" } }'),
    }),
  });
}

describe('custom resources against their CRDs', () => {
  const byKind = validators();
  // Custom resources: an API group with a dot that is not one of Kubernetes' own (*.k8s.io).
  const custom = objectsOf(everyModeBundle()).filter(({ object }) => {
    const group = object.apiVersion.split('/').slice(0, -1).join('/');
    return group.includes('.') && !group.endsWith('.k8s.io');
  });
  // Compiled here, outside any test's timeout: the largest schemas take seconds.
  for (const { object } of custom) byKind.get(`${object.apiVersion}/${object.kind}`);

  test('GIVEN every mode THEN each kind we emit is one of the CRD fixtures or explicitly without one', () => {
    const kinds = [...new Set(custom.map(({ object }) => `${object.apiVersion}/${object.kind}`))].sort();
    expect(kinds).toEqual([
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/ApplicationSet',
      'bitnami.com/v1alpha1/SealedSecret',
      'external-secrets.io/v1/ExternalSecret',
      'infra.contrib.fluxcd.io/v1alpha2/Terraform',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'operator.tigera.io/v1/Installation',
      'source.toolkit.fluxcd.io/v1/GitRepository',
    ]);
  });

  test('GIVEN every emitted custom resource THEN it is valid against its CRD schema, unknown fields refused', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { file, object } of custom) {
      const key = `${object.apiVersion}/${object.kind}`;
      if (NO_FIXTURE.has(key)) continue;
      const validate = byKind.get(key);
      if (!validate) {
        failures.push(`${file}: no CRD for ${key}`);
        continue;
      }
      checked++;
      if (!validate(object)) failures.push(`${file}: ${JSON.stringify(validate.errors)}`);
    }
    expect(failures).toEqual([]);
    // Applications a, c; ApplicationSets in argocd and gitops; GitRepository and 2 Kustomizations of b; Installation of b;
    // of idc-hangzhou (cloud-managed, Flux): GitRepository and 2 Kustomizations in flux-system, GitRepository and
    // Terraform and the join token's Terraform in kube-system
    expect(checked).toBe(14);
  });

  test('GIVEN the check itself WHEN an object has a misspelt field THEN it fails', () => {
    const validate = byKind.get('argoproj.io/v1alpha1/Application')!;
    const app = custom.find(({ object }) => object.kind === 'Application')!.object;
    expect(validate(app)).toBe(true);
    expect(validate({ ...app, spec: { ...app.spec, source: { ...app.spec.source, repoUrl: 'x' } } })).toBe(false);
  });

  test('GIVEN the check itself WHEN the Terraform object lacks a required field or misspells one THEN it fails', () => {
    const validate = byKind.get('infra.contrib.fluxcd.io/v1alpha2/Terraform')!;
    // The main object (the one that writes Terway's Secret), not the join token's.
    const tf = custom.find(({ object }) => object.kind === 'Terraform' && object.spec.writeOutputsToSecret !== undefined)!.object;
    expect(validate(tf)).toBe(true);
    expect(validate({ ...tf, spec: { ...tf.spec, dependsOn: [{ nme: 'x' }] } })).toBe(false);
    const { interval: _interval, ...withoutInterval } = tf.spec;
    expect(validate({ ...tf, spec: withoutInterval })).toBe(false);
    expect(validate({ ...tf, spec: { ...tf.spec, writeOutputsToSecret: { outputs: tf.spec.writeOutputsToSecret.outputs } } })).toBe(false);
    expect(validate({ ...tf, spec: { ...tf.spec, approvePlan: 'auto', aprovePlan: 'auto' } })).toBe(false);
    expect(validate({ ...tf, spec: { ...tf.spec, sourceRef: { kind: 'GitRepo', name: 'x' } } })).toBe(false);
  });

  test("GIVEN the Installation WHEN its name is put to the CRD's own CEL rule THEN the rule holds", () => {
    // ajv does not run CEL, so the rule is read from the CRD and evaluated here. Only the shape upstream
    // uses today is understood (`self.metadata.name == '<name>'` joined by ||); any other shape fails
    // the test rather than being skipped, so an upstream change is noticed.
    const crd = parse(fs.readFileSync(path.join(CRDS, 'operator.tigera.io_installations.yaml'), 'utf8')) as Crd;
    const rules = crd.spec.versions
      .flatMap((version) => (version.schema.openAPIV3Schema['x-kubernetes-validations'] as { rule: string }[] | undefined) ?? [])
      .map(({ rule }) => rule.trim());
    expect(rules).toHaveLength(1);
    const terms = rules[0].split('||').map((term) => term.trim());
    const allowed = terms.map((term) => /^self\.metadata\.name == '([a-z0-9-]+)'$/.exec(term)?.[1]);
    expect(allowed).not.toContain(undefined);
    const installations = custom.filter(({ object }) => object.kind === 'Installation');
    expect(installations).toHaveLength(1);
    for (const { object } of installations) expect(allowed).toContain(object.metadata.name);
    // AND the evaluation is not vacuous: a name the rule refuses is refused here too
    expect(allowed).not.toContain('calico');
  });
});
