/**
 * What synth may touch in the output folder, and who holds it.
 *
 * - The manifest (src/output/manifest.ts): synth removes or replaces only the files the previous synth
 *   listed, or files it writes again byte for byte; a hand-written kustomize folder inside `--out` (which
 *   the old rule took for a cluster's output, having a kustomization.yaml) is refused, never deleted.
 * - The lock (src/output/lock.ts): its owner is a pid, that process's start time and a token, so a lock
 *   left by a killed synth whose pid now belongs to another live process is stale, taken over at once; a
 *   run that waits for a live owner says for whom.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { processStart, readLockOwner } from '../src/output/lock';
import { MANIFEST_FILE } from '../src/output/manifest';
import { runCliAsync } from './support/cli';
import { exampleClusters } from './support/clusters';
import { runMain } from './support/main';
import { cleanTempDirs, snapshotTree, tempDir } from './support/tree';

jest.setTimeout(60_000);
afterAll(cleanTempDirs);

/** A working folder with clusters/ (the shipped example). */
function workspace(): string {
  const root = tempDir('ownership');
  exampleClusters(root);
  return root;
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('synth removes only what it can prove it wrote', () => {
  test('GIVEN --out deploy holding a hand-written kustomize folder WHEN synth runs THEN it refuses, naming a file, and deletes nothing', () => {
    // GIVEN the reproduction: a folder with a kustomization.yaml that ack-hybrid never wrote
    const root = workspace();
    write(path.join(root, 'deploy', 'base', 'kustomization.yaml'), 'resources: [app.yaml]\n');
    write(path.join(root, 'deploy', 'base', 'app.yaml'), 'kind: ConfigMap\n');
    const before = snapshotTree(root);
    // WHEN
    const result = runMain(root, ['synth', '--out', 'deploy']);
    // THEN
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: refusing to replace deploy: it holds "base/app.yaml", which ack-hybrid cannot tell it wrote (the folder has no ack-hybrid-manifest.txt from an earlier synth); move it away or choose another output folder',
    );
    expect(snapshotTree(root)).toEqual(before);
  });

  test('GIVEN an output folder written by synth and a folder added to it by hand WHEN synth runs again after a change THEN it refuses and keeps both', () => {
    const root = workspace();
    expect(runMain(root, ['synth']).code).toBe(0);
    write(path.join(root, 'dist', 'overlays', 'prod', 'kustomization.yaml'), 'resources: [../../idc-hangzhou]\n');
    fs.appendFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), '# edited\n');
    fs.writeFileSync(
      path.join(root, 'clusters', 'idc-hangzhou.yaml'),
      fs.readFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), 'utf8').replace('maxPoolSize: 5', 'maxPoolSize: 6'),
    );
    const before = snapshotTree(path.join(root, 'dist'));
    const result = runMain(root, ['synth']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'it holds "overlays/prod/kustomization.yaml", which ack-hybrid did not write (ack-hybrid-manifest.txt of the last synth does not list it)',
    );
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(before);
  });

  test('GIVEN an empty folder made by hand in the output folder WHEN synth runs after a change THEN it is refused, not removed', () => {
    const root = workspace();
    expect(runMain(root, ['synth']).code).toBe(0);
    fs.mkdirSync(path.join(root, 'dist', 'mine'));
    fs.writeFileSync(
      path.join(root, 'clusters', 'idc-hangzhou.yaml'),
      fs.readFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), 'utf8').replace('maxPoolSize: 5', 'maxPoolSize: 6'),
    );
    const result = runMain(root, ['synth']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it holds "mine/", a folder with no file ack-hybrid wrote');
    expect(fs.existsSync(path.join(root, 'dist', 'mine'))).toBe(true);
  });

  test('GIVEN a manifest written by hand (not ours) listing a user file WHEN synth runs THEN the manifest proves nothing and the file stays', () => {
    const root = workspace();
    write(path.join(root, 'dist', MANIFEST_FILE), 'notes.txt\n');
    write(path.join(root, 'dist', 'notes.txt'), 'mine\n');
    const result = runMain(root, ['synth']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`it holds "${MANIFEST_FILE}", a file by the name of ack-hybrid's manifest that ack-hybrid did not write`);
    expect(fs.readFileSync(path.join(root, 'dist', 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  test('GIVEN a cluster removed from the folder WHEN synth runs THEN its files, listed by the last manifest, go', () => {
    const root = workspace();
    const second = fs
      .readFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), 'utf8')
      .replace('name: idc-hangzhou', 'name: idc-second')
      .replace('path: dist/idc-hangzhou', 'path: dist/idc-second\n  argocd:\n    destinationServer: https://idc-second.k8s.example.com:6443')
      .replace(/^clusterId: .*$/m, `clusterId: c${'2'.repeat(32)}`)
      .replace('/init-node-ecs.sh', '/idc-second/init-node-ecs.sh');
    fs.writeFileSync(path.join(root, 'clusters', 'idc-second.yaml'), second);
    expect(runMain(root, ['synth']).code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'dist', MANIFEST_FILE), 'utf8')).toContain('idc-second/RUNBOOK.md\n');
    fs.rmSync(path.join(root, 'clusters', 'idc-second.yaml'));
    expect(runMain(root, ['synth']).code).toBe(0);
    expect(fs.existsSync(path.join(root, 'dist', 'idc-second'))).toBe(false);
    expect(fs.readFileSync(path.join(root, 'dist', MANIFEST_FILE), 'utf8')).not.toContain('idc-second');
  });

  test('GIVEN a note added by hand beside the files of a cluster WHEN synth --cluster rewrites another THEN the note is refused, not carried into the manifest', () => {
    const root = workspace();
    expect(runMain(root, ['synth']).code).toBe(0);
    write(path.join(root, 'dist', 'gitops', 'NOTES.md'), 'mine\n');
    fs.writeFileSync(
      path.join(root, 'clusters', 'idc-hangzhou.yaml'),
      fs.readFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), 'utf8').replace('maxPoolSize: 5', 'maxPoolSize: 6'),
    );
    const result = runMain(root, ['synth', '--cluster', 'idc-hangzhou']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it holds "gitops/NOTES.md", which ack-hybrid did not write');
    expect(fs.readFileSync(path.join(root, 'dist', 'gitops', 'NOTES.md'), 'utf8')).toBe('mine\n');
  });
});

describe('the lock names its owner beyond the pid', () => {
  test('processStart reads field 22 of /proc/<pid>/stat, after a command name holding spaces and ")"', () => {
    const dir = tempDir('comm');
    const odd = path.join(dir, 'a) b (c');
    fs.copyFileSync(process.execPath, odd);
    fs.chmodSync(odd, 0o755);
    const child = spawn(odd, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      expect(stat).toContain('(a) b (c)');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      expect(processStart(child.pid!)).toBe(fields[19]);
      expect(processStart(child.pid!)).toMatch(/^[0-9]+$/);
    } finally {
      child.kill();
    }
  });

  test('GIVEN a lock of a killed synth whose pid now belongs to another live process WHEN synth runs THEN it takes the lock over at once and writes', async () => {
    // GIVEN a lock naming a live process (this test's own) with a start time that is not that process's
    const root = workspace();
    const lock = path.join(root, '.dist.ack-hybrid-lock');
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, 'pid'), `${process.pid} ${Number(processStart(process.pid)) + 1} token-of-the-dead\n`);
    // WHEN (the built CLI, as a second process: 60 s of silent waiting was the bug)
    const started = Date.now();
    const result = await runCliAsync(['synth'], { cwd: root });
    // THEN
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(fs.existsSync(lock)).toBe(false);
    expect(fs.existsSync(path.join(root, 'dist', 'idc-hangzhou', 'RUNBOOK.md'))).toBe(true);
  });

  test('GIVEN a lock held by a live owner WHEN synth waits THEN it says for which process and which lock, and goes on once the owner ends', async () => {
    const root = workspace();
    const owner = spawn('sleep', ['30'], { stdio: 'ignore' });
    const lock = path.join(root, '.dist.ack-hybrid-lock');
    fs.mkdirSync(lock);
    const start = processStart(owner.pid!);
    fs.writeFileSync(path.join(lock, 'pid'), `${owner.pid} ${start} token\n`);
    const run = runCliAsync(['synth'], { cwd: root });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    owner.kill();
    const result = await run;
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `waiting for another ack-hybrid (pid ${owner.pid}, started at tick ${start} after boot), which is writing dist (lock .dist.ack-hybrid-lock); at most a minute\n`,
    );
  });

  test('GIVEN a synth that holds the lock WHEN its owner file is read THEN it has the pid, the start time and a token', () => {
    const root = workspace();
    const lock = path.join(root, '.dist.ack-hybrid-lock');
    // A body that looks at the lock while it is held: synth's own lock, taken through writeBundle.
    const { withLock } = jest.requireActual<typeof import('../src/output/lock')>('../src/output/lock');
    const owner = withLock(lock, path.join(root, 'dist'), () => readLockOwner(lock));
    expect(owner).toEqual({ pid: process.pid, start: processStart(process.pid), token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(fs.existsSync(lock)).toBe(false);
  });
});
