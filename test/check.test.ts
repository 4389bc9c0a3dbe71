import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { buildBundle } from '../src/build/bundle';
import { loadClusters } from '../src/config/load';
import { withManifest } from '../src/output/manifest';
import { copyOfExampleSynth, hintProgram, runCli } from './support/cli';
import { exampleClusters, REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';

const EXAMPLE_WORKFLOW = path.join(__dirname, '..', 'examples', 'github-actions', 'ack-hybrid.yml');

describe('ack-hybrid check', () => {
  /** Each test gets its own copy of the example and output folder: none depends on what another left. */
  function given(state: 'no output' | 'synthesized') {
    const dir = tempDir('check');
    const clusters = exampleClusters(dir);
    const out = path.join(dir, 'dist');
    if (state === 'synthesized') copyOfExampleSynth(out);
    return { dir, clusters, out, check: () => runCli(['check', '--clusters', clusters, '--out', out]) };
  }
  // As many files as the shipped example synthesizes, with the manifest that lists them.
  const fileCount = withManifest(buildBundle(loadClusters(exampleClusters(tempDir('check-count'))))).size;

  it('GIVEN no output folder WHEN checked THEN every file is named as missing and it exits 1', () => {
    const { clusters, out, check } = given('no output');
    const result = check();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`error: ${out} is not what ${clusters} synthesizes: ${fileCount} files out of date\n`);
    expect(result.stderr).toContain(`  ${out}/idc-hangzhou/RUNBOOK.md: missing (synth would write it)\n`);
  });

  it('GIVEN the output of synth WHEN checked THEN it passes with exit 0 and writes nothing', () => {
    const { clusters, out, check } = given('synthesized');
    const result = check();
    expect(result).toEqual({ status: 0, stdout: `${out} is up to date: ${fileCount} files of 1 cluster, as ${clusters} synthesizes\n`, stderr: '' });
  });

  it('GIVEN a hand-edited object file WHEN checked THEN that file is named as differing and it exits 1', () => {
    const { clusters, out, check } = given('synthesized');
    const file = path.join(out, 'idc-hangzhou', 'configmap.kube-system.ack-agent-config.yaml');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('addNodeScriptPath', 'addNodeScriptPath2'));
    const result = check();
    fs.writeFileSync(file, original);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      [
        `error: ${out} is not what ${clusters} synthesizes: 1 file out of date`,
        `  ${out}/idc-hangzhou/configmap.kube-system.ack-agent-config.yaml: differs (stale or hand-edited)`,
        `Run '${hintProgram()} synth --clusters ${path.relative(REPO_ROOT, clusters)} --out ${path.relative(REPO_ROOT, out)}' and commit ${out}; '${hintProgram()} diff --clusters ${path.relative(REPO_ROOT, clusters)} --out ${path.relative(REPO_ROOT, out)}' shows the changes.`,
        '',
      ].join('\n'),
    );
  });

  it('GIVEN stale output of a changed cluster file and a file no cluster writes WHEN checked THEN both are named', () => {
    const { clusters, out, check } = given('synthesized');
    fs.writeFileSync(path.join(out, 'idc-hangzhou', 'notes.txt'), 'hand-written\n');
    fs.writeFileSync(path.join(clusters, 'idc-hangzhou.yaml'), fs.readFileSync(path.join(clusters, 'idc-hangzhou.yaml'), 'utf8').replace('os: rpm', 'os: deb'));
    const result = check();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`  ${out}/idc-hangzhou/init-node-ecs.sh: differs (stale or hand-edited)\n`);
    expect(result.stderr).toContain(`  ${out}/idc-hangzhou/notes.txt: not synthesized by any cluster file (synth would remove it)\n`);
  });

  it('GIVEN an output folder a killed synth left under its backup name WHEN checked THEN the backup is read and nothing is renamed', () => {
    const other = tempDir('check-swap');
    const synthOut = path.join(other, 'dist');
    const fresh = exampleClusters(other);
    copyOfExampleSynth(synthOut);
    fs.renameSync(synthOut, path.join(other, '.dist.ack-hybrid-old'));
    const result = runCli(['check', '--clusters', fresh, '--out', synthOut]);
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(other, '.dist.ack-hybrid-old'))).toBe(true);
  });

  it('GIVEN a clusters folder that does not exist WHEN checked THEN it exits 2 naming it', () => {
    const { dir, out } = given('no output');
    const result = runCli(['check', '--clusters', path.join(dir, 'nope'), '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `error: the clusters folder ${path.join(dir, 'nope')} does not exist: pass --clusters DIR, a folder with one *.yaml file per cluster, or write the first with: ${hintProgram()} init --clusters ${path.relative(REPO_ROOT, path.join(dir, 'nope'))}\n`,
    );
  });
});

describe('the shipped dist/', () => {
  it('GIVEN the repository WHEN checked THEN dist/ is what clusters/ synthesizes', () => {
    const result = runCli(['check']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('the CI workflow example', () => {
  it('GIVEN examples/github-actions/ack-hybrid.yml WHEN read THEN it runs validate and check as annotations, and diff, on pull requests and uses no secret', () => {
    const workflow = parse(fs.readFileSync(EXAMPLE_WORKFLOW, 'utf8'));
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const runs = workflow.jobs.review.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    // The installed command of the user's GitOps repository (a devDependency): not this repository's npm scripts
    // or its build/ (test/stress/package.test.ts runs the whole job in such a repository).
    expect(runs).toContain('npx --no-install ack-hybrid validate --clusters clusters --output github');
    expect(runs).toContain('npx --no-install ack-hybrid check --clusters clusters --out dist --output github');
    expect(runs).toContain('"$GITHUB_WORKSPACE/node_modules/.bin/ack-hybrid" diff --clusters clusters --out dist');
    expect(runs).not.toMatch(/npm run|build\/ack-hybrid\.js/);
    expect(fs.readFileSync(EXAMPLE_WORKFLOW, 'utf8')).not.toMatch(/secrets\./);
  });

  it("GIVEN a pull request that changes a cluster file WHEN the example's diff step runs THEN the summary shows dist/ paths, never the runner's temporary folder", () => {
    // A repository as the workflow sees it: the base commit holds clusters/ and dist/, the pull request edits a cluster.
    const repo = path.join(tempDir('workflow'), 'repo');
    const runnerTemp = tempDir('runner-temp');
    exampleClusters(repo);
    expect(runCli(['synth', '--clusters', 'clusters', '--out', 'dist'], { cwd: repo }).status).toBe(0);
    const git = (...args: string[]) =>
      spawnSync('git', args, {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
      });
    expect(git('init', '-q').status).toBe(0);
    expect(git('add', '.').status).toBe(0);
    expect(git('commit', '-qm', 'base').status).toBe(0);
    const base = git('rev-parse', 'HEAD').stdout.trim();
    // Where the step finds the pull request's ack-hybrid: the GitOps repository's install, here this build.
    fs.mkdirSync(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'bin', 'ack-hybrid.js'), path.join(repo, 'node_modules', '.bin', 'ack-hybrid'));
    const clusterFile = path.join(repo, 'clusters', 'idc-hangzhou.yaml');
    fs.writeFileSync(clusterFile, fs.readFileSync(clusterFile, 'utf8').replace('maxPoolSize: 5', 'maxPoolSize: 7'));

    const step = parse(fs.readFileSync(EXAMPLE_WORKFLOW, 'utf8')).jobs.review.steps.find((s: { id?: string }) => s.id === 'diff') as {
      run: string;
      env: Record<string, string>;
    };
    const summary = path.join(runnerTemp, 'summary.md');
    const result = spawnSync('bash', ['-e', '-c', step.run], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', BASE_SHA: base, RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: repo, GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.status).toBe(0);
    const text = fs.readFileSync(summary, 'utf8');
    expect(text).toContain('--- dist/idc-hangzhou/configmap.kube-system.eni-config.yaml\n');
    expect(text).toContain('+      "max_pool_size": 7,');
    expect(text).toContain('1 file would change in 1 cluster (1 changed)');
    expect(text).not.toContain(runnerTemp);
  });
});

describe('ack-hybrid check for CI tools', () => {
  const dir = tempDir('check-formats');
  exampleClusters(dir);
  const run = (...args: string[]) => runCli(['check', '--clusters', 'clusters', '--out', 'dist', ...args], { cwd: dir });

  it('GIVEN a stale file WHEN checked with --output json THEN stdout is the report as data and it exits 1', () => {
    copyOfExampleSynth(path.join(dir, 'dist'));
    const file = path.join(dir, 'dist', 'idc-hangzhou', 'RUNBOOK.md');
    fs.appendFileSync(file, 'edited by hand\n');
    const result = run('--output', 'json');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      out: 'dist',
      files: [{ file: 'dist/idc-hangzhou/RUNBOOK.md', kind: 'changed', message: 'differs (stale or hand-edited)' }],
      problems: [],
      warnings: [],
    });
  });

  it('GIVEN a stale file WHEN checked with --output github THEN an ::error annotation names the file', () => {
    const result = run('--output', 'github');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      `::error file=dist/idc-hangzhou/RUNBOOK.md,title=ack-hybrid check::differs (stale or hand-edited). Run '${hintProgram(dir)} synth' and commit dist; '${hintProgram(dir)} diff' shows the changes.\n`,
    );
  });

  it('GIVEN an invalid cluster file WHEN checked with --output json THEN each problem has file, line, column, field and message, exit 2', () => {
    const bad = exampleClusters(path.join(dir, 'bad'), (t) => t.replace('podCidr: 10.100.0.0/16', 'podCidr: 10.100.0.1/16'));
    const result = runCli(['check', '--clusters', path.relative(dir, bad), '--out', 'dist', '--output', 'json'], { cwd: dir });
    expect(result.status).toBe(2);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: Array<Record<string, unknown>> };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      {
        file: 'bad/clusters/idc-hangzhou.yaml',
        line: expect.any(Number),
        column: expect.any(Number),
        field: 'onPrem.podCidr',
        message: expect.stringMatching(/^found "10\.100\.0\.1\/16"; allowed: an IPv4 CIDR in canonical form.*did you mean "10\.100\.0\.0\/16"/),
      },
    ]);
    expect((report.problems[0].line as number) > 0).toBe(true);
  });
});
