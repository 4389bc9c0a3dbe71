/**
 * Inputs a hostile or careless user gives that the catalog's format (a committed clusters folder, synth
 * into dist/) cannot hold: folders that overlap, symlinks, FIFOs in the output folder, system folders,
 * a read-only or full file system. Every case: exit 2, exactly the expected message, no stack trace, and
 * every input and the output folder unchanged.
 *
 * Cases that could hang (FIFOs) run the built CLI with a time limit, so a regression fails instead of
 * hanging the suite. Read-only and full file systems are real tmpfs mounts when the test may mount
 * (root in a container with CAP_SYS_ADMIN); a test double at the fs layer covers the full disk always.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { guardIo, report } from '../src/cli/common';
import { crashLines, CLI } from './support/cli';
import { runMain } from './support/main';
import { exampleClusters } from './support/clusters';
import { cleanTempDirs, snapshotTree, tempDir } from './support/tree';

jest.setTimeout(60_000);
afterAll(cleanTempDirs);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI with a time limit: a hang is a failure (status null), not a stuck suite. */
function runCliLimited(cwd: string, args: readonly string[]): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trimEnd() };
}

/** A working folder with clusters/ (the shipped example) and dist/ from a good synth. */
function workspace(): string {
  const root = tempDir('hostile');
  exampleClusters(root);
  expect(runMain(root, ['synth']).code).toBe(0);
  return root;
}

/** THEN: refused with exactly `message`, no stack trace, nothing under `root` changed. */
function expectRefused(result: Run, message: string, root: string, before: ReturnType<typeof snapshotTree>): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 2, stderr: message });
  expect(result.stdout).toBe('');
  expect(crashLines(result.stderr)).toEqual([]);
  expect(snapshotTree(root)).toEqual(before);
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** Mounts a tmpfs at `dir` with `options`; false where this process may not mount. */
function tryMount(dir: string, options: string): boolean {
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'ignore' });
}

/** Whether this process may mount (root with CAP_SYS_ADMIN): the real-file-system cases need it. */
const CAN_MOUNT = (() => {
  const probe = tempDir('mount-probe');
  if (!tryMount(probe, 'size=4k')) return false;
  unmount(probe);
  return true;
})();
const withMount = CAN_MOUNT ? test : test.skip;

describe('the output folder never overlaps an input', () => {
  test('clusters folder inside the output folder (--clusters gitops-repo/rpm --out gitops-repo): refused, the cluster file kept', () => {
    // GIVEN the cluster files inside the folder named as output, as in the reproduction
    const root = tempDir('hostile');
    exampleClusters(path.join(root, 'gitops-repo'));
    fs.renameSync(path.join(root, 'gitops-repo', 'clusters'), path.join(root, 'gitops-repo', 'rpm'));
    const before = snapshotTree(root);
    // WHEN synth runs
    const result = runMain(root, ['synth', '--clusters', 'gitops-repo/rpm', '--out', 'gitops-repo']);
    // THEN it refuses, and the cluster file is still there
    expectRefused(
      result,
      'error: refusing to write into gitops-repo: it holds gitops-repo/rpm, an input of this run, which replacing it would delete; ' +
        'choose an output folder apart from the clusters folder and the files it names',
      root,
      before,
    );
    expect(fs.existsSync(path.join(root, 'gitops-repo', 'rpm', 'idc-hangzhou.yaml'))).toBe(true);
  });

  test('output folder inside the clusters folder: refused', () => {
    const root = workspace();
    const before = snapshotTree(root);
    const result = runMain(root, ['synth', '--out', 'clusters/dist']);
    expectRefused(
      result,
      'error: refusing to write into clusters/dist: it lies inside clusters, an input of this run; choose an output folder apart from the clusters folder and the files it names',
      root,
      before,
    );
  });

  test('output folder reached through a symlink into the clusters folder: refused after resolving it', () => {
    const root = workspace();
    fs.symlinkSync('clusters', path.join(root, 'via'));
    const before = snapshotTree(root);
    const result = runMain(root, ['synth', '--out', 'via/dist']);
    expectRefused(
      result,
      'error: refusing to write into via/dist: it lies inside clusters, an input of this run; choose an output folder apart from the clusters folder and the files it names',
      root,
      before,
    );
  });

  test('a cluster file that is a symlink into the output folder: refused, the file it points to kept', () => {
    const root = workspace();
    fs.mkdirSync(path.join(root, 'out'));
    fs.renameSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), path.join(root, 'out', 'idc-hangzhou.yaml'));
    fs.symlinkSync(path.join('..', 'out', 'idc-hangzhou.yaml'), path.join(root, 'clusters', 'idc-hangzhou.yaml'));
    const before = snapshotTree(root);
    const result = runMain(root, ['synth', '--out', 'out']);
    expectRefused(
      result,
      `error: refusing to write into out: it holds clusters/idc-hangzhou.yaml (out/idc-hangzhou.yaml), an input of this run, which replacing it would delete; ` +
        'choose an output folder apart from the clusters folder and the files it names',
      root,
      before,
    );
  });

  test('--out naming a symlink to a folder: refused (we do not follow it), the link and its folder unchanged', () => {
    const root = workspace();
    fs.renameSync(path.join(root, 'dist'), path.join(root, 'real-dist'));
    fs.symlinkSync('real-dist', path.join(root, 'dist'));
    const before = snapshotTree(root);
    const result = runMain(root, ['synth']);
    expectRefused(
      result,
      'error: refusing to write into dist: it is a symbolic link (to "real-dist"), which synth would replace with a folder; name the folder itself with --out',
      root,
      before,
    );
  });
});

describe('special files never hang a command', () => {
  test.each(['synth', 'diff', 'check'])('a FIFO inside the output folder: %s refuses at once', (command) => {
    // GIVEN a named pipe in the output folder (open() on it would wait for a writer for ever)
    const root = workspace();
    mkfifo(path.join(root, 'dist', 'idc-hangzhou', 'pipe'));
    const before = snapshotTree(root);
    // WHEN the command runs, THEN it names the FIFO and stops, without opening it
    const result = runCliLimited(root, [command]);
    expectRefused(
      result,
      'error: the output folder dist holds "idc-hangzhou/pipe", a FIFO (named pipe), which ack-hybrid never writes: remove it or choose another --out',
      root,
      before,
    );
  });

  test.each(['synth', 'check'])('a symlinked folder inside the output folder: %s refuses (exit 2, not 70)', (command) => {
    const root = workspace();
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.writeFileSync(path.join(root, 'elsewhere', 'keep.txt'), 'not ours\n');
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'dist', 'idc-hangzhou', 'linked'));
    const before = snapshotTree(root);
    const result = runMain(root, [command]);
    expectRefused(
      result,
      'error: the output folder dist holds "idc-hangzhou/linked", a symbolic link, which ack-hybrid never writes: remove it or choose another --out',
      root,
      before,
    );
  });

  test('a cluster file that is a symlink to a FIFO: refused without opening it', () => {
    const root = workspace();
    mkfifo(path.join(root, 'pipe'));
    fs.symlinkSync(path.join(root, 'pipe'), path.join(root, 'clusters', 'other.yaml'));
    const before = snapshotTree(root);
    const result = runCliLimited(root, ['synth']);
    expectRefused(result, 'clusters/other.yaml: found a FIFO (named pipe), not a regular file; allowed: a YAML file\nerror: 1 problem in 1 file', root, before);
  });
});

describe("file-system trouble is the user's to fix: exit 2 with the path and the cause", () => {
  test('--out below a file', () => {
    const root = workspace();
    fs.writeFileSync(path.join(root, 'notes.txt'), 'a file\n');
    const before = snapshotTree(root);
    const result = runMain(root, ['synth', '--out', 'notes.txt/dist']);
    expectRefused(
      result,
      'error: refusing to write into notes.txt/dist: notes.txt is a file, not a folder; choose an output folder, such as dist',
      root,
      before,
    );
  });

  test.each([
    ['/usr/share', 'error: refusing to write into /usr/share: it is inside the system folder /usr; choose an output folder of its own, such as dist'],
    ['/etc', 'error: refusing to write into /etc: it is a system folder; choose an output folder of its own, such as dist'],
    ['/home', 'error: refusing to write into /home: it is a system folder; choose an output folder of its own, such as dist'],
  ])('--out %s: refused before anything is touched', (out, message) => {
    const root = workspace();
    const before = snapshotTree(root);
    const result = runMain(root, ['synth', '--out', out]);
    expectRefused(result, message, root, before);
  });

  test('a full disk (fs double: ENOSPC on the first file written; unchanged files are hard-linked, not written): exit 2 naming the file, no temporary folder left, output unchanged', () => {
    // GIVEN a previous synth, and a disk that fills up while the new bundle is written
    const root = workspace();
    const original = fs.readFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), 'utf8');
    fs.writeFileSync(path.join(root, 'clusters', 'idc-hangzhou.yaml'), original.replace('maxPoolSize: 5', 'maxPoolSize: 6'));
    const before = snapshotTree(root);
    // The module object itself: `import * as fs` is a copy of its bindings, which cannot be redefined.
    const nodeFs = jest.requireActual<typeof fs>('fs');
    const realWrite = nodeFs.writeFileSync;
    let writes = 0;
    const spy = jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (String(file).includes('.ack-hybrid-tmp-') && ++writes === 1) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', errno: -28 });
      }
      return realWrite(file, data, options);
    });
    let result: Run;
    try {
      // WHEN synth runs
      result = runMain(root, ['synth']);
    } finally {
      spy.mockRestore();
    }
    // THEN exit 2 with the file and the cause, and the folder is as before: no temporary folder, old output kept
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: cannot write \.dist\.ack-hybrid-tmp-[0-9]+\/[^ ]+: no space left on the device \(ENOSPC\)$/);
    expect(crashLines(result.stderr)).toEqual([]);
    expect(snapshotTree(root)).toEqual(before);
  });

  withMount('a full disk (a real 48 KiB tmpfs): exit 2, the temporary folder removed', () => {
    const root = workspace();
    const mnt = path.join(root, 'small');
    expect(tryMount(mnt, 'size=48k')).toBe(true);
    try {
      const before = snapshotTree(root);
      const result = runMain(root, ['synth', '--out', 'small/dist']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: cannot write small\/\.dist\.ack-hybrid-tmp-[0-9]+\/[^ ]+: no space left on the device \(ENOSPC\)$/);
      expect(crashLines(result.stderr)).toEqual([]);
      expect(fs.readdirSync(mnt)).toEqual([]);
      expect(snapshotTree(root)).toEqual(before);
    } finally {
      unmount(mnt);
    }
  });

  withMount('a read-only parent of --out (a read-only tmpfs): exit 2 naming the folder and the cause', () => {
    const root = workspace();
    const mnt = path.join(root, 'ro');
    expect(tryMount(mnt, 'ro,size=64k')).toBe(true);
    try {
      const before = snapshotTree(root);
      const result = runMain(root, ['synth', '--out', 'ro/dist']);
      expectRefused(result, 'error: cannot create the folder ro/.dist.ack-hybrid-lock: the file system is read-only (EROFS)', root, before);
    } finally {
      unmount(mnt);
    }
  });
});

describe("report(): which errors are the user's and which are bugs", () => {
  const errno = (code: string, syscall: string, file: string, dest?: string) =>
    Object.assign(new Error(`${code}: ${syscall} '${file}'`), { code, syscall, path: file, ...(dest === undefined ? {} : { dest }) });

  test.each([
    [errno('EACCES', 'open', '/srv/out/a.yaml'), 'error: cannot open /srv/out/a.yaml: permission denied (EACCES)'],
    [errno('EPERM', 'unlink', '/srv/out/a.yaml'), 'error: cannot remove /srv/out/a.yaml: operation not permitted (EPERM)'],
    [errno('EROFS', 'mkdir', '/mnt/ro/dist'), 'error: cannot create the folder /mnt/ro/dist: the file system is read-only (EROFS)'],
    [errno('ENOSPC', 'write', '/mnt/full/x'), 'error: cannot write /mnt/full/x: no space left on the device (ENOSPC)'],
    [errno('EDQUOT', 'write', '/home/u/x'), 'error: cannot write /home/u/x: the disk quota is used up (EDQUOT)'],
    [errno('ENOTDIR', 'scandir', '/srv/a/b'), 'error: cannot list the folder /srv/a/b: a part of the path is a file, not a folder (ENOTDIR)'],
    [errno('EEXIST', 'mkdir', '/srv/a'), 'error: cannot create the folder /srv/a: something already exists there (EEXIST)'],
    [errno('ELOOP', 'stat', '/srv/loop'), 'error: cannot look at /srv/loop: too many symbolic links (a loop?) (ELOOP)'],
    [errno('ENAMETOOLONG', 'open', '/srv/x'), 'error: cannot open /srv/x: the name is too long (ENAMETOOLONG)'],
    [errno('EISDIR', 'open', '/srv/dir'), 'error: cannot open /srv/dir: it is a folder, not a file (EISDIR)'],
    [errno('EMFILE', 'open', '/srv/x'), 'error: cannot open /srv/x: too many open files in this process (EMFILE)'],
    [errno('EXDEV', 'rename', '/srv/a', '/mnt/b'), 'error: cannot rename /srv/a to /mnt/b: it is on another file system (EXDEV)'],
    [errno('EACCES', 'open', '/srv/\u001b[2Jx\ny'), 'error: cannot open /srv/\\u001b[2Jx\\ny: permission denied (EACCES)'],
  ])('%s → exit 2 with the path and the cause', (error, message) => {
    const stderr: string[] = [];
    expect(report(error, guardIo({ stdout: () => undefined, stderr: (l) => stderr.push(l) }))).toBe(2);
    expect(stderr).toEqual([message]);
  });

  test('an errno that means our own misuse of the API (EBADF), or any other error, stays a bug: exit 70', () => {
    const stderr: string[] = [];
    const io = { stdout: () => undefined, stderr: (l: string) => stderr.push(l) };
    expect(report(errno('EBADF', 'read', '/x'), io)).toBe(70);
    expect(report(new TypeError('x is undefined'), io)).toBe(70);
    expect(stderr.every((l) => l.startsWith('internal error (a bug in ack-hybrid'))).toBe(true);
  });

  test("GIVEN a bug WHEN reported THEN the message says where to report it: package.json's bugs URL", () => {
    const { bugs } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { bugs: { url: string } };
    const stderr: string[] = [];
    expect(report(new TypeError('x is undefined'), { stdout: () => undefined, stderr: (l: string) => stderr.push(l) })).toBe(70);
    expect(bugs.url).toMatch(/^https:\/\//);
    expect(stderr[0]).toMatch(
      /^internal error \(a bug in ack-hybrid; please report it at (\S+) with the command you ran and this message\): TypeError: x is undefined/,
    );
    expect(stderr[0]).toContain(` at ${bugs.url} `);
  });
});
