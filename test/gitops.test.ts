import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ApiObject, Testing } from 'cdk8s';
import { applyPolicyOf, shellObjects } from '../charts/apply-policy';
import { CalicoChart } from '../charts/calico';
import { fluxGitUrl, fluxRef } from '../charts/gitops';
import { parseClusterFile } from '../src/config/load';
import { formatProblem } from '../src/config/problems';
import { ARGOCD, bundleOf, clusterYaml, FLUX, KubeDoc, kustomize, objectsOf, writeBundleTo } from './gitops-helpers';

const SHELL = {
  'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Validate=false,Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  'kustomize.toolkit.fluxcd.io/ssa': 'Merge',
};
const RETAIN = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};
const CALICO_FIXTURE = path.join(__dirname, 'fixtures', 'calico');

function doc(bundle: ReadonlyMap<string, string>, file: string): KubeDoc {
  const text = bundle.get(file);
  if (text === undefined) throw new Error(`no ${file} in the bundle; files: ${[...bundle.keys()].join(', ')}`);
  return parse(text) as KubeDoc;
}

describe('apply policy of the objects we do not own', () => {
  test('GIVEN a manifest cluster WHEN built THEN calico-node, eni-config and ack-agent-config carry the shell annotations of both tools', () => {
    const bundle = bundleOf({ 'a.yaml': clusterYaml('a') });
    for (const file of ['daemonset.kube-system.calico-node.yaml', 'configmap.kube-system.eni-config.yaml', 'configmap.kube-system.ack-agent-config.yaml']) {
      expect(doc(bundle, `a/${file}`).metadata.annotations).toEqual(SHELL);
    }
  });

  test('GIVEN the shell DaemonSet THEN it keeps selector, pod labels and an empty containers list, as Flux requires of a shell', () => {
    const ds = doc(bundleOf({ 'a.yaml': clusterYaml('a') }), 'a/daemonset.kube-system.calico-node.yaml');
    expect(ds.spec.selector).toEqual({ matchLabels: { 'k8s-app': 'calico-node' } });
    expect(ds.spec.template.metadata).toEqual({ labels: { 'k8s-app': 'calico-node' } });
    expect(ds.spec.template.spec.containers).toEqual([]);
    expect(Object.keys(ds.spec.template.spec).sort()).toEqual(['affinity', 'containers']);
  });

  test('GIVEN any cluster WHEN built THEN every object outside gitops/ carries a policy, and no object without one is pruned', () => {
    const bundle = bundleOf({
      'a.yaml': clusterYaml('a', { extra: FLUX }),
      'b.yaml': clusterYaml('b', {
        calico: ' { install: operator }',
        terway:
          ' { credentials: { mode: external-secrets, externalSecret: { storeName: kms, accessKeyId: { key: terway/ak, property: id }, accessKeySecret: { key: terway/ak, property: secret } } } }',
      }),
    });
    const unmarked = objectsOf(bundle)
      .filter(({ file }) => !file.startsWith('gitops/'))
      .filter(({ object }) => !object.metadata.annotations?.['argocd.argoproj.io/hook'])
      .filter(({ object }) => object.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune'] !== 'disabled')
      .map(({ file }) => file);
    expect(unmarked).toEqual([]);
  });

  test('GIVEN the shell DaemonSet WHEN kustomize merges it onto the upstream calico.yaml THEN only the affinity changes', () => {
    const bundle = bundleOf({ 'a.yaml': clusterYaml('a') });
    const dir = writeBundleTo(new Map([['a/daemonset.yaml', bundle.get('a/daemonset.kube-system.calico-node.yaml')!]]));
    fs.copyFileSync(path.join(CALICO_FIXTURE, 'calico.yaml'), path.join(dir, 'a/calico.yaml'));
    fs.writeFileSync(path.join(dir, 'a/kustomization.yaml'), 'resources: [calico.yaml]\npatches: [{ path: daemonset.yaml }]\n');
    fs.mkdirSync(path.join(dir, 'upstream'));
    fs.copyFileSync(path.join(CALICO_FIXTURE, 'calico.yaml'), path.join(dir, 'upstream/calico.yaml'));
    fs.writeFileSync(path.join(dir, 'upstream/kustomization.yaml'), 'resources: [calico.yaml]\n');
    const upstream = kustomize(path.join(dir, 'upstream'));
    const merged = kustomize(path.join(dir, 'a'));
    const find = (docs: KubeDoc[]) => docs.find((d) => d.kind === 'DaemonSet' && d.metadata.name === 'calico-node')!;
    const before = find(upstream);
    const after = find(merged);
    const expected = parse(fs.readFileSync(path.join(CALICO_FIXTURE, 'expected-calico-node-affinity.yaml'), 'utf8'));
    expect(after.spec.template.spec.affinity).toEqual(expected.affinity);
    expect(after.spec.template.spec.containers).toEqual(before.spec.template.spec.containers);
    const { affinity: _ignored, ...restAfter } = after.spec.template.spec;
    expect(restAfter).toEqual(before.spec.template.spec);
    expect(merged.length).toBe(upstream.length);
  });
});

describe('the apply-policy module answers which objects are shells', () => {
  test('GIVEN the manifest and operator Calico charts WHEN asked THEN the DaemonSet is a shell and the Installation only retained', () => {
    const manifest = new CalicoChart(Testing.app(), 'manifest', { install: 'manifest' });
    const operator = new CalicoChart(Testing.app(), 'operator', { install: 'operator' });
    expect(shellObjects(manifest).map((o) => `${o.kind}/${o.name}`)).toEqual(['DaemonSet/calico-node']);
    expect(shellObjects(operator)).toEqual([]);
    const objects = operator.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    expect(objects.map((o) => [o.kind, applyPolicyOf(o)])).toEqual([['Installation', 'retain']]);
  });
});

describe('existing node selector terms', () => {
  test('GIVEN two existing terms WHEN built THEN our two expressions are ANDed into each, theirs first', () => {
    const calico = `
    install: manifest
    existingNodeSelectorTerms:
      - matchExpressions: [{ key: node-role.kubernetes.io/worker, operator: Exists }]
      - matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [cp-1] }]
        matchFields: [{ key: metadata.name, operator: In, values: [cp-1] }]`;
    const ds = doc(bundleOf({ 'a.yaml': clusterYaml('a', { calico }) }), 'a/daemonset.kube-system.calico-node.yaml');
    const ours = [
      { key: 'alibabacloud.com/external', operator: 'NotIn', values: ['true'] },
      { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
    ];
    expect(ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: 'Exists' }, ...ours] },
      {
        matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['cp-1'] }, ...ours],
        matchFields: [{ key: 'metadata.name', operator: 'In', values: ['cp-1'] }],
      },
    ]);
  });

  test('GIVEN In without values THEN the file is refused at that field', () => {
    const calico = '\n    existingNodeSelectorTerms: [{ matchExpressions: [{ key: zone, operator: In }] }]';
    const result = parseClusterFile('a.yaml', clusterYaml('a', { calico }));
    expect(result.problems.map(formatProblem)).toEqual([
      'a.yaml:10:54: onPrem.calico.existingNodeSelectorTerms[0].matchExpressions[0].values: found nothing: the key is missing; allowed: a required key: at least one value with In and NotIn',
    ]);
  });
});

describe('Calico through the Tigera operator', () => {
  test('GIVEN install: operator WHEN built THEN an overlay Installation carries the affinity, retained, and there is no DaemonSet shell', () => {
    const bundle = bundleOf({ 'a.yaml': clusterYaml('a', { calico: ' { install: operator }', extra: FLUX }) });
    const installation = doc(bundle, 'a/installation.overlay.yaml');
    expect(installation.apiVersion).toBe('operator.tigera.io/v1');
    expect(installation.metadata.annotations).toEqual(RETAIN);
    expect(installation.spec).toEqual({
      calicoNodeDaemonSet: {
        spec: {
          template: {
            spec: { affinity: doc(bundleOf({ 'a.yaml': clusterYaml('a') }), 'a/daemonset.kube-system.calico-node.yaml').spec.template.spec.affinity },
          },
        },
      },
    });
    expect([...bundle.keys()].filter((f) => f.includes('daemonset'))).toEqual([]);
    // The overlay is not a shell: Flux's preflight waits only for the two ConfigMaps.
    const preflight = doc(bundle, 'gitops/a/kustomization.flux-system.a-preflight.yaml');
    expect(preflight.spec.healthChecks.map((h: KubeDoc) => `${h.kind}/${h.name}`)).toEqual(['ConfigMap/ack-agent-config', 'ConfigMap/eni-config']);
  });
});

describe('Argo CD bootstrap', () => {
  const bundle = bundleOf({
    'a.yaml': clusterYaml('a', { extra: ARGOCD }),
    'b.yaml': clusterYaml('b', {
      extra: `${ARGOCD.replace('}', ', path: out/b, revision: 0123456789abcdef0123456789abcdef01234567, argocd: { project: hybrid } }')}`,
    }),
    'c.yaml': clusterYaml('c', { extra: FLUX }),
    'd.yaml': clusterYaml('d'),
  });

  test('GIVEN an argocd cluster THEN gitops/<name>/ has its Application, pointing at dist/<name>, with no resources finalizer', () => {
    const app = doc(bundle, 'gitops/a/application.argocd.a.yaml');
    expect(app.metadata).toEqual({ name: 'a', namespace: 'argocd' });
    expect(app.spec.source).toEqual({ repoURL: 'https://git.example.com/platform/hybrid-gitops.git', targetRevision: 'main', path: 'dist/a' });
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(parse(bundle.get('gitops/a/kustomization.yaml')!).resources).toEqual(['application.argocd.a.yaml']);
  });

  test('GIVEN three clusters, two on argocd THEN one ApplicationSet lists exactly those two with their own paths and projects', () => {
    const set = doc(bundle, 'gitops/applicationset.argocd.ack-hybrid.yaml');
    expect(set.spec.generators[0].list.elements).toEqual([
      {
        name: 'a',
        path: 'dist/a',
        project: 'default',
        repoUrl: 'https://git.example.com/platform/hybrid-gitops.git',
        revision: 'main',
        server: 'https://kubernetes.default.svc',
      },
      {
        name: 'b',
        path: 'out/b',
        project: 'hybrid',
        repoUrl: 'https://git.example.com/platform/hybrid-gitops.git',
        revision: '0123456789abcdef0123456789abcdef01234567',
        server: 'https://kubernetes.default.svc',
      },
    ]);
    expect(set.spec.template.spec.source).toEqual({ repoURL: '{{.repoUrl}}', targetRevision: '{{.revision}}', path: '{{.path}}' });
    expect(set.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    expect(parse(bundle.get('gitops/kustomization.yaml')!).resources).toEqual(['applicationset.argocd.ack-hybrid.yaml']);
  });

  test('GIVEN an argocd cluster THEN its folder has a PreSync Job that gets exactly the shell objects, and flux/no-gitops clusters have none', () => {
    const job = doc(bundle, 'a/job.kube-system.ack-hybrid-preflight.yaml');
    expect(job.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PreSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      'argocd.argoproj.io/sync-wave': '0',
    });
    expect(job.spec.template.spec.containers[0].args).toEqual([
      'get',
      '--namespace=kube-system',
      '--output=name',
      'configmaps/ack-agent-config',
      'configmaps/eni-config',
      'daemonsets.apps/calico-node',
    ]);
    expect(job.spec.template.spec.containers[0].image).toBe('registry.k8s.io/kubectl:v1.36.4');
    expect([...bundle.keys()].filter((f) => f.includes('preflight') && !f.startsWith('a/') && !f.startsWith('b/') && !f.startsWith('gitops/c/'))).toEqual([]);
  });

  test('GIVEN a cluster without gitops THEN nothing of it is under gitops/', () => {
    expect([...bundle.keys()].filter((f) => f.startsWith('gitops/d/'))).toEqual([]);
  });
});

describe('Flux bootstrap', () => {
  const bundle = bundleOf({ 'c.yaml': clusterYaml('c', { extra: FLUX }) });

  test('GIVEN a flux cluster THEN a GitRepository with an ssh:// URL and a branch ref', () => {
    const repo = doc(bundle, 'gitops/c/gitrepository.flux-system.c.yaml');
    expect(repo.spec).toEqual({ interval: '10m', url: 'ssh://git@git.example.com/platform/hybrid-gitops.git', ref: { branch: 'release/1.2' } });
  });

  test('GIVEN a flux cluster THEN the cluster Kustomization prunes, has no targetNamespace and depends on the preflight', () => {
    const ks = doc(bundle, 'gitops/c/kustomization.flux-system.c.yaml');
    expect(ks.spec).toEqual({
      interval: '10m',
      retryInterval: '2m',
      timeout: '5m',
      path: './dist/c',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'c' },
      dependsOn: [{ name: 'c-preflight' }],
    });
  });

  test('GIVEN a flux cluster THEN the preflight health-checks every shell and applies only its own ConfigMap', () => {
    const ks = doc(bundle, 'gitops/c/kustomization.flux-system.c-preflight.yaml');
    expect(ks.spec.path).toBe('./dist/gitops/c/preflight');
    expect(ks.spec.prune).toBe(true);
    expect(ks.spec.healthChecks).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'ack-agent-config', namespace: 'kube-system' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'eni-config', namespace: 'kube-system' },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'calico-node', namespace: 'kube-system' },
    ]);
    // Not empty: Flux fails a Kustomization whose build has no objects.
    expect(parse(bundle.get('gitops/c/preflight/kustomization.yaml')!).resources).toEqual(['configmap.flux-system.c-preflight.yaml']);
    expect(doc(bundle, 'gitops/c/preflight/configmap.flux-system.c-preflight.yaml').data).toEqual({
      checks: 'v1 ConfigMap kube-system/ack-agent-config\nv1 ConfigMap kube-system/eni-config\napps/v1 DaemonSet kube-system/calico-node\n',
    });
    expect([...bundle.keys()].filter((f) => f.startsWith('c/') && f.includes('preflight'))).toEqual([]);
  });

  test.each([
    ['git@github.com:org/repo.git', 'ssh://git@github.com/org/repo.git'],
    ['ssh://git@host:2222/org/repo.git', 'ssh://git@host:2222/org/repo.git'],
    ['https://host/org/repo.git', 'https://host/org/repo.git'],
  ])('GIVEN repoUrl %s THEN Flux gets %s', (input, expected) => {
    expect(fluxGitUrl(input)).toBe(expected);
  });

  test.each([
    ['main', { branch: 'main' }],
    ['refs/tags/v1.2.0', { name: 'refs/tags/v1.2.0' }],
    ['0123456789abcdef0123456789abcdef01234567', { commit: '0123456789abcdef0123456789abcdef01234567' }],
  ])('GIVEN revision %s THEN the ref is %j', (revision, expected) => {
    expect(fluxRef(revision)).toEqual(expected);
  });
});

describe('kubectl kustomize renders every folder', () => {
  test('GIVEN clusters of every mode WHEN each folder with a kustomization.yaml is built THEN kustomize renders exactly the listed objects', () => {
    const bundle = bundleOf({
      'a.yaml': clusterYaml('a', { extra: ARGOCD }),
      'b.yaml': clusterYaml('b', { calico: ' { install: operator }', extra: FLUX }),
      'c.yaml': clusterYaml('c', {
        terway:
          ' { credentials: { mode: external-secrets, externalSecret: { storeKind: SecretStore, storeName: kms, accessKeyId: { key: ak-id }, accessKeySecret: { key: ak-secret } } } }',
      }),
    });
    const dir = writeBundleTo(bundle);
    const folders = [...bundle.keys()]
      .filter((f) => f.endsWith('kustomization.yaml'))
      .map((f) => path.posix.dirname(f))
      .sort();
    expect(folders).toEqual(['a', 'b', 'c', 'gitops', 'gitops/a', 'gitops/b', 'gitops/b/preflight']);
    for (const folder of folders) {
      const listed = parse(bundle.get(`${folder}/kustomization.yaml`)!).resources as string[];
      const rendered = kustomize(path.join(dir, folder));
      expect(rendered.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(
        listed
          .map((file) => parse(bundle.get(`${folder}/${file}`)!) as KubeDoc)
          .map((d) => `${d.kind}/${d.metadata.name}`)
          .sort(),
      );
    }
  });
});

describe('the gitops section is checked', () => {
  const problems = (extra: string, name = 'a') => parseClusterFile('a.yaml', clusterYaml(name, { extra })).problems.map(formatProblem);

  test('GIVEN a path that is not the cluster folder THEN it is refused with the expected form', () => {
    expect(problems(`${ARGOCD.replace('}', ', path: dist/other }')}`)).toEqual([
      'a.yaml:20:95: gitops.path: found "dist/other", which does not end in the cluster\'s name "a"; allowed: the repository path of the cluster\'s output folder, <out>/a (default dist/a)',
    ]);
  });

  test('GIVEN a repoUrl with a password THEN it is refused, and the password is not shown', () => {
    expect(problems('gitops: { tool: flux, repoUrl: "https://u:s3cret@git.example.com/r.git" }')).toEqual([
      // The user name is not secret, the password is masked; the secret check's message replaces the format's.
      'a.yaml:20:32: gitops.repoUrl: found "https://u:****@git.example.com/r.git", which looks like a password in a URL; allowed: no credentials in a cluster file: it is committed and copied into dist/ (remove "user:password@"; give the GitOps tool or the nodes their own credentials)',
    ]);
  });

  test('GIVEN a cluster named gitops THEN it is refused: the name is the bootstrap folder', () => {
    expect(problems('', 'gitops')[0]).toMatch(/^a\.yaml:1:7: name: found "gitops"; allowed: .*other than "gitops"/);
  });
});
