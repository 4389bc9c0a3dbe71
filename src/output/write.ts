/**
 * The output folder, replaced as a whole or not at all.
 *
 * A run writes the new files, one cluster at a time, into a temporary folder beside the target, then swaps
 * it in with two renames (target → backup, temporary → target) under a lock. A run killed at any moment leaves the old folder,
 * the new folder, or, only between the two renames, the old folder under the backup name, which the next
 * run (of any command) renames back before it does anything else. Stale clusters vanish with the swap.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Bundle } from '../build/bundle';
import { shownPath as shown } from '../config/load';
import { UserError } from '../config/problems';
import { isInside, realPath } from '../config/references';
import { fileType, readRegularFile } from '../fs/regular-file';
import { escapeForTerminal } from '../escape/terminal';
import { listOutput, OutputListing, readOutputFile } from './folder';
import { FolderWriter, removeOutputFolder } from './incremental';

export { MAX_OUTPUT_FILE_BYTES } from './folder';

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

/** One file of the new output folder: its content, or `carry`, a file of the current folder kept as it is, unread. */
export type OutputEntry = { readonly file: string; readonly content: string } | { readonly file: string; readonly carry: true };

/**
 * What a run writes, given the current folder's files (undefined when there is none): the top-level names of
 * the new folder, and its files in groups (one per cluster), taken one group at a time, so that the writer
 * holds one cluster's files, never the fleet's.
 */
export interface OutputPlan {
  tops(current: readonly string[] | undefined): ReadonlySet<string>;
  groups(current: readonly string[] | undefined): Iterable<readonly OutputEntry[]>;
}

/**
 * Writes `bundle` as the whole content of `outDir`. `inputs` are the files and folders the bundle was
 * made from (clusters folder, cluster files, files they name): the output folder may neither hold nor
 * lie inside any of them, since it is replaced as a whole.
 */
export function writeBundle(bundle: Bundle, outDir: string, inputs: readonly string[] = []): WriteResult {
  const top = (file: string) => file.split('/')[0];
  const plan: OutputPlan = {
    tops: () => new Set([...bundle.keys()].map(top)),
    groups: () => [[...bundle].map(([file, content]) => ({ file, content }))],
  };
  return writeOutput(plan, outDir, inputs);
}

/**
 * Writes what `plan` gives as the whole content of `outDir` (inputs: as writeBundle's). Under the lock, the
 * new files are first compared with the current folder's, one at a time: as long as they match, nothing is
 * written, and a folder already up to date is left untouched. From the first difference on, the temporary
 * folder is filled: what matched so far and every later unchanged file hard-linked from the current folder
 * (incremental.ts), the rest written. Then it is swapped in whole, as before.
 */
export function writeOutput(plan: OutputPlan, outDir: string, inputs: readonly string[] = []): WriteResult {
  const s = siblings(outDir);
  refuseDangerousTarget(s.target);
  refuseSymlinkTarget(s.target);
  refuseOverlap(s.target, inputs);
  refuseFileOnPath(s.target);
  fs.mkdirSync(path.dirname(s.target), { recursive: true });
  return withLock(s, () => {
    recoverInterruptedSwap(s);
    refuseNonFolder(s.target);
    const listing = listOutput(s.target);
    const current = listing === undefined ? undefined : new Set(listing.files);
    if (current !== undefined) refuseForeignContent(s.target, current, plan.tops(listing!.files));

    const temp = path.join(path.dirname(s.target), `${s.tempPrefix}${process.pid}`);
    /** The current folder's files not produced (yet): left at the end, they are removed, which is a change. */
    const remaining = new Set(current);
    /** Files found unchanged before the first difference: linked once there is one. */
    const matched: string[] = [];
    let writer: FolderWriter | undefined;
    const read = (file: string) => () => readOutputFile(s.target, file);
    const startWriting = (): FolderWriter => {
      fs.rmSync(temp, { recursive: true, force: true });
      inProgress = { temp, lock: s.lock };
      const started = new FolderWriter(temp, current === undefined ? undefined : { dir: s.target, regular: current });
      for (const file of matched.splice(0)) started.put(file, read(file), true);
      return started;
    };
    try {
      for (const group of plan.groups(listing?.files)) {
        for (const entry of group) {
          const existed = remaining.delete(entry.file);
          const unchanged = 'carry' in entry ? existed : existed && readOutputFile(s.target, entry.file) === entry.content;
          if (writer === undefined && unchanged) {
            matched.push(entry.file);
            continue;
          }
          writer ??= startWriting();
          writer.put(entry.file, 'carry' in entry ? read(entry.file) : entry.content, unchanged);
        }
      }
      if (writer === undefined && current !== undefined && remaining.size === 0) return { changed: false };
      writer ??= startWriting();
      writer.finish();
      swap(s, temp, current);
    } finally {
      // Done or failed, there is nothing left for Ctrl-C to abort: the lock is released by withLock, and a
      // later abortWrite must not remove a lock another run has taken since.
      inProgress = undefined;
      // A failed write (a full disk, a quota) must not leave the temporary folder filling the disk.
      removeQuietly(temp);
    }
    return { changed: true };
  });
}

/** The temporary folder and lock of a write not yet swapped in, for abortWrite(). */
let inProgress: { readonly temp: string; readonly lock: string } | undefined;

/**
 * The cleanup hook of the CLI's Ctrl-C handler: removes the temporary folder and the lock of a write that
 * has not been swapped in, so an interrupted run leaves the output folder as it was and nothing beside it.
 */
export function abortWrite(): void {
  if (inProgress === undefined) return;
  fs.rmSync(inProgress.temp, { recursive: true, force: true });
  fs.rmSync(inProgress.lock, { recursive: true, force: true });
  inProgress = undefined;
}

/** target → backup, temp → target; if the second rename fails, the first is undone at once. `current`: the target's files. */
function swap(s: Siblings, temp: string, current: ReadonlySet<string> | undefined): void {
  if (current !== undefined) fs.renameSync(s.target, s.backup);
  try {
    fs.renameSync(temp, s.target);
  } catch (error) {
    if (current !== undefined && !fs.existsSync(s.target)) fs.renameSync(s.backup, s.target);
    throw error;
  }
  if (current !== undefined) removeOutputFolder(s.backup, current.keys());
}

function removeQuietly(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // The error that got us here is the one to report; the next run removes stale temporary folders.
  }
}

/**
 * Every file under `dir` as relative path → content, or undefined when `dir` does not exist; refused as
 * folder.ts refuses: for tests and small folders (the commands read one file at a time).
 */
export function readTree(dir: string): Map<string, string> | undefined {
  const listing = listOutput(dir);
  if (listing === undefined) return undefined;
  return new Map(listing.files.map((file) => [file, readOutputFile(dir, file)]));
}

/**
 * The files of the output folder, for commands that only read it (diff, check). A folder that a killed run
 * left under the backup name is read there rather than renamed back: readers never write.
 */
export function readOutputListing(outDir: string): OutputListing | undefined {
  const s = siblings(outDir);
  for (const dir of [s.target, s.backup]) {
    if (!fs.existsSync(dir)) continue;
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) throw new UserError(`cannot read the output folder ${shown(dir)}: it is not a folder; name a folder with --out`);
    return listOutput(dir);
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

/**
 * `--out .` or `--out ..` would swap away the user's own work, `--out /usr/share` part of the system:
 * refuse folders that hold the working directory, system folders and the home folder itself.
 */
function refuseDangerousTarget(target: string): void {
  const cwd = process.cwd();
  const real = realPath(target);
  if (isInside(cwd, target) || isInside(realPath(cwd), real)) {
    throw new UserError(`refusing to write into ${shown(target)}: it contains the working directory; choose an output folder of its own, such as dist`);
  }
  const system = systemFolder(real);
  if (system !== undefined) {
    throw new UserError(`refusing to write into ${shown(target)}: ${system}; choose an output folder of its own, such as dist`);
  }
}

/** Folders that are the system's, and below which nothing is ours to replace. */
const SYSTEM_TREES = [
  '/usr',
  '/etc',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/boot',
  '/dev',
  '/proc',
  '/sys',
  '/System',
  '/Library',
  '/private/etc',
];
/** Folders that hold other people's folders: never the output folder themselves. */
const SYSTEM_FOLDERS = ['/', '/home', '/Users', '/root', '/var', '/opt', '/srv', '/mnt', '/media', '/run', '/tmp', '/private', '/private/tmp', '/private/var'];

function systemFolder(real: string): string | undefined {
  const tree = SYSTEM_TREES.find((t) => isInside(real, t));
  if (tree !== undefined) return `it is ${real === tree ? 'a system folder' : `inside the system folder ${tree}`}`;
  if (SYSTEM_FOLDERS.includes(real)) return 'it is a system folder';
  if (real === realPath(os.homedir())) return 'it is your home folder';
  if (real === realPath(os.tmpdir())) return 'it is the temporary folder itself';
  return undefined;
}

/** `--out notes.txt/dist`: a file where a folder on the way should be. */
function refuseFileOnPath(target: string): void {
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch {
      continue;
    }
    if (stat.isDirectory()) return;
    throw new UserError(`refusing to write into ${shown(target)}: ${shown(dir)} is ${fileType(stat)}, not a folder; choose an output folder, such as dist`);
  }
}

/**
 * The output folder is replaced by renaming a new folder onto its path: a symlink there would be replaced
 * by a folder, not written through. We refuse rather than follow it, so that what is replaced is always
 * what the user named.
 */
function refuseSymlinkTarget(target: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return;
  }
  if (!stat.isSymbolicLink()) return;
  let to: string;
  try {
    to = fs.readlinkSync(target);
  } catch {
    to = '?';
  }
  throw new UserError(
    `refusing to write into ${shown(target)}: it is a symbolic link (to ${JSON.stringify(escapeForTerminal(to))}), which synth would replace with a folder; name the folder itself with --out`,
  );
}

/**
 * The output folder is replaced as a whole: if it held an input (`--clusters gitops/rpm --out gitops`) the
 * input would be deleted; if it lay inside one (`--out clusters/dist`) the next run would read its own
 * output. Compared after resolving symlinks, both ways.
 */
export function refuseOverlap(target: string, inputs: readonly string[]): void {
  const out = realPath(target);
  for (const input of inputs) {
    const real = realPath(input);
    const inside = isInside(real, out);
    if (!inside && !isInside(out, real)) continue;
    const relation = inside
      ? `it holds ${shown(input)}${real !== path.resolve(input) ? ` (${shown(real)})` : ''}, an input of this run, which replacing it would delete`
      : `it lies inside ${shown(input)}, an input of this run`;
    throw new UserError(`refusing to write into ${shown(target)}: ${relation}; choose an output folder apart from the clusters folder and the files it names`);
  }
}

function refuseNonFolder(target: string): void {
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) {
    throw new UserError(`refusing to write into ${shown(target)}: it is ${fileType(fs.statSync(target))}, not a folder; choose an output folder, such as dist`);
  }
}

/**
 * The output folder is replaced whole, so it must hold only what ack-hybrid writes: folders with a
 * kustomization.yaml (earlier clusters) or names the new bundle writes too.
 */
function refuseForeignContent(target: string, current: Pick<ReadonlySet<string>, 'keys' | 'has'>, bundle: Pick<ReadonlySet<string>, 'keys'>): void {
  const top = (file: string) => file.split('/')[0];
  const ours = new Set([...bundle.keys()].map(top));
  for (const file of current.keys()) {
    if (file.includes('/') && current.has(`${top(file)}/kustomization.yaml`)) continue;
    if (ours.has(top(file))) continue;
    throw new UserError(
      `refusing to replace ${shown(target)}: it holds ${escapeForTerminal(top(file))}, which ack-hybrid did not write; move it away or choose another output folder`,
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
    // Through readRegularFile: a FIFO planted as the pid file must not hang every later run.
    const read = readRegularFile(path.join(lock, 'pid'), 64);
    if (read.kind !== 'ok') return undefined;
    const pid = Number(read.bytes.toString('utf8'));
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
