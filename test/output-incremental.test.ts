/**
 * synth writes only what changed (issue 14, item 8): unchanged files are hard-linked from the previous
 * output folder into the new one, which is still swapped in whole.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Bundle } from '../src/build/bundle';
import { abortWrite, readTree, writeBundle } from '../src/output/write';
import { fillOutputFolder, removeOutputFolder } from '../src/output/incremental';
import { withManifest } from '../src/output/manifest';
import { tempDir } from './support/tree';

const inode = (file: string) => fs.statSync(file).ino;

function bundle(entries: Record<string, string>): Bundle {
  return new Map(Object.entries(entries));
}

describe('writeBundle, one cluster changed', () => {
  test('GIVEN an output folder WHEN one file changes THEN the others are the same files (hard links), the changed one is new, and the folder holds exactly the bundle', () => {
    const out = path.join(tempDir('incremental'), 'dist');
    const before = bundle({ 'a/kustomization.yaml': 'a: 1\n', 'a/init-node-ecs.sh': '#!/bin/sh\n', 'b/kustomization.yaml': 'b: 1\n' });
    writeBundle(before, out);
    const inodes = Object.fromEntries([...before.keys()].map((f) => [f, inode(path.join(out, f))]));

    const after = bundle({ 'a/kustomization.yaml': 'a: 1\n', 'a/init-node-ecs.sh': '#!/bin/sh\n', 'b/kustomization.yaml': 'b: 2\n' });
    expect(writeBundle(after, out)).toEqual({ changed: true });

    expect(readTree(out)).toEqual(withManifest(after));
    expect(inode(path.join(out, 'a/kustomization.yaml'))).toBe(inodes['a/kustomization.yaml']);
    expect(inode(path.join(out, 'a/init-node-ecs.sh'))).toBe(inodes['a/init-node-ecs.sh']);
    expect(inode(path.join(out, 'b/kustomization.yaml'))).not.toBe(inodes['b/kustomization.yaml']);
    // Only one name left per file: the previous folder is gone, nothing beside the output folder.
    expect(fs.statSync(path.join(out, 'a/kustomization.yaml')).nlink).toBe(1);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
    expect(fs.statSync(path.join(out, 'a/init-node-ecs.sh')).mode & 0o111).not.toBe(0);
  });
});

describe('fillOutputFolder', () => {
  // writeBundle refuses an output folder holding a symbolic link (output.ts readTree); fillOutputFolder on its
  // own still never links through one.
  test('GIVEN a previous file that is a symbolic link with the same content WHEN filling THEN a regular file is written, not the link', () => {
    const root = tempDir('incremental');
    const previous = path.join(root, 'old');
    fs.mkdirSync(path.join(previous, 'a'), { recursive: true });
    fs.writeFileSync(path.join(root, 'elsewhere.yaml'), 'x: 1\n');
    fs.symlinkSync(path.join(root, 'elsewhere.yaml'), path.join(previous, 'a', 'kustomization.yaml'));
    const temp = path.join(root, 'new');
    const result = fillOutputFolder(temp, bundle({ 'a/kustomization.yaml': 'x: 1\n' }), {
      dir: previous,
      files: new Map([['a/kustomization.yaml', 'x: 1\n']]),
    });
    expect(result).toEqual({ written: 1, linked: 0 });
    expect(fs.lstatSync(path.join(temp, 'a', 'kustomization.yaml')).isFile()).toBe(true);
  });

  test('GIVEN no previous folder WHEN filling THEN every file is written', () => {
    const temp = path.join(tempDir('incremental'), 'new');
    expect(fillOutputFolder(temp, bundle({ 'a/x.yaml': '1', 'b/c/y.yaml': '2' }))).toEqual({ written: 2, linked: 0 });
    expect(readTree(temp)).toEqual(
      new Map([
        ['a/x.yaml', '1'],
        ['b/c/y.yaml', '2'],
      ]),
    );
  });
});

describe('removeOutputFolder', () => {
  test('GIVEN a folder with files it was told of and one it was not WHEN removed THEN nothing is left', () => {
    const dir = path.join(tempDir('incremental'), 'old');
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'b', 'known.yaml'), '');
    fs.writeFileSync(path.join(dir, 'a', 'unknown.yaml'), '');
    removeOutputFolder(dir, ['a/b/known.yaml']);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('abortWrite after a failed write', () => {
  test('GIVEN a write that failed midway WHEN another run holds the lock and Ctrl-C comes THEN abortWrite leaves that lock alone', () => {
    const dir = tempDir('abort');
    const out = path.join(dir, 'dist');
    // 'a' is a file and a folder at once: writing the temporary folder fails after the lock was taken.
    expect(() => writeBundle(bundle({ a: 'x\n', 'a/b.yaml': 'y\n' }), out)).toThrow();
    const lock = path.join(dir, '.dist.ack-hybrid-lock');
    expect(fs.existsSync(lock)).toBe(false);
    fs.mkdirSync(lock);
    abortWrite();
    expect(fs.existsSync(lock)).toBe(true);
  });
});
