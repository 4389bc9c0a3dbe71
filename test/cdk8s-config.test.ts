/**
 * cdk8s.yaml's `app`: what `npx cdk8s-cli@2 synth` runs (issue 14, item 4). cdk8s-cli runs it in a shell
 * with CDK8S_OUTDIR set and then reads the *.yaml under that folder (cdk8s-team/cdk8s-cli src/util.ts,
 * synthApp); the test does the same, without downloading cdk8s-cli.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';

test('GIVEN cdk8s.yaml WHEN its app runs as cdk8s-cli runs it THEN the clusters are synthesized into CDK8S_OUTDIR as into dist/', () => {
  const config = parse(fs.readFileSync(path.join(REPO_ROOT, 'cdk8s.yaml'), 'utf8')) as { app: string; output: string };
  expect(config.output).toBe('dist');
  const outdir = path.join(tempDir('cdk8s-app'), 'cdk8s out');
  const result = spawnSync(config.app, { shell: true, cwd: REPO_ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  // The objects of a cluster do not depend on where the folder is; the GitOps paths and the runbook do.
  const cluster = (dir: string) => fs.readdirSync(path.join(dir, 'idc-hangzhou')).filter((f) => f.endsWith('.yaml'));
  expect(cluster(outdir).length).toBeGreaterThan(3);
  for (const file of cluster(path.join(REPO_ROOT, 'dist'))) {
    expect(fs.readFileSync(path.join(outdir, 'idc-hangzhou', file), 'utf8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'idc-hangzhou', file), 'utf8'));
  }
});
