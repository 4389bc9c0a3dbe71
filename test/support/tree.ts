/**
 * Byte-level snapshots of folders, to prove that a failed or killed run changed nothing.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree } from '../../src/output/write';

/** Relative path → sha256, mode and mtime of every entry under `dir` (folders too); undefined when missing. */
export function snapshotTree(dir: string): Map<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const entries = new Map<string, string>();
  const walk = (relative: string) => {
    const full = path.join(dir, relative);
    for (const name of fs.readdirSync(full).sort()) {
      const child = relative === '' ? name : `${relative}/${name}`;
      const stat = fs.lstatSync(path.join(dir, child));
      if (stat.isSymbolicLink()) {
        entries.set(child, `symlink=${fs.readlinkSync(path.join(dir, child))}`);
      } else if (stat.isDirectory()) {
        entries.set(`${child}/`, `dir mode=${stat.mode.toString(8)}`);
        walk(child);
      } else if (!stat.isFile()) {
        // A FIFO or a device (hostile-input tests): reading it would hang the test, its type is what counts.
        entries.set(child, `special mode=${stat.mode.toString(8)}`);
      } else {
        const hash = createHash('sha256')
          .update(fs.readFileSync(path.join(dir, child)))
          .digest('hex');
        entries.set(child, `sha256=${hash} mode=${stat.mode.toString(8)} mtime=${stat.mtimeMs}`);
      }
    }
  };
  walk('');
  return entries;
}

/** Relative path → content, without times or modes: for "is this the old or the new output?". */
export const contentTree = readTree;

/** A fresh temporary folder, removed after the test file (or earlier by `cleanTempDirs`). */
const created: string[] = [];
export function tempDir(prefix = 'test'): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `ack-hybrid-${prefix}-`));
  created.push(dir);
  return dir;
}

export function cleanTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// Every test file that uses tempDir cleans up after itself.
afterAll(cleanTempDirs);
