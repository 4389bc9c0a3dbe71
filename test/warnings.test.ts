/**
 * Warnings in every report format, and --strict: a cluster file on Kubernetes 1.33 (end of life 2026-06-28) is
 * valid, but says so; with --strict the same file fails (exit 2) and synth writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from './support/cli';
import { exampleClusters } from './support/clusters';
import { runMain } from './support/main';
import { cleanTempDirs, snapshotTree, tempDir } from './support/tree';

afterAll(cleanTempDirs);

/** The shipped example moved to Kubernetes 1.33, whose kubeadm expects pause 3.10: one warning, end of life. */
const onEndOfLife = (text: string) => text.replace('kubernetesVersion: "1.36.4"', 'kubernetesVersion: "1.33.12"').replace('pause:3.10.2', 'pause:3.10');

const WARNING =
  'clusters/idc-hangzhou.yaml:26:22: warning: nodeInit.kubernetesVersion: found "1.33.12": Kubernetes 1.33 reached its end of life on 2026-06-28 ' +
  '(https://kubernetes.io/releases/1.33/): no more patches, security fixes included; allowed: a minor upstream still supports on 2026-12-07: 1.35 to 1.37; ' +
  'upgrade the on-premises cluster first, then kubernetesVersion';

function workspace(): string {
  const dir = tempDir('warnings');
  exampleClusters(dir, onEndOfLife);
  return dir;
}

describe('warnings', () => {
  test('GIVEN a file on an end-of-life minor WHEN validated THEN the warning is printed, the files are valid, exit 0', () => {
    const result = runMain(workspace(), ['validate']);
    expect(result).toEqual({ code: 0, stdout: '1 cluster file valid: clusters/idc-hangzhou.yaml (1 warning)', stderr: WARNING });
  });

  test('GIVEN the same file WHEN synthesized THEN the warning is printed and the output is written', () => {
    const dir = workspace();
    const result = runMain(dir, ['synth']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(WARNING);
    expect(result.stdout).toMatch(/^synthesized 1 cluster \([0-9]+ files\) into dist: updated \(1 warning\)$/);
    expect(fs.existsSync(path.join(dir, 'dist', 'idc-hangzhou', 'init-node-ecs.sh'))).toBe(true);
  });

  test('GIVEN --output json WHEN validated THEN the warning is data in a warnings array, problems stay empty', () => {
    const result = runMain(workspace(), ['validate', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      clusters: [{ name: 'idc-hangzhou', file: 'clusters/idc-hangzhou.yaml' }],
      problems: [],
      warnings: [
        {
          file: 'clusters/idc-hangzhou.yaml',
          line: 26,
          column: 22,
          field: 'nodeInit.kubernetesVersion',
          message: expect.stringMatching(
            /^found "1\.33\.12": Kubernetes 1\.33 reached its end of life on 2026-06-28 .*; allowed: a minor upstream still supports/,
          ),
        },
      ],
    });
  });

  test('GIVEN --output github WHEN checked THEN a ::warning annotation is on the line and the check passes', () => {
    const dir = workspace();
    expect(runMain(dir, ['synth']).code).toBe(0);
    const result = runMain(dir, ['check', '--output', 'github']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^::warning file=clusters\/idc-hangzhou\.yaml,line=26,col=22,title=nodeInit\.kubernetesVersion::found "1\.33\.12": Kubernetes 1\.33 reached its end of life on 2026-06-28 /,
    );
    expect(result.stdout.split('\n')).toHaveLength(1);
  });

  test('GIVEN a date before the end of life (ACK_HYBRID_TODAY) WHEN validated by the CLI THEN no warning', () => {
    const result = runCli(['validate'], { cwd: workspace(), env: { ACK_HYBRID_TODAY: '2026-06-27' } });
    expect(result).toEqual({ status: 0, stdout: '1 cluster file valid: clusters/idc-hangzhou.yaml\n', stderr: '' });
  });

  test('GIVEN an invalid file next to one with a warning WHEN validated THEN both are printed and the summary counts the warning', () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'clusters', 'b.yaml'), 'name: b\n');
    const result = runMain(dir, ['validate', '--output', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: unknown[]; warnings: Array<{ field: string }> };
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.warnings.map((w) => w.field)).toEqual(['nodeInit.kubernetesVersion']);
    const text = runMain(dir, ['validate']);
    expect(text.stderr).toContain(WARNING);
    expect(text.stderr).toMatch(/\nerror: [0-9]+ problems in 1 file \(and 1 warning\)$/);
  });
});

describe('--strict', () => {
  test('GIVEN a warning WHEN validated with --strict THEN it is printed and the run fails with exit 2', () => {
    const result = runMain(workspace(), ['validate', '--strict']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${WARNING}\nerror: 1 warning, and --strict makes warnings errors` });
  });

  test('GIVEN a warning WHEN synthesized with --strict THEN nothing is written', () => {
    const dir = workspace();
    expect(runMain(dir, ['synth']).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'clusters', 'idc-hangzhou.yaml'), '# a change synth would write\n');
    const before = snapshotTree(path.join(dir, 'dist'));
    const result = runMain(dir, ['synth', '--strict']);
    expect(result.code).toBe(2);
    expect(snapshotTree(path.join(dir, 'dist'))).toEqual(before);
  });

  test('GIVEN a warning WHEN diffed with --strict --output json THEN ok is false and the warning is listed, exit 2', () => {
    const result = runMain(workspace(), ['diff', '--strict', '--output', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: Array<{ message: string }>; warnings: unknown[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ file: '', line: 0, column: 0, field: '', message: '1 warning, and --strict makes warnings errors' }]);
    expect(report.warnings).toHaveLength(1);
  });

  test('GIVEN a warning WHEN checked with --strict --output github THEN the warning is an ::error annotation, exit 2', () => {
    const result = runMain(workspace(), ['check', '--strict', '--output', 'github']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^::error file=clusters\/idc-hangzhou\.yaml,line=26,col=22,title=nodeInit\.kubernetesVersion::found "1\.33\.12"/);
    expect(result.stderr).toBe('error: 1 warning, and --strict makes warnings errors');
  });

  test('GIVEN no warning WHEN validated with --strict THEN it passes', () => {
    const dir = tempDir('strict-clean');
    exampleClusters(dir);
    expect(runMain(dir, ['validate', '--strict']).code).toBe(0);
  });
});

describe('a join token source nodes ACK One adds cannot use', () => {
  test('GIVEN the env token source (the schema default) WHEN validated THEN a warning says why and names oos-secret-parameter; the file stays valid', () => {
    const dir = tempDir('warnings-env');
    // The example without its terraform section (which requires the OOS source) and with the default token source.
    exampleClusters(dir, (text) =>
      text
        .replace(/^# The cloud side[^\n]*\n/m, '')
        .replace(/^terraform:\n(?: {2}[^\n]*\n|\s*\n)*/m, '')
        .replace(/ {4}tokenSource:\n(?: {6}[^\n]*\n)+/, ''),
    );
    const result = runCli(['validate', '--clusters', 'clusters'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^clusters\/idc-hangzhou\.yaml:\d+:\d+: warning: nodeInit\.join\.tokenSource\.type: found "env" \(the default\): the script reads KUBEADM_JOIN_TOKEN, which ACK One does not set on the nodes its pools add: those nodes cannot join; allowed: \{ type: oos-secret-parameter \}/,
    );
  });
});
