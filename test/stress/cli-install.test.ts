/**
 * The command installed on its own (issue 21, item 9): a CLI user runs `npm i -g ./ack-hybrid-*.tgz` or pins the
 * tarball in a GitOps repository, and gets one package. The library's needs (cdk8s, constructs, zod, yaml) are
 * optional peer dependencies, which npm does not install; the command bundles what it runs. Installed offline
 * from the tarball alone, so a dependency the command still needed would fail here as on a user's machine.
 * Needs build/ack-hybrid.js (`npm run build`, the first step of `npm run test:stress`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/clusters';
import { tempDir } from '../support/tree';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, [...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(command: string, args: readonly string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

let folder: string;
let bin: string;

beforeAll(() => {
  const work = tempDir('cli-install');
  // --ignore-scripts: prepack would rebuild build/ack-hybrid.js under other tests' feet; the build step made it.
  const [report] = JSON.parse(ok(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], REPO_ROOT)) as { filename: string }[];
  folder = path.join(work, 'gitops-repo');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'gitops-repo', version: '1.0.0', private: true }));
  ok(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', path.join(work, report!.filename)], folder);
  fs.cpSync(path.join(REPO_ROOT, 'clusters'), path.join(folder, 'clusters'), { recursive: true });
  bin = path.join(folder, 'node_modules', '.bin', 'ack-hybrid');
}, 180_000);

describe('the command installed without the library', () => {
  test('GIVEN the tarball alone WHEN installed THEN npm pulls one package: none of the library peers', () => {
    const installed = ok(NPM, ['ls', '--all', '--parseable'], folder).trim().split('\n').slice(1);
    expect(installed.map((p) => path.relative(path.join(folder, 'node_modules'), p))).toEqual(['ack-hybrid']);
  });

  test('GIVEN that install WHEN validate, synth, check, diff and schema run THEN each works with nothing else installed', () => {
    expect(run(bin, ['validate'], folder)).toMatchObject({ status: 0, stderr: '' });
    expect(ok(bin, ['synth'], folder)).toContain('synthesized');
    expect(fs.existsSync(path.join(folder, 'dist', 'idc-hangzhou', 'init-node-ecs.sh'))).toBe(true);
    expect(run(bin, ['check'], folder)).toMatchObject({ status: 0 });
    expect(run(bin, ['diff'], folder)).toMatchObject({ status: 0 });
    expect(JSON.parse(ok(bin, ['schema'], folder)).title).toBe('ack-hybrid cluster file');
  });

  test('GIVEN that install WHEN the library is required without its peers THEN it fails naming the missing package, not silently', () => {
    const result = run(process.execPath, ['-e', "require('ack-hybrid')"], folder);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot find module '(cdk8s|constructs|zod|yaml)'/);
  });
});
