/**
 * GitOps paths follow --out: the Argo CD Application and the Flux Kustomizations point at the folder synth
 * writes, relative to the root of the Git repository holding it (issue 14, item 5).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { repoPathOf } from '../src/kubernetes/gitops-path';
import { ARGOCD, clusterYaml, FLUX } from './gitops-helpers';
import { runCli } from './support/cli';
import { tempDir } from './support/tree';

/** A Git repository (a `.git` folder is all synth looks for) with one Argo CD and one Flux cluster. */
function repository(extraArgo = ''): string {
  const root = tempDir('gitops-out');
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'clusters'));
  fs.writeFileSync(path.join(root, 'clusters', 'argo.yaml'), clusterYaml('argo', { extra: extraArgo || ARGOCD }));
  fs.writeFileSync(path.join(root, 'clusters', 'flux.yaml'), clusterYaml('flux', { extra: FLUX }));
  return root;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an arbitrary generated manifest, read field by field
function read(file: string): Record<string, any> {
  return parse(fs.readFileSync(file, 'utf8'));
}

function fluxKustomizations(out: string): Record<string, string> {
  const text = fs.readFileSync(path.join(out, 'gitops', 'flux', 'kustomization.yaml'), 'utf8');
  const files = (parse(text).resources as string[]).filter((f) => f.startsWith('kustomization.'));
  return Object.fromEntries(
    files.map((f) => {
      const object = read(path.join(out, 'gitops', 'flux', f));
      return [object.metadata.name, object.spec.path];
    }),
  );
}

describe('GitOps paths follow --out', () => {
  test('GIVEN a repository WHEN synth --out deploy/dist THEN the Application and Kustomizations point at deploy/dist/<cluster>', () => {
    const root = repository();
    const result = runCli(['synth', '--out', 'deploy/dist'], { cwd: root });
    // The fixtures keep the default env token source, which has a warning of its own (warnings.test.ts).
    expect(result.stderr.split('\n').filter((line) => line !== '' && !line.includes(': warning: nodeInit.join.tokenSource.type:'))).toEqual([]);
    expect(result.status).toBe(0);
    const out = path.join(root, 'deploy', 'dist');
    const application = read(path.join(out, 'gitops', 'argo', 'application.argocd.argo.yaml'));
    expect(application.spec.source.path).toBe('deploy/dist/argo');
    expect(fluxKustomizations(out)).toEqual({ flux: './deploy/dist/flux', 'flux-preflight': './deploy/dist/gitops/flux/preflight' });
    expect(fs.readFileSync(path.join(out, 'argo', 'RUNBOOK.md'), 'utf8')).toContain('deploy/dist/argo');
    // check agrees with what synth wrote: the same --out gives the same paths.
    expect(runCli(['check', '--out', 'deploy/dist'], { cwd: root }).status).toBe(0);
  });

  test('GIVEN synth run from a subfolder of the repository WHEN --out names a folder there THEN the path is still from the repository root', () => {
    const root = repository();
    fs.mkdirSync(path.join(root, 'ops'));
    const result = runCli(['synth', '--clusters', '../clusters', '--out', 'out'], { cwd: path.join(root, 'ops') });
    expect(result.status).toBe(0);
    expect(read(path.join(root, 'ops', 'out', 'gitops', 'argo', 'application.argocd.argo.yaml')).spec.source.path).toBe('ops/out/argo');
  });

  test('GIVEN gitops.path in the cluster file WHEN synth --out deploy/dist THEN the path is the one the file sets', () => {
    const root = repository('gitops: { tool: argocd, repoUrl: "https://git.example.com/p/g.git", path: elsewhere/argo }');
    expect(runCli(['synth', '--out', 'deploy/dist'], { cwd: root }).status).toBe(0);
    expect(read(path.join(root, 'deploy', 'dist', 'gitops', 'argo', 'application.argocd.argo.yaml')).spec.source.path).toBe('elsewhere/argo');
  });
});

describe("tofu-controller's path follows --out", () => {
  test('GIVEN a cluster with cloud code WHEN synth --out deploy/dist THEN the Terraform object plans ./deploy/dist/<cluster>/cloud', () => {
    const root = tempDir('gitops-out');
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'clusters'));
    const example = fs.readFileSync(path.join(__dirname, '..', 'clusters', 'idc-hangzhou.yaml'), 'utf8').replace(/^ {2}path: .*\n/m, '');
    fs.writeFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), example);
    const result = runCli(['synth', '--out', 'deploy/dist'], { cwd: root });
    expect(result.status).toBe(0);
    const out = path.join(root, 'deploy', 'dist');
    const terraform = read(path.join(out, 'gitops', 'idc-hangzhou', 'tofu', 'terraform.flux-system.idc-hangzhou.yaml'));
    expect(terraform.spec.path).toBe('./deploy/dist/idc-hangzhou/cloud');
    expect(fs.existsSync(path.join(root, terraform.spec.path, 'versions.tf.json'))).toBe(true);
  });
});

describe('repoPathOf', () => {
  test('GIVEN a worktree (.git is a file) WHEN the output folder is nested THEN the path is relative to it with / separators', () => {
    const root = tempDir('gitops-out');
    fs.writeFileSync(path.join(root, '.git'), 'gitdir: elsewhere\n');
    expect(repoPathOf(path.join(root, 'a', 'b', 'dist'))).toBe('a/b/dist');
  });

  test('GIVEN no repository above the folder WHEN it is outside the working directory THEN its own name is used', () => {
    const root = tempDir('gitops-out');
    // tempDir is under the system temp folder: no .git above it on a sane machine.
    expect(repoPathOf(path.join(root, 'generated'))).toBe('generated');
  });
});
