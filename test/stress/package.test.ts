/**
 * The package as users get it (issue 14, items 1 and 4): `npm pack`, installed into an empty folder
 * offline, then its command and its library run there, with nothing of this repository on the path.
 *
 * Offline: the dependencies are packed from this repository's node_modules and installed next to the
 * tarball (`npm install --offline` fails rather than reach a registry), so the test needs no network and
 * counts exactly what an install pulls. Needs build/ack-hybrid.js (`npm run build`, as the CLI tests do);
 * builds lib/ itself.
 */
import { execFileSync, spawnSync } from 'child_process';
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

interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
  readonly app: string;
}

let packed: Packed;

beforeAll(() => {
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
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]) {
    run(NPM, ['pack', '--ignore-scripts', '--pack-destination', deps, path.join(REPO_ROOT, 'node_modules', name)], REPO_ROOT);
  }
  // The user's cdk8s app: the example, copied where no node_modules of this repository is above it.
  const app = path.join(work, 'app');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'cdk8s-app'), app, { recursive: true });
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  run(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...fs.readdirSync(deps).map((f) => path.join(deps, f))], app);
  packed = { tarball, files: report[0].files.map((f) => f.path), app };
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
