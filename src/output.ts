/**
 * The output folder, replaced as a whole or not at all.
 *
 * A run writes the bundle into a temporary folder beside the target, then swaps it in with two renames
 * (target → backup, temporary → target) under a lock. A run killed at any moment leaves the old folder,
 * the new folder, or, only between the two renames, the old folder under the backup name, which the next
 * run (of any command) renames back before it does anything else. Stale clusters vanish with the swap.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Bundle } from './bundle';
import { compareStrings, UserError } from './config/problems';
import { fillOutputFolder, removeOutputFolder } from './output-incremental';

export interface WriteResult {
  /** False when the folder already held exactly the bundle, and nothing was touched. */
  readonly changed: boolean;
}

interface Siblings {
  readonly target: string;
  readonly backup: string;
  readonly lock: string;
  readonly tempPrefix: string;
}

function siblings(outDir: string): Siblings {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  return {
    target,
    backup: path.join(parent, `.${base}.ack-hybrid-old`),
    lock: path.join(parent, `.${base}.ack-hybrid-lock`),
    tempPrefix: `.${base}.ack-hybrid-tmp-`,
  };
}

/** Writes `bundle` as the whole content of `outDir`. */
export function writeBundle(bundle: Bundle, outDir: string): WriteResult {
  const s = siblings(outDir);
  refuseDangerousTarget(s.target);
  fs.mkdirSync(path.dirname(s.target), { recursive: true });
  return withLock(s, () => {
    recoverInterruptedSwap(s);
    refuseNonFolder(s.target);
    const current = readTree(s.target);
    if (current !== undefined && sameContent(current, bundle)) return { changed: false };
    if (current !== undefined) refuseForeignContent(s.target, current, bundle);

    const temp = path.join(path.dirname(s.target), `${s.tempPrefix}${process.pid}`);
    fs.rmSync(temp, { recursive: true, force: true });
    // Unchanged files are hard-linked from the current folder, not written again (output-incremental.ts).
    fillOutputFolder(temp, bundle, current === undefined ? undefined : { dir: s.target, files: current });
    if (current !== undefined) fs.renameSync(s.target, s.backup);
    fs.renameSync(temp, s.target);
    if (current !== undefined) removeOutputFolder(s.backup, current.keys());
    return { changed: true };
  });
}

/** Every file under `dir` as relative path → content, or undefined when `dir` does not exist. */
export function readTree(dir: string): Map<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return new Map([...files].sort(([a], [b]) => compareStrings(a, b)));
}

/**
 * What the output folder holds, for commands that only read it (diff, check). A folder that a killed run
 * left under the backup name is read there rather than renamed back: readers never write.
 */
export function readOutput(outDir: string): Map<string, string> | undefined {
  const s = siblings(outDir);
  for (const dir of [s.target, s.backup]) {
    if (!fs.existsSync(dir)) continue;
    if (!fs.statSync(dir).isDirectory()) throw new UserError(`cannot read the output folder ${dir}: it is not a folder; name a folder with --out`);
    return readTree(dir);
  }
  return undefined;
}

/**
 * Puts back an output folder that a run killed between its two renames left under the backup name,
 * under the lock (a running synth may be between its renames). synth does this first; diff and check
 * never write, so they read the backup in place instead (readOutput).
 */
export function recoverOutput(outDir: string): void {
  const s = siblings(outDir);
  if (!fs.existsSync(s.backup)) return;
  withLock(s, () => recoverInterruptedSwap(s));
}

/** Puts back an output folder that a killed run left under the backup name; the caller holds the lock. */
export function recoverInterruptedSwap(outDir: string | Siblings): void {
  const s = typeof outDir === 'string' ? siblings(outDir) : outDir;
  if (!fs.existsSync(s.backup)) return;
  if (fs.existsSync(s.target)) fs.rmSync(s.backup, { recursive: true, force: true });
  else fs.renameSync(s.backup, s.target);
}

function sameContent(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [file, content] of a) if (b.get(file) !== content) return false;
  return true;
}

/** `--out .` or `--out ..` would swap away the user's own work: refuse folders that hold the working directory. */
function refuseDangerousTarget(target: string): void {
  const cwd = process.cwd();
  const relative = path.relative(target, cwd);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
    throw new UserError(`refusing to write into ${target}: it contains the working directory; choose an output folder of its own, such as dist`);
  }
}

function refuseNonFolder(target: string): void {
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) {
    throw new UserError(`refusing to write into ${target}: it is a file, not a folder; choose an output folder, such as dist`);
  }
}

/**
 * The output folder is replaced whole, so it must hold only what ack-hybrid writes: folders with a
 * kustomization.yaml (earlier clusters) or names the new bundle writes too.
 */
function refuseForeignContent(target: string, current: ReadonlyMap<string, string>, bundle: Bundle): void {
  const top = (file: string) => file.split('/')[0];
  const ours = new Set([...bundle.keys()].map(top));
  for (const file of current.keys()) {
    if (file.includes('/') && current.has(`${top(file)}/kustomization.yaml`)) continue;
    if (ours.has(top(file))) continue;
    throw new UserError(
      `refusing to replace ${target}: it holds ${top(file)}, which ack-hybrid did not write; move it away or choose another output folder`,
    );
  }
}

const LOCK_WAIT_MS = 60_000;
/** A lock with no pid in it this long was left by a process killed between mkdir and writing its pid. */
const ORPHAN_LOCK_MS = 5_000;

/** One writer at a time per output folder; a lock left by a killed process is taken over. */
function withLock<T>(s: Siblings, body: () => T): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(s.lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLockOwner(s.lock);
      if (isStale(s.lock, owner)) {
        removeStaleLock(s.lock, owner);
        continue;
      }
      if (Date.now() > deadline) {
        throw new UserError(`another ack-hybrid (pid ${owner ?? 'unknown'}) has been writing ${s.target} for a minute; if none runs, remove ${s.lock}`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    fs.writeFileSync(path.join(s.lock, 'pid'), String(process.pid));
    removeStaleTemps(s);
    return body();
  } finally {
    fs.rmSync(s.lock, { recursive: true, force: true });
  }
}

function isStale(lock: string, owner: number | undefined): boolean {
  return owner !== undefined ? !isAlive(owner) : lockAgeMs(lock) > ORPHAN_LOCK_MS;
}

/**
 * Removes a lock left by a dead process. Two runs may find the same stale lock, and the slower one must
 * not remove the lock the faster one has taken meanwhile: the removal happens under a short-lived second
 * lock, and only while the lock still names the same dead owner.
 */
function removeStaleLock(lock: string, staleOwner: number | undefined): void {
  const guard = `${lock}-takeover`;
  try {
    fs.mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Held for microseconds; one this old was left by a process killed while holding it.
    if (lockAgeMs(guard) > ORPHAN_LOCK_MS) fs.rmSync(guard, { recursive: true, force: true });
    return;
  }
  try {
    const owner = readLockOwner(lock);
    if (owner === staleOwner && fs.existsSync(lock) && isStale(lock, owner)) fs.rmSync(lock, { recursive: true, force: true });
  } finally {
    fs.rmSync(guard, { recursive: true, force: true });
  }
}

function readLockOwner(lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    // The owner may be between mkdir and writing its pid: treat it as alive for now.
    return undefined;
  }
}

function lockAgeMs(lock: string): number {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary folders of killed runs: we hold the lock, so none of them is being written. */
function removeStaleTemps(s: Siblings): void {
  const parent = path.dirname(s.target);
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(s.tempPrefix)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}
