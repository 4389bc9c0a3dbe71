/**
 * The built command line, run as users run it (`npm test` builds it first).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readTree } from '../src/output';
import { runCli } from './support/cli';
import { clustersDir, editedExample, exampleYaml, REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';

describe('synth', () => {
  test('writes the example and says so in one line', () => {
    const out = path.join(tempDir(), 'dist');
    const result = runCli(['synth', '--clusters', 'clusters', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const files = readTree(path.join(REPO_ROOT, 'dist'))!.size;
    expect(result.stdout).toMatch(new RegExp(`^synthesized 1 cluster \\(${files} files\\) into .*dist: updated\n$`));
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
  });

  test('gives the same bytes in any time zone, locale and working directory', () => {
    const a = path.join(tempDir(), 'dist');
    const b = path.join(tempDir(), 'dist');
    const ra = runCli(['synth', '--clusters', path.join(REPO_ROOT, 'clusters'), '--out', a], { env: { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } });
    const rb = runCli(['synth', '--clusters', path.join(REPO_ROOT, 'clusters'), '--out', b], { cwd: tempDir(), env: { TZ: 'America/Adak', LANG: 'C', LC_ALL: 'C' } });
    // Both must succeed: two failures would leave two missing folders, which compare equal.
    expect([ra.status, ra.stderr, rb.status, rb.stderr]).toEqual([0, '', 0, '']);
    expect(readTree(a)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
    expect(readTree(b)).toEqual(readTree(a));
  });

  test('bad input: exit 2, every problem named, no stack trace, the output folder untouched', () => {
    // GIVEN a previous good output
    const out = path.join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    const before = readTree(out);
    // WHEN a cluster file with two mistakes is synthesized into it
    const clusters = clustersDir({ 'idc-hangzhou.yaml': editedExample([[['cloud', 'vpcCidr'], '10.0.0.0/8'], [['region'], 'Hangzhou']]) });
    const result = runCli(['synth', '--clusters', clusters, '--out', out]);
    // THEN
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\S*idc-hangzhou\.yaml:6:9: region: found "Hangzhou"; allowed: an Alibaba Cloud region ID/);
    expect(lines[1]).toMatch(/idc-hangzhou\.yaml:10:12: onPrem\.podCidr: found "10\.100\.0\.0\/16", which lies inside cloud\.vpcCidr "10\.0\.0\.0\/8"/);
    expect(lines[3]).toBe('error: 3 problems in 1 file');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readTree(out)).toEqual(before);
  });

  test('a cluster whose file is removed disappears from the output', () => {
    const out = path.join(tempDir(), 'dist');
    // Another cluster: its own name, ACK cluster ID and script URL (a folder may share none of them).
    const second = exampleYaml().replace('name: idc-hangzhou', 'name: idc-second').replace('path: dist/idc-hangzhou', 'path: dist/idc-second')
      .replace(/clusterId: .*/, `clusterId: c${'2'.repeat(32)}`).replace('/init-node-ecs.sh', '/idc-second/init-node-ecs.sh');
    expect(runCli(['synth', '--clusters', clustersDir({ 'a.yaml': exampleYaml(), 'b.yaml': second }), '--out', out]).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['gitops', 'idc-hangzhou', 'idc-second']);
    expect(runCli(['synth', '--clusters', clustersDir({ 'a.yaml': exampleYaml() }), '--out', out]).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['gitops', 'idc-hangzhou']);
    expect(fs.readdirSync(path.join(out, 'gitops')).sort()).toEqual(['applicationset.argocd.ack-hybrid.yaml', 'idc-hangzhou', 'kustomization.yaml']);
  });

  test('an unchanged output is left alone', () => {
    const out = path.join(tempDir(), 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    const result = runCli(['synth', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/: already up to date\n$/);
  });

  test('refuses to replace a folder holding files it did not write', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const result = runCli(['synth', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/refusing to replace .*: it holds notes\.txt, which ack-hybrid did not write/);
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('refuses an output folder that contains the working directory', () => {
    const cwd = tempDir();
    fs.cpSync(path.join(REPO_ROOT, 'clusters'), path.join(cwd, 'clusters'), { recursive: true });
    const result = runCli(['synth', '--out', '.'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/refusing to write into .*: it contains the working directory/);
    expect(fs.readdirSync(cwd)).toEqual(['clusters']);
  });

  test('puts back an output folder left by a run killed between its two renames', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    expect(runCli(['synth', '--out', out]).status).toBe(0);
    const before = readTree(out);
    fs.renameSync(out, path.join(parent, '.dist.ack-hybrid-old'));
    expect(runCli(['synth', '--out', out]).stdout).toMatch(/already up to date/);
    expect(readTree(out)).toEqual(before);
    expect(fs.existsSync(path.join(parent, '.dist.ack-hybrid-old'))).toBe(false);
  });
});

describe('validate', () => {
  test('writes nothing', () => {
    const out = path.join(tempDir(), 'dist');
    const result = runCli(['validate', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('1 cluster file valid: clusters/idc-hangzhou.yaml\n');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a missing clusters folder is a clear error', () => {
    const result = runCli(['validate', '--clusters', 'no-such-folder']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: the clusters folder no-such-folder does not exist: pass --clusters DIR, a folder with one *.yaml file per cluster\n');
  });
});

describe('usage', () => {
  test('--help lists the commands', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ack-hybrid synth/);
    expect(result.stdout).toMatch(/ack-hybrid validate/);
  });

  test('an unknown command or flag exits 2 with a pointer to --help', () => {
    for (const args of [['synthesize'], ['synth', '--outdir', 'x'], []]) {
      const result = runCli(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/Run 'ack-hybrid --help'/);
    }
  });
});
