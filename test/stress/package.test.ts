/**
 * The package as users get it (issue 14, items 1 and 4): `npm pack`, installed into an empty folder
 * offline, then its command and its library run there, with nothing of this repository on the path.
 * Issue 21, item 3: in a GitOps repository that lists it as a devDependency, the GitHub Actions example
 * (examples/github-actions/ack-hybrid.yml) runs step by step, and the hints the command prints work there.
 *
 * Offline: the dependencies are packed from this repository's node_modules and installed next to the
 * tarball (`npm install --offline` fails rather than reach a registry), so the test needs no network and
 * counts exactly what an install pulls. Needs build/ack-hybrid.js (`npm run build`, as the CLI tests do);
 * builds lib/ itself.
 */
import { execFile, execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/clusters';
import { tempDir } from '../support/tree';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, [...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The same without blocking: two installs at once. */
function runAsync(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed (${String(error.code)}):\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

interface Packed {
  readonly work: string;
  readonly tarball: string;
  readonly files: readonly string[];
  readonly app: string;
  /** The user's GitOps repository: the tarball committed under vendor/ and installed as a devDependency. */
  readonly gitops: string;
}

let packed: Packed;

beforeAll(async () => {
  const work = tempDir('package');
  run(process.execPath, [path.join(REPO_ROOT, 'tools', 'build.js'), 'types'], REPO_ROOT);
  // --ignore-scripts: prepack would rebuild build/ack-hybrid.js under the other tests' feet.
  const report = JSON.parse(run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], REPO_ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = path.join(work, report[0].filename);
  const deps = path.join(work, 'deps');
  fs.mkdirSync(deps);
  const depNames = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)];
  run(NPM, ['pack', '--ignore-scripts', '--pack-destination', deps, ...depNames.map((name) => path.join(REPO_ROOT, 'node_modules', name))], REPO_ROOT);
  // The user's cdk8s app: the example, copied where no node_modules of this repository is above it.
  const depTarballs = fs.readdirSync(deps).map((f) => path.join(deps, f));
  const app = path.join(work, 'app');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'cdk8s-app'), app, { recursive: true });
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  const gitops = path.join(work, 'gitops');
  const vendored = `./vendor/${path.basename(tarball)}`;
  fs.mkdirSync(path.join(gitops, 'vendor'), { recursive: true });
  fs.copyFileSync(tarball, path.join(gitops, vendored));
  fs.writeFileSync(path.join(gitops, 'package.json'), JSON.stringify({ name: 'gitops', version: '1.0.0', private: true }));
  const install = ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'];
  await Promise.all([runAsync(NPM, [...install, tarball, ...depTarballs], app), runAsync(NPM, [...install, '--save-dev', vendored, ...depTarballs], gitops)]);
  packed = { work, tarball, files: report[0].files.map((f) => f.path), app, gitops };
}, 300_000);

describe('npm pack', () => {
  test('GIVEN the tarball WHEN listed THEN it holds the command, the library with types, templates, schema and docs, and no tests, output or dist/', () => {
    const files = packed.files;
    for (const file of [
      'bin/ack-hybrid.js',
      'build/ack-hybrid.js',
      'lib/index.js',
      'lib/src/index.d.ts',
      'scripts-templates/init-node-ecs.sh.ejs',
      'schema/cluster.schema.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'package.json',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^(test|dist|clusters|bench|examples|src|charts|imports)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  test('GIVEN an empty folder WHEN the tarball is installed THEN it pulls at most 20 packages', () => {
    const installed = run(NPM, ['ls', '--all', '--parseable'], packed.app).trim().split('\n').slice(1);
    expect(installed.length).toBeLessThanOrEqual(20);
    expect(installed.map((p) => path.relative(path.join(packed.app, 'node_modules'), p))).toContain('ack-hybrid');
  });
});

describe('the installed command', () => {
  test('GIVEN the installed package WHEN `ack-hybrid synth` runs in a folder of cluster files THEN it writes the bundle', () => {
    const bin = path.join(packed.app, 'node_modules', '.bin', 'ack-hybrid');
    const out = run(bin, ['synth', '--out', 'out'], packed.app);
    expect(out).toContain('synthesized 1 cluster');
    expect(fs.readFileSync(path.join(packed.app, 'out', 'idc-example', 'init-node-ecs.sh'), 'utf8')).toMatch(/^#!/);
    expect(JSON.parse(run(bin, ['schema'], packed.app)).$id).toBe(`https://unpkg.com/ack-hybrid@${pkg.version}/schema/cluster.schema.json`);
  });
});

describe('the library in a cdk8s app (examples/cdk8s-app)', () => {
  test('GIVEN the example app WHEN type-checked, built and run as cdk8s synth runs it THEN the charts are written to CDK8S_OUTDIR', () => {
    // The types of the installed package only: @types/node from this repository (the example lists it too).
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.', '--typeRoots', path.join(REPO_ROOT, 'node_modules', '@types')], {
      cwd: packed.app,
    });
    const config = parse(fs.readFileSync(path.join(packed.app, 'cdk8s.yaml'), 'utf8')) as { app: string; output: string };
    // cdk8s-cli's synth contract (cdk8s-team/cdk8s-cli src/util.ts, synthApp): the `app` command in a
    // shell, CDK8S_OUTDIR set; it then reads every *.yaml under that folder.
    run('sh', ['-c', config.app], packed.app, { CDK8S_OUTDIR: 'cdk8s-out' });
    const written = fs.readdirSync(path.join(packed.app, 'cdk8s-out')).sort();
    expect(written).toEqual([
      'ack-agent.k8s.yaml',
      'calico.k8s.yaml',
      'idc-example-ack-agent.k8s.yaml',
      'idc-example-calico.k8s.yaml',
      'idc-example-terway.k8s.yaml',
      'terway.k8s.yaml',
    ]);
    const calico = parse(fs.readFileSync(path.join(packed.app, 'cdk8s-out', 'calico.k8s.yaml'), 'utf8')) as { kind: string; metadata: { name: string } };
    expect(calico).toMatchObject({ kind: 'DaemonSet', metadata: { name: 'calico-node' } });
  });
});

// ---- a GitOps repository that installs ack-hybrid as a devDependency (issue 21, item 3) ----

const WORKFLOW = path.join(REPO_ROOT, 'examples', 'github-actions', 'ack-hybrid.yml');

/** What a runner or a user's shell has: none of the npm_* variables of the `npm run` that started jest, no network. */
function userEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const own = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...own, NO_COLOR: undefined, FORCE_COLOR: undefined, npm_config_offline: 'true', npm_config_update_notifier: 'false', ...env };
}

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A shell command line, as a hint prints it or a workflow step holds it, in `cwd`. */
function shell(command: string, cwd: string, env: NodeJS.ProcessEnv = {}, shellArgs: readonly string[] = ['-c']): Ran {
  const result = spawnSync('bash', [...shellArgs, command], { cwd, encoding: 'utf8', env: userEnv(env) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const shown = (r: Ran) => `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

function git(cwd: string, ...args: string[]): string {
  return run('git', args, cwd, { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' });
}

/** A word for a POSIX shell. */
const quoted = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
}

describe('the GitHub Actions example in a GitOps repository (examples/github-actions/ack-hybrid.yml)', () => {
  let repo: string;
  let base: string;
  const bin = () => path.join(repo, 'node_modules', '.bin', 'ack-hybrid');

  beforeAll(() => {
    repo = packed.gitops;
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'cdk8s-app', 'clusters'), path.join(repo, 'clusters'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
    run(bin(), ['synth', '--clusters', 'clusters', '--out', 'dist'], repo);
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'base');
    base = git(repo, 'rev-parse', 'HEAD').trim();
    // The pull request: one cluster file changed, dist/ synthesized again and committed with it.
    const file = path.join(repo, 'clusters', 'idc-example.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('maxPoolSize: 5', 'maxPoolSize: 7'));
    run(bin(), ['synth', '--clusters', 'clusters', '--out', 'dist'], repo);
    git(repo, 'commit', '-qam', 'more ENIs');
  }, 120_000);

  test('GIVEN the repository WHEN listed THEN ack-hybrid is a devDependency from the committed tarball', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies['ack-hybrid']).toBe(`file:vendor/${path.basename(packed.tarball)}`);
    expect(git(repo, 'ls-files', 'vendor', 'package-lock.json').trim().split('\n')).toHaveLength(2);
  });

  /** The job's steps, `${{ … }}` filled in; a step that is not run here is checked for what it holds. */
  function runnableSteps(runnerTemp: string, summary: string): { step: Step; command: string; env: NodeJS.ProcessEnv }[] {
    const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as { jobs: { review: { steps: Step[] } } };
    const known: Record<string, string> = {
      'github.event.pull_request.base.sha': base,
      'github.event.pull_request.number': '7',
      'github.token': 'not-a-token',
    };
    const fill = (text: string) =>
      text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
        if (!(expression in known)) throw new Error(`the workflow uses \${{ ${expression} }}, which this test does not know`);
        return known[expression];
      });
    const steps: { step: Step; command: string; env: NodeJS.ProcessEnv }[] = [];
    for (const step of workflow.jobs.review.steps) {
      if (step.uses !== undefined) continue;
      expect(typeof step.run).toBe('string');
      const command = fill(step.run!);
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, fill(String(value))]));
      if (/\bnpm ci\b/.test(command)) {
        // Installed already, offline, above.
        expect(command).toBe('npm ci');
        continue;
      }
      if (/\bgh pr comment\b/.test(command)) {
        // No network: the comment's body is what the summary holds.
        expect(command).toContain('--body-file "$RUNNER_TEMP/comment.md"');
        continue;
      }
      steps.push({
        step,
        command,
        env: { ...env, GITHUB_WORKSPACE: repo, RUNNER_TEMP: runnerTemp, GITHUB_STEP_SUMMARY: summary, BASE_SHA: base, GITHUB_ACTIONS: 'true', CI: 'true' },
      });
    }
    return steps;
  }

  /** As GitHub runs a `run:` step (its default shell, `bash -e {0}` with pipefail), from the workspace. */
  const runStep = (s: { command: string; env: NodeJS.ProcessEnv }) => shell(s.command, repo, s.env, ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c']);

  test('GIVEN a pull request that changes a cluster file WHEN every run step of the job runs THEN each passes and the summary holds the diff of that cluster', () => {
    const runnerTemp = tempDir('runner-temp');
    const summary = path.join(runnerTemp, 'step-summary.md');
    const steps = runnableSteps(runnerTemp, summary);
    expect(steps.map((s) => s.step.name)).toEqual([
      'Validate the cluster files',
      'Check that dist/ is what clusters/ synthesizes',
      "Diff against the base branch's dist/",
    ]);
    for (const s of steps) {
      const result = runStep(s);
      if (result.status !== 0) throw new Error(`step "${s.step.name}" failed:\n${shown(result)}`);
      expect(result.stdout + result.stderr).not.toMatch(/^::error/m);
    }
    const text = fs.readFileSync(summary, 'utf8');
    expect(text).toContain('```diff\n');
    expect(text).toContain('--- dist/idc-example/configmap.kube-system.eni-config.yaml\n');
    expect(text).toContain('+      "max_pool_size": 7,');
    // The closing hint is the command a reviewer runs in the pull request's checkout.
    expect(text).toContain("1 file would change in 1 cluster (1 changed); 'npx ack-hybrid synth' writes them\n```");
    expect(text).not.toContain(runnerTemp);
    expect(text).not.toContain(repo);
    expect(fs.readFileSync(path.join(runnerTemp, 'comment.md'), 'utf8')).toBe(text);
  });

  test('GIVEN a stale dist/ WHEN the check step runs THEN it fails with an ::error, and the commands its hint names show and fix it there', () => {
    const runnerTemp = tempDir('runner-temp');
    const check = runnableSteps(runnerTemp, path.join(runnerTemp, 'step-summary.md')).find((s) => /^Check /.test(s.step.name ?? ''))!;
    fs.appendFileSync(path.join(repo, 'dist', 'idc-example', 'RUNBOOK.md'), 'edited by hand\n');
    try {
      const failed = runStep(check);
      expect(failed.status).not.toBe(0);
      const error =
        /^::error file=dist\/idc-example\/RUNBOOK\.md,title=ack-hybrid check::.*Run '([^']+)' and commit dist; '([^']+)' shows the changes\.$/m.exec(
          failed.stdout,
        );
      if (error === null) throw new Error(`no ::error for the stale file:\n${shown(failed)}`);
      const [, synth, diff] = error;
      expect([synth, diff]).toEqual(['npx ack-hybrid synth', 'npx ack-hybrid diff']);
      const shows = shell(diff, repo);
      expect(shows.status).toBe(1);
      expect(shows.stdout).toContain('dist/idc-example/RUNBOOK.md');
      expect(shell(synth, repo).status).toBe(0);
      const passes = runStep(check);
      if (passes.status !== 0) throw new Error(`check still fails after '${synth}':\n${shown(passes)}`);
      expect(git(repo, 'status', '--porcelain')).toBe('');
    } finally {
      git(repo, 'checkout', '--', 'dist');
    }
  });
});

describe('the hints the installed command prints, run where it prints them', () => {
  test('GIVEN a folder with nothing but the install WHEN synth runs THEN its init hint (answers as flags, off a terminal) writes a cluster file whose validate and synth hints work, and diff names the synth that brings dist/ up to date', () => {
    // A fresh folder with the package installed as a devDependency (the GitOps repository's install, copied).
    const dir = path.join(packed.work, 'fresh');
    const gitops = packed.gitops;
    for (const name of ['package.json', 'package-lock.json', 'vendor']) fs.cpSync(path.join(gitops, name), path.join(dir, name), { recursive: true });
    fs.cpSync(path.join(gitops, 'node_modules'), path.join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    const bin = path.join(dir, 'node_modules', '.bin', 'ack-hybrid');

    // An empty clusters/ (NoClusterFilesError) and none at all: both name init, which creates the folder.
    fs.mkdirSync(path.join(dir, 'clusters'));
    const empty = shell(`${quoted(bin)} synth`, dir);
    expect(empty.status).toBe(2);
    expect(/^error: no cluster files in clusters: .*; write the first with: (.+)$/m.exec(empty.stderr)?.[1]).toBe('npx ack-hybrid init');
    fs.rmdirSync(path.join(dir, 'clusters'));
    const missing = shell(`${quoted(bin)} synth`, dir);
    expect(missing.status).toBe(2);
    const initHint = /^error: the clusters folder clusters does not exist: .*, or write the first with: (.+)$/m.exec(missing.stderr)?.[1];
    expect(initHint).toBe('npx ack-hybrid init');

    // On a terminal init asks for each value; here, off one, the same command takes them as flags.
    const answers: Record<string, string> = {
      name: 'idc-beijing',
      'cluster-id': 'c00000000000000000000000000000001',
      region: 'ap-southeast-1',
      'api-server': '192.168.1.10:6443',
      'node-cidr': '192.168.1.0/24',
      'pod-cidr': '10.100.0.0/16',
      'service-cidr': '10.96.0.0/16',
      'vpc-cidr': '10.0.0.0/12',
      'node-vswitch': 'vsw-node1:ap-southeast-1a:10.1.0.0/24',
      'pod-vswitch': 'vsw-pod1:ap-southeast-1a:10.1.1.0/24',
      'security-group': 'sg-one',
      'script-url': 'https://example-bucket.oss-ap-southeast-1-internal.aliyuncs.com/init-node-ecs.sh',
      'ca-cert-hash': `sha256:${'ab'.repeat(32)}`,
      'token-ram-role': 'HybridNodeRole',
      'vpc-id': 'vpc-one',
      'instance-type': 'ecs.g7.xlarge',
    };
    const flags = Object.entries(answers).flatMap(([flag, value]) => [`--${flag}`, quoted(value)]);
    const init = shell([initHint!, ...flags].join(' '), dir);
    if (init.status !== 0) throw new Error(`'${initHint}' failed:\n${shown(init)}`);
    const next = [...init.stdout.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(next).toEqual(['npx ack-hybrid validate', 'npx ack-hybrid synth']);
    for (const hint of next) {
      const result = shell(hint, dir);
      if (result.status !== 0) throw new Error(`'${hint}' failed:\n${shown(result)}`);
    }
    expect(fs.existsSync(path.join(dir, 'dist', 'idc-beijing', 'init-node-ecs.sh'))).toBe(true);

    // A change to the cluster file: diff shows it and names the synth that writes it.
    const file = path.join(dir, 'clusters', 'idc-beijing.yaml');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('sg-one');
    fs.writeFileSync(file, text.replace('sg-one', 'sg-two'));
    const diff = shell(`${quoted(bin)} diff`, dir, { NO_COLOR: '1' });
    expect(diff.status).toBe(1);
    const synthHint = / would change in .*; '([^']+)' writes them$/m.exec(diff.stdout)?.[1];
    expect(synthHint).toBe('npx ack-hybrid synth');
    expect(shell(synthHint!, dir).status).toBe(0);
    expect(shell(`${quoted(bin)} check`, dir).status).toBe(0);
  });
});
