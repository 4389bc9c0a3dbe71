/**
 * The bundle writes each chart's objects from the function the chart itself adds to its construct tree
 * (charts/chart-objects.ts), without cdk8s synthesis. These tests hold the two equal, key order included:
 * every chart, synthesized by cdk8s, gives exactly its objects function's manifests and marks the same shells;
 * and canonicalManifest gives what cdk8s's ApiObject writes for any plain JSON.
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { AckAgentChart, ackAgentObjects } from '../charts/ack-agent';
import { shellObjects } from '../charts/apply-policy';
import { CalicoChart, calicoObjects } from '../charts/calico';
import { canonicalManifest, ChartObject } from '../charts/chart-objects';
import {
  ArgoCdApplicationChart,
  argoCdApplicationObjects,
  ArgoCdApplicationSetChart,
  argoCdApplicationSetObjects,
  ArgoCdPreflightChart,
  argoCdPreflightObjects,
  FluxBootstrapChart,
  fluxBootstrapObjects,
  FluxPreflightFolderChart,
  fluxPreflightFolderObjects,
} from '../charts/gitops';
import { TerwayChart, terwayObjects } from '../charts/terway';
import { TerwayCredentialsChart, terwayCredentialsObjects } from '../charts/terway-credentials';
import { TofuControllerChart, tofuControllerObjects, TofuControllerProps } from '../charts/tofu-controller';
import { toYaml } from '../src/kubernetes/render';
import { FAKE_SEALED_ID, FAKE_SEALED_SECRET } from './support/sealed';

const location = { repoUrl: 'git@git.example.com:platform/fleet.git', revision: 'main', path: 'dist/idc-1' };
const targets = [
  { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'eni-config' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'calico-node' },
];
const tofu: TofuControllerProps = {
  clusterName: 'idc-1',
  namespace: 'flux-system',
  source: { kind: 'own', name: 'idc-1-cloud', location, interval: '5m', secretRef: 'git-auth' },
  path: 'dist/idc-1/cloud',
  interval: '10m',
  approvePlan: 'auto',
  serviceAccountName: 'tf-runner',
  envSecret: 'idc-1-env',
  state: { backend: 'oss', configSecret: 'idc-1-state' },
  terwayKeyOutputs: [{ output: 'terway_access_key_id', secretKey: 'access-key-id' }],
  joinToken: { name: 'idc-1-join-token', path: 'dist/idc-1/cloud/join-token', interval: '1h' },
};

/** Each chart class with its objects function and props that reach its branches. */
const CASES: readonly [string, (app: App) => Chart, () => readonly ChartObject[]][] = [
  [
    'AckAgentChart',
    (app) => new AckAgentChart(app, 'a', { scriptUrl: 'https://b.oss-cn-hangzhou.aliyuncs.com/init.sh' }),
    () => ackAgentObjects({ scriptUrl: 'https://b.oss-cn-hangzhou.aliyuncs.com/init.sh' }, 'a'),
  ],
  ['CalicoChart manifest', (app) => new CalicoChart(app, 'c'), () => calicoObjects({}, 'c')],
  [
    'CalicoChart operator',
    (app) =>
      new CalicoChart(app, 'c', { install: 'operator', existingNodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] }),
    () => calicoObjects({ install: 'operator', existingNodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] }, 'c'),
  ],
  ['TerwayChart with pools', (app) => new TerwayChart(app, 't', terwayProps), () => terwayObjects(terwayProps, 't').objects],
  [
    'TerwayCredentialsChart sealed',
    (app) =>
      new TerwayCredentialsChart(app, 's', {
        credentials: { mode: 'sealed-secrets', encryptedData: { 'access-key-id': FAKE_SEALED_ID, 'access-key-secret': FAKE_SEALED_SECRET } },
      }),
    () =>
      terwayCredentialsObjects(
        { credentials: { mode: 'sealed-secrets', encryptedData: { 'access-key-id': FAKE_SEALED_ID, 'access-key-secret': FAKE_SEALED_SECRET } } },
        's',
      ),
  ],
  [
    'TerwayCredentialsChart external',
    (app) => new TerwayCredentialsChart(app, 'e', { credentials: externalCredentials }),
    () => terwayCredentialsObjects({ credentials: externalCredentials }, 'e'),
  ],
  [
    'ArgoCdApplicationChart',
    (app) => new ArgoCdApplicationChart(app, 'g', { clusterName: 'idc-1', location }),
    () => argoCdApplicationObjects({ clusterName: 'idc-1', location }, 'g'),
  ],
  [
    'ArgoCdApplicationSetChart',
    (app) =>
      new ArgoCdApplicationSetChart(app, 'g', {
        namespace: 'argocd',
        clusters: [
          { clusterName: 'idc-1', location },
          { clusterName: 'idc-2', location, project: 'p' },
        ],
      }),
    () =>
      argoCdApplicationSetObjects(
        {
          namespace: 'argocd',
          clusters: [
            { clusterName: 'idc-1', location },
            { clusterName: 'idc-2', location, project: 'p' },
          ],
        },
        'g',
      ),
  ],
  [
    'ArgoCdPreflightChart',
    (app) => new ArgoCdPreflightChart(app, 'p', { targets, image: 'registry.k8s.io/kubectl:v1.34.2' }),
    () => argoCdPreflightObjects({ targets, image: 'registry.k8s.io/kubectl:v1.34.2' }),
  ],
  [
    'FluxBootstrapChart',
    (app) => new FluxBootstrapChart(app, 'f', { clusterName: 'idc-1', location, preflightPath: 'dist/gitops/idc-1/preflight', targets, secretRef: 'git-auth' }),
    () => fluxBootstrapObjects({ clusterName: 'idc-1', location, preflightPath: 'dist/gitops/idc-1/preflight', targets, secretRef: 'git-auth' }, 'f'),
  ],
  [
    'FluxPreflightFolderChart',
    (app) => new FluxPreflightFolderChart(app, 'f', { clusterName: 'idc-1', targets }),
    () => fluxPreflightFolderObjects({ clusterName: 'idc-1', targets }),
  ],
  ['TofuControllerChart own source, oss state, rotating token', (app) => new TofuControllerChart(app, 't', tofu), () => tofuControllerObjects(tofu)],
  [
    'TofuControllerChart existing source, kubernetes state',
    (app) =>
      new TofuControllerChart(app, 't', { ...tofu, source: { kind: 'existing', name: 'idc-1' }, state: { backend: 'kubernetes' }, joinToken: undefined }),
    () => tofuControllerObjects({ ...tofu, source: { kind: 'existing', name: 'idc-1' }, state: { backend: 'kubernetes' }, joinToken: undefined }),
  ],
];

const terwayProps = {
  clusterId: 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  serviceCidr: '10.96.0.0/16',
  podVSwitches: [
    { id: 'vsw-a1', zone: 'cn-hangzhou-h' },
    { id: 'vsw-b1', zone: 'cn-hangzhou-i' },
  ],
  securityGroupIds: ['sg-1'],
  ipamType: 'crd' as const,
  nodePools: [{ name: 'same' }, { name: 'gpu', podVSwitches: [{ id: 'vsw-g1', zone: 'cn-hangzhou-h' }], securityGroupIds: ['sg-2'] }],
};

const externalCredentials = {
  mode: 'external-secrets' as const,
  externalSecret: {
    storeKind: 'ClusterSecretStore' as const,
    storeName: 'kms',
    accessKeyId: { key: 'terway', property: 'id' },
    accessKeySecret: { key: 'terway' },
  },
};

describe('chart objects', () => {
  test.each(CASES)(
    'GIVEN %s WHEN cdk8s synthesizes it THEN it writes exactly its objects, key order included, and the same shells',
    (_, chartOf, objectsOf) => {
      // GIVEN the chart in an App, and its objects made without one
      const chart = chartOf(Testing.app());
      const objects = objectsOf();
      // WHEN cdk8s synthesizes the chart
      const synthesized = chart.toJson();
      // THEN the same objects in the same order, as the same JSON text (key order matters to the YAML files)
      expect(synthesized.length).toBeGreaterThan(0);
      expect(JSON.stringify(synthesized)).toBe(JSON.stringify(objects.map((o) => o.manifest)));
      // AND the shells the chart marks are the objects marked `shell`
      expect(shellObjects(chart).map((o) => o.name)).toEqual(objects.filter((o) => o.policy === 'shell').map((o) => o.manifest.metadata.name));
    },
  );

  test('GIVEN a chart object WHEN the chart is synthesized THEN cdk8s does not change the shared manifest', () => {
    const objects = ackAgentObjects({ scriptUrl: 'https://b.oss-cn-hangzhou.aliyuncs.com/init.sh' });
    const before = JSON.stringify(objects);
    const chart = new AckAgentChart(Testing.app(), 'a', { scriptUrl: 'https://b.oss-cn-hangzhou.aliyuncs.com/init.sh' });
    chart.toJson();
    expect(JSON.stringify(objects)).toBe(before);
  });
});

/** JSON values as objects hold them: nulls and empty collections included, keys in any order. */
const key = fc.oneof(fc.constantFrom('a', 'b', 'B', '_', 'z1', 'spec', 'data', 'labels', 'annotations', 'name', '10', '2'), fc.string({ maxLength: 4 }));
const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
}));

/** Metadata as ObjectMeta has it: labels and annotations map strings to strings (empty maps included), other fields any JSON. */
const META_FIELDS = ['labels', 'annotations', 'name', 'namespace', 'finalizers', 'ownerReferences'];
const stringMap = fc.dictionary(key, fc.string({ maxLength: 5 }), { maxKeys: 3, noNullPrototype: true });
const metadata = fc
  .record(
    {
      labels: stringMap,
      annotations: stringMap,
      namespace: fc.constantFrom('kube-system', 'a'),
      other: fc.dictionary(key, jsonValue, { maxKeys: 3, noNullPrototype: true }),
    },
    { requiredKeys: [] },
  )
  .map(({ other, ...fields }) => ({ ...Object.fromEntries(Object.entries(other ?? {}).filter(([k]) => !META_FIELDS.includes(k))), ...fields }));

describe('canonicalManifest', () => {
  test('GIVEN any plain JSON object WHEN made canonical THEN it is what cdk8s ApiObject.toJson() writes for it, key order included', () => {
    fc.assert(
      fc.property(fc.dictionary(key, jsonValue, { maxKeys: 5, noNullPrototype: true }), metadata, (body, meta) => {
        const manifest = { ...body, apiVersion: 'example.com/v1', kind: 'Thing', metadata: { ...meta, name: 'thing' } };
        const chart = new Chart(Testing.app(), 'c');
        new ApiObject(chart, 'o', manifest);
        expect(JSON.stringify(canonicalManifest(manifest))).toBe(JSON.stringify(chart.toJson()[0]));
      }),
      { numRuns: 300 },
    );
  });

  test('GIVEN a key named __proto__ WHEN made canonical THEN it stays a key with its value, and no prototype changes', () => {
    const data = JSON.parse('{"b": "2", "__proto__": {"polluted": "yes"}, "a": "1"}') as Record<string, unknown>;
    const object = canonicalManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data });
    expect(Object.keys(object.data as object)).toEqual(['__proto__', 'a', 'b']);
    expect(Object.getPrototypeOf(object.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(toYaml(object)).toContain('__proto__:\n    polluted: yes');
  });

  test('GIVEN a class instance in a manifest WHEN made canonical THEN it is refused, as it is not plain JSON', () => {
    expect(() => canonicalManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { when: new Date(0) } })).toThrow(
      /holds a Date, not plain JSON/,
    );
  });
});
