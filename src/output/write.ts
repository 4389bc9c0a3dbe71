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
import { compareStrings } from '../config/text';
import { fileType } from '../fs/regular-file';
import { escapeForTerminal } from '../escape/terminal';
import { listOutput, OutputListing, readOutputFile, sameOutputFile } from './folder';
import { FolderWriter, removeOutputFolder } from './incremental';
import { LockOptions, withLock as withFolderLock } from './lock';
import { MANIFEST_FILE, manifestText, parseManifest } from './manifest';

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
 * What a run writes, given the current folder's files (undefined when there is none) and the files the
 * manifest of the last synth lists (undefined without one): its files in groups (one per cluster), taken one
 * group at a time, so that the writer holds one cluster's files, never the fleet's. The manifest is added by
 * the writer.
 */
export interface OutputPlan {
  groups(current: readonly string[] | undefined, previous: ReadonlySet<string> | undefined): Iterable<readonly OutputEntry[]>;
}

/**
 * Writes `bundle` as the whole content of `outDir`. `inputs` are the files and folders the bundle was
 * made from (clusters folder, cluster files, files they name): the output folder may neither hold nor
 * lie inside any of them, since it is replaced as a whole.
 */
export function writeBundle(bundle: Bundle, outDir: string, inputs: readonly string[] = [], options: LockOptions = {}): WriteResult {
  const plan: OutputPlan = { groups: () => [[...bundle].filter(([file]) => file !== MANIFEST_FILE).map(([file, content]) => ({ file, content }))] };
  return writeOutput(plan, outDir, inputs, options);
}

/**
 * Writes what `plan` gives as the whole content of `outDir` (inputs: as writeBundle's). Under the lock, the
 * new files are first compared with the current folder's, one at a time: as long as they match, nothing is
 * written, and a folder already up to date is left untouched. From the first difference on, the temporary
 * folder is filled: what matched so far and every later unchanged file hard-linked from the current folder
 * (incremental.ts), the rest written, and last the manifest of every file written (manifest.ts). Then it is
 * swapped in whole, as before, unless the folder held something ack-hybrid cannot prove it wrote
 * (refuseForeignContent).
 */
export function writeOutput(plan: OutputPlan, outDir: string, inputs: readonly string[] = [], options: LockOptions = {}): WriteResult {
  const s = siblings(outDir);
  refuseDangerousTarget(s.target);
  refuseSymlinkTarget(s.target);
  refuseOverlap(s.target, inputs);
  refuseFileOnPath(s.target);
  fs.mkdirSync(path.dirname(s.target), { recursive: true });
  return withLock({ ...s, onWait: options.onWait }, () => {
    recoverInterruptedSwap(s);
    refuseNonFolder(s.target);
    const listing = listOutput(s.target);
    const current = listing === undefined ? undefined : new Set(listing.files);
    const previous = current?.has(MANIFEST_FILE) ? parseManifest(readOutputFile(s.target, MANIFEST_FILE)) : undefined;
    if (current?.has(MANIFEST_FILE) && previous === undefined) {
      refuse(s.target, MANIFEST_FILE, "a file by the name of ack-hybrid's manifest that ack-hybrid did not write");
    }
    /** Files of the folder ack-hybrid has not yet proven it wrote: the manifest lists them, or this run writes them again byte for byte. */
    const unproven = new Set([...(current ?? [])].filter((file) => file !== MANIFEST_FILE && previous?.has(file) !== true));
    /** Every file this run writes but the manifest, for the manifest. */
    const names: string[] = [];

    const temp = path.join(path.dirname(s.target), `${s.tempPrefix}${process.pid}`);
    /**
     * How many of the current folder's files were produced again: fewer at the end, and the others are removed,
     * which is a change. Counted, not a copy of the listing: no file is produced twice.
     */
    let reproduced = 0;
    /**
     * Files found unchanged before the first difference, linked once there is one: every file produced until
     * then, so the first `matched` of `names` (in the order produced; sorted only once every file produced
     * matched) and, past them, the manifest, which is produced last.
     */
    let matched = 0;
    let writer: FolderWriter | undefined;
    const read = (file: string) => () => readOutputFile(s.target, file);
    const startWriting = (): FolderWriter => {
      fs.rmSync(temp, { recursive: true, force: true });
      inProgress = { temp, lock: s.lock };
      const started = new FolderWriter(temp, current === undefined ? undefined : { dir: s.target, regular: current });
      for (let i = 0; i < matched; i++) {
        const file = i < names.length ? names[i] : MANIFEST_FILE;
        started.put(file, read(file), true);
      }
      return started;
    };
    const put = (entry: OutputEntry) => {
      const existed = current?.has(entry.file) === true;
      if (existed) reproduced++;
      const unchanged = 'carry' in entry ? existed : existed && sameOutputFile(s.target, entry.file, entry.content);
      if (unchanged) unproven.delete(entry.file);
      if (writer === undefined && unchanged) {
        matched++;
        return;
      }
      writer ??= startWriting();
      writer.put(entry.file, 'carry' in entry ? read(entry.file) : entry.content, unchanged);
    };
    try {
      for (const group of plan.groups(listing?.files, previous)) {
        for (const entry of group) {
          names.push(entry.file);
          put(entry);
        }
      }
      names.sort(compareStrings);
      // A file produced twice would be counted twice as reproduced (a bug of the plan, not the user's).
      for (let i = 1; i < names.length; i++) if (names[i] === names[i - 1]) throw new Error(`the output has ${names[i]} twice`);
      put({ file: MANIFEST_FILE, content: manifestText(names) });
      // Before anything is swapped: what the folder holds that ack-hybrid cannot prove it wrote stops the run.
      if (listing !== undefined) refuseForeignContent(listing, unproven, previous, names);
      if (writer === undefined && current !== undefined && reproduced === current.size) return { changed: false };
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
 * The output folder is replaced whole, so it may hold only what ack-hybrid can prove it wrote: the files the
 * manifest of the previous synth lists (manifest.ts), or files this run writes again with the same bytes
 * (nothing is lost by replacing them: an output folder from before manifests existed). Anything else, a
 * hand-written kustomize folder, notes, an empty folder, is refused by name, never deleted.
 */
function refuseForeignContent(
  listing: OutputListing,
  unproven: ReadonlySet<string>,
  previous: ReadonlySet<string> | undefined,
  written: readonly string[],
): void {
  const [file] = [...unproven].sort(compareStrings);
  if (file !== undefined) {
    refuse(
      listing.dir,
      file,
      previous === undefined
        ? `which ack-hybrid cannot tell it wrote (the folder has no ${MANIFEST_FILE} from an earlier synth)`
        : `which ack-hybrid did not write (${MANIFEST_FILE} of the last synth does not list it)`,
    );
  }
  // Folders that hold none of these files (an empty one made by hand) are not ours either.
  const needed = new Set<string>();
  for (const name of [...(previous ?? []), ...written]) {
    for (let slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) needed.add(name.slice(0, slash));
  }
  const stray = listing.folders.find((folder) => !needed.has(folder));
  if (stray !== undefined) refuse(listing.dir, `${stray}/`, 'a folder with no file ack-hybrid wrote');
}

function refuse(target: string, what: string, why: string): never {
  throw new UserError(
    `refusing to replace ${shown(target)}: it holds ${JSON.stringify(escapeForTerminal(what))}, ${why}; move it away or choose another output folder`,
  );
}

/** One writer at a time per output folder (lock.ts); the temporary folders of killed runs go once we hold it. */
function withLock<T>(s: Siblings & LockOptions, body: () => T): T {
  const underLock = () => {
    removeStaleTemps(s);
    return body();
  };
  return withFolderLock(s.lock, s.target, underLock, { onWait: s.onWait });
}

/** Temporary folders of killed runs: we hold the lock, so none of them is being written. */
function removeStaleTemps(s: Siblings): void {
  const parent = path.dirname(s.target);
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(s.tempPrefix)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}
