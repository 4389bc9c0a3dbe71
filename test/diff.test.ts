import * as fs from 'fs';
import * as path from 'path';
import { compareOutput, countClusters, maskLine, renderChanges, wantsColor } from '../src/output/diff';
import { copyOfExampleSynth, hintProgram, runCli } from './support/cli';
import { exampleClusters, REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';

const CONFIGMAP = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: eni-config',
  '  namespace: kube-system',
  'data:',
  '  max_pool_size: "5"',
  '',
].join('\n');

function secret(value: string): string {
  return [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: alibaba-addon-secret',
    '  namespace: kube-system',
    'stringData:',
    `  access-key-secret: ${value}`,
    '  region: cn-hangzhou',
    '',
  ].join('\n');
}

describe('compareOutput', () => {
  it('GIVEN a folder equal to the bundle WHEN compared THEN there are no changes', () => {
    const bundle = new Map([['a/configmap.kube-system.eni-config.yaml', CONFIGMAP]]);
    expect(compareOutput(bundle, new Map(bundle))).toEqual([]);
  });

  it('GIVEN one changed field WHEN compared THEN the change names the cluster, object, field and unified diff', () => {
    const bundle = new Map([['a/configmap.kube-system.eni-config.yaml', CONFIGMAP.replace('"5"', '"10"')]]);
    const [change] = compareOutput(bundle, new Map([['a/configmap.kube-system.eni-config.yaml', CONFIGMAP]]));
    expect(change).toMatchObject({ cluster: 'a', kind: 'changed', objects: ['ConfigMap kube-system/eni-config'], fields: ['data.max_pool_size'] });
    expect(change.hunks[0].lines).toEqual(expect.arrayContaining(['-  max_pool_size: "5"', '+  max_pool_size: "10"']));
  });

  it('GIVEN no output folder WHEN compared THEN every file is added, numbered from line 0 as GNU diff does', () => {
    const changes = compareOutput(new Map([['a/RUNBOOK.md', '# a\n']]), undefined);
    expect(changes.map((c) => [c.file, c.kind])).toEqual([['a/RUNBOOK.md', 'added']]);
    expect(renderChanges(changes, { outDir: 'dist', color: false })).toEqual([
      '== cluster a: 1 added',
      'added dist/a/RUNBOOK.md',
      '--- /dev/null',
      '+++ dist/a/RUNBOOK.md (synthesized)',
      '@@ -0,0 +1,1 @@',
      '+# a',
    ]);
  });

  it('GIVEN a file no cluster synthesizes WHEN compared THEN it is removed', () => {
    const changes = compareOutput(new Map(), new Map([['old/RUNBOOK.md', 'x\n']]));
    expect(changes.map((c) => [c.cluster, c.kind])).toEqual([['old', 'removed']]);
  });

  it('GIVEN a Secret whose value changed WHEN rendered THEN neither value is printed, only that it changed', () => {
    const changes = compareOutput(
      new Map([['a/secret.kube-system.alibaba-addon-secret.yaml', secret('new-fake-secret-value')]]),
      new Map([['a/secret.kube-system.alibaba-addon-secret.yaml', secret('old-fake-secret-value')]]),
    );
    const text = renderChanges(changes, { outDir: 'dist', color: false }).join('\n');
    expect(text).not.toContain('fake-secret-value');
    expect(text).toContain('(secret value changed)');
    expect(text).toContain('-  access-key-secret: (secret value)');
    expect(text).toContain('+  access-key-secret: (secret value changed)');
    expect(changes[0].fields).toEqual(['stringData.access-key-secret (secret value changed)']);
  });

  it('GIVEN a Secret file that does not parse WHEN rendered THEN its content is not shown', () => {
    const changes = compareOutput(new Map(), new Map([['a/secret.kube-system.x.yaml', 'stringData: {a: "fake-1\n']]));
    const text = renderChanges(changes, { outDir: 'dist', color: false }).join('\n');
    expect(text).toContain('content not shown: it does not parse as YAML, so it may hold a Secret');
    expect(text).not.toContain('fake-1');
  });

  it('GIVEN AccessKey-like text or a credential key in any file WHEN a line is masked THEN the value is gone', () => {
    expect(maskLine('+  id: LTAI5tFakeFakeFake01')).toBe('+  id: LTAI****');
    expect(maskLine('-      "access_secret": "fake-hunter2",')).toBe('-      "access_secret": (secret value),');
    expect(maskLine('+  max_pool_size: "5"')).toBe('+  max_pool_size: "5"');
    expect(maskLine('+kubeadm join 192.168.0.10:6443 --token abcdef.0123456789abcdef')).toBe('+kubeadm join 192.168.0.10:6443 --token ******.****************');
  });

  it('GIVEN Git URLs WHEN a line is masked THEN a plain user name is shown as written, passwords and tokens are not', () => {
    // `git` is the user name of ssh://git@host/…: masking it made reviewers read ****@.
    expect(maskLine('+    repoURL: ssh://git@git.example.com/platform/gitops.git')).toBe('+    repoURL: ssh://git@git.example.com/platform/gitops.git');
    expect(maskLine('+    url: https://deploy@git.example.com/p.git')).toBe('+    url: https://deploy@git.example.com/p.git');
    expect(maskLine('+    url: https://deploy:fake-hunter2@git.example.com/p.git')).toBe('+    url: https://deploy:****@git.example.com/p.git');
    expect(maskLine(`+    url: https://ghp_${'a1B2'.repeat(9)}@github.com/p.git`)).toBe('+    url: https://****@github.com/p.git');
    expect(maskLine('+    url: https://oauth2:glpat-fakefakefake@gitlab.com/p.git')).toBe('+    url: https://oauth2:****@gitlab.com/p.git');
  });

  it('GIVEN changes under gitops/ WHEN compared THEN gitops/<cluster>/ belongs to its cluster and the files directly under gitops/ to no cluster', () => {
    const changes = compareOutput(
      new Map([
        ['a/RUNBOOK.md', '# a\n'],
        ['gitops/a/application.yaml', 'x: 1\n'],
        ['gitops/kustomization.yaml', 'y: 1\n'],
      ]),
      undefined,
    );
    expect(changes.map((c) => [c.file, c.cluster])).toEqual([
      ['a/RUNBOOK.md', 'a'],
      ['gitops/a/application.yaml', 'a'],
      ['gitops/kustomization.yaml', undefined],
    ]);
    expect(countClusters(changes)).toBe(1);
    const headers = renderChanges(changes, { outDir: 'dist', color: false }).filter((l) => l.startsWith('=='));
    expect(headers).toEqual(['== cluster a: 2 added', '== GitOps bootstrap and shared files (dist/gitops): 1 added']);
  });
});

describe('colour', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [false, { FORCE_COLOR: '1' }, true],
    [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    [false, { FORCE_COLOR: '0' }, false],
  ])('GIVEN tty=%s and env %j WHEN deciding THEN colour is %s', (tty, env, expected) => {
    expect(wantsColor(tty, env)).toBe(expected);
  });
});

describe('ack-hybrid diff', () => {
  /** A fresh copy of the example and of its synth in dist/ for each test: none depends on another's leftovers. */
  function given(change: 'none' | 'maxPoolSize 5 → 10') {
    const dir = tempDir('diff');
    const clusters = exampleClusters(dir);
    const out = path.join(dir, 'dist');
    copyOfExampleSynth(out);
    if (change !== 'none')
      fs.writeFileSync(
        path.join(clusters, 'idc-hangzhou.yaml'),
        fs.readFileSync(path.join(clusters, 'idc-hangzhou.yaml'), 'utf8').replace('maxPoolSize: 5', 'maxPoolSize: 10'),
      );
    return { dir, clusters, out };
  }

  it('GIVEN an output folder written by synth WHEN diffed THEN it says so and exits 0', () => {
    const { dir } = given('none');
    // Run from the folder that holds them, as a user in their repository does: paths read relative to it.
    const result = runCli(['diff', '--clusters', 'clusters', '--out', 'dist'], { cwd: dir });
    expect(result.stdout).toBe('no changes: dist is what clusters synthesizes (1 cluster file)\n');
    expect(result.status).toBe(0);
  });

  it('GIVEN a changed pool size WHEN diffed THEN the eni-config change is shown, nothing is written, and it exits 1', () => {
    const { clusters, out } = given('maxPoolSize 5 → 10');
    const before = fs.readFileSync(path.join(out, 'idc-hangzhou', 'configmap.kube-system.eni-config.yaml'), 'utf8');
    const result = runCli(['diff', '--clusters', clusters, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      '== cluster idc-hangzhou: 1 changed\nchanged ConfigMap kube-system/eni-config (configmap.kube-system.eni-config.yaml)\n  fields: data.eni_conf\n',
    );
    expect(result.stdout).toContain('-      "max_pool_size": 5,\n+      "max_pool_size": 10,\n');
    expect(result.stdout).toContain(
      `1 file would change in 1 cluster (1 changed); '${hintProgram()} synth --clusters ${path.relative(REPO_ROOT, clusters)} --out ${path.relative(REPO_ROOT, out)}' writes them\n`,
    );
    expect(result.stdout).not.toContain('\u001b[');
    expect(fs.readFileSync(path.join(out, 'idc-hangzhou', 'configmap.kube-system.eni-config.yaml'), 'utf8')).toBe(before);
  });

  it('GIVEN FORCE_COLOR WHEN diffed THEN removed lines are red and added lines green', () => {
    const { clusters, out } = given('maxPoolSize 5 → 10');
    const result = runCli(['diff', '--clusters', clusters, '--out', out], { env: { FORCE_COLOR: '1' } });
    expect(result.stdout).toContain('\u001b[31m-      "max_pool_size": 5,\u001b[0m');
    expect(result.stdout).toContain('\u001b[32m+      "max_pool_size": 10,\u001b[0m');
  });

  it('GIVEN --name-only WHEN diffed THEN only the files are listed', () => {
    const { dir } = given('maxPoolSize 5 → 10');
    const result = runCli(['diff', '--name-only', '--clusters', 'clusters', '--out', 'dist'], { cwd: dir });
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      '== cluster idc-hangzhou: 1 changed',
      'changed ConfigMap kube-system/eni-config dist/idc-hangzhou/configmap.kube-system.eni-config.yaml',
    ]);
    expect(result.status).toBe(1);
  });

  it('GIVEN no output folder yet WHEN one cluster is diffed THEN it counts one cluster, not the bootstrap folder too', () => {
    const { dir } = given('none');
    const result = runCli(['diff', '--clusters', 'clusters', '--out', 'nothing-yet'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /\n\d+ files would change in 1 cluster and the GitOps bootstrap \(\d+ added\); '[^']+ synth --out nothing-yet' writes them\n$/,
    );
    expect(result.stdout).toContain('+++ nothing-yet/idc-hangzhou/RUNBOOK.md (synthesized)');
  });

  it('GIVEN the user stands in a subfolder WHEN diffed THEN headers are relative to it, never absolute', () => {
    const { dir } = given('maxPoolSize 5 → 10');
    const sub = path.join(dir, 'sub');
    fs.mkdirSync(sub, { recursive: true });
    const result = runCli(['diff', '--clusters', '../clusters', '--out', path.join(dir, 'dist')], { cwd: sub });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('--- ../dist/idc-hangzhou/configmap.kube-system.eni-config.yaml\n');
    expect(result.stdout).not.toContain(dir);
  });

  it('GIVEN --output json WHEN diffed THEN the changes are data: file, cluster, kind, objects, fields and hunks', () => {
    const { dir } = given('maxPoolSize 5 → 10');
    const result = runCli(['diff', '--clusters', 'clusters', '--out', 'dist', '--output', 'json'], { cwd: dir });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; clusters: number; changes: Array<Record<string, unknown>> };
    // ok means what it means for check: the output folder is what synth writes.
    expect(report.ok).toBe(false);
    expect(report.clusters).toBe(1);
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]).toMatchObject({
      path: 'dist/idc-hangzhou/configmap.kube-system.eni-config.yaml',
      cluster: 'idc-hangzhou',
      kind: 'changed',
      objects: ['ConfigMap kube-system/eni-config'],
      fields: ['data.eni_conf'],
    });
    expect(JSON.stringify(report.changes[0].hunks)).toContain('+      \\"max_pool_size\\": 10,');
  });

  it('GIVEN --output github WHEN a value changed THEN the notice sits on the committed line that changes', () => {
    const { dir } = given('maxPoolSize 5 → 10');
    const committed = fs.readFileSync(path.join(dir, 'dist', 'idc-hangzhou', 'configmap.kube-system.eni-config.yaml'), 'utf8').split('\n');
    const line = committed.findIndex((text) => text.includes('"max_pool_size": 5')) + 1;
    expect(line).toBeGreaterThan(0);
    const result = runCli(['diff', '--clusters', 'clusters', '--out', 'dist', '--output', 'github'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::notice file=dist/idc-hangzhou/configmap.kube-system.eni-config.yaml,line=${line},title=ack-hybrid diff%3A changed::`);
  });

  it('GIVEN --cluster names another cluster WHEN diffed THEN nothing of the changed cluster is shown', () => {
    const { dir, clusters } = given('maxPoolSize 5 → 10');
    const second = fs
      .readFileSync(path.join(clusters, 'idc-hangzhou.yaml'), 'utf8')
      .replace('name: idc-hangzhou', 'name: idc-second')
      .replace('path: dist/idc-hangzhou', 'path: dist/idc-second\n  argocd:\n    destinationServer: https://idc-second.k8s.example.com:6443')
      // A folder may share neither the ACK cluster ID nor the script URL.
      .replace(/^clusterId: .*$/m, `clusterId: c${'2'.repeat(32)}`)
      .replace('/init-node-ecs.sh', '/idc-second/init-node-ecs.sh');
    const fleet = path.join(dir, 'fleet');
    fs.mkdirSync(fleet, { recursive: true });
    fs.writeFileSync(path.join(fleet, 'a.yaml'), fs.readFileSync(path.join(clusters, 'idc-hangzhou.yaml'), 'utf8'));
    fs.writeFileSync(path.join(fleet, 'b.yaml'), second);
    const fleetOut = path.join(dir, 'fleet-dist');
    expect(runCli(['synth', '--clusters', fleet, '--out', fleetOut]).status).toBe(0);
    fs.writeFileSync(path.join(fleet, 'a.yaml'), fs.readFileSync(path.join(fleet, 'a.yaml'), 'utf8').replace('maxPoolSize: 10', 'maxPoolSize: 11'));
    expect(runCli(['diff', '--clusters', fleet, '--out', fleetOut, '--cluster', 'idc-second']).status).toBe(0);
    const one = runCli(['diff', '--clusters', fleet, '--out', fleetOut, '--cluster', 'idc-hangzhou', '--name-only']);
    expect(one.status).toBe(1);
    expect(one.stdout).toMatch(/^== cluster idc-hangzhou: 1 changed\n/);
    const typo = runCli(['diff', '--clusters', fleet, '--out', fleetOut, '--cluster', 'idc-hangzou']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('--cluster: found "idc-hangzou", no cluster of');
    expect(typo.stderr).toContain('(did you mean "idc-hangzhou"?)');
  });

  it('GIVEN --out names a file WHEN diffed THEN it exits 2 saying it is not a folder', () => {
    const { dir, clusters } = given('none');
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const result = runCli(['diff', '--clusters', clusters, '--out', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: cannot read the output folder ${file}: it is not a folder; name a folder with --out\n`);
  });

  it('GIVEN an invalid cluster file WHEN diffed THEN it exits 2 with the problem', () => {
    const { dir, out } = given('none');
    const bad = exampleClusters(path.join(dir, 'bad'), (t) => t.replace('podCidr: 10.100.0.0/16', 'podCidr: 10.100.0.1/16'));
    const result = runCli(['diff', '--clusters', bad, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('onPrem.podCidr: found "10.100.0.1/16"');
  });
});
