/**
 * Shared by the fast failure-safety tests (test/failure-safety.test.ts) and the stress kills
 * (test/stress/failure-safety.test.ts): fleets of cluster files whose outputs differ, and the question
 * "does this folder hold the old output, the new one, or neither?".
 *
 * src/output/write.ts writes into a temporary sibling, then renames target → backup and temporary → target,
 * under a lock folder. These names are its siblings.
 */
import { ChildProcess, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from './cli';
import { exampleYaml, renamedExample } from './clusters';
import { contentTree } from './tree';

/** The siblings src/output/write.ts makes beside an output folder named `dist`. */
export function siblingsOf(workdir: string): { out: string; lock: string; backup: string; tempPrefix: string } {
  return {
    out: path.join(workdir, 'dist'),
    lock: path.join(workdir, '.dist.ack-hybrid-lock'),
    backup: path.join(workdir, '.dist.ack-hybrid-old'),
    tempPrefix: '.dist.ack-hybrid-tmp-',
  };
}

/**
 * A folder of `size` cluster files; `variant` changes names and values, so the outputs differ. Without
 * gitops.path, which names the example's own folder: each generated cluster gets dist/<name>.
 */
export function writeVariantFleet(root: string, variant: 'old' | 'new', size: number): string {
  const base = exampleYaml().replace(/^ {2}path: .*\n/m, '');
  const dir = path.join(root, `clusters-${variant}`);
  fs.mkdirSync(dir);
  for (let i = 0; i < size; i++) {
    // The new fleet renames a fifth of the clusters, so the swap must also drop old folders.
    const name = variant === 'new' && i % 5 === 0 ? `idc-renamed-${i}` : `idc-${i}`;
    // Each its own ACK cluster ID and script URL (renamedExample): a folder may share neither.
    let text = renamedExample(name, base);
    if (variant === 'new') text = text.replace('maxPoolSize: 5', 'maxPoolSize: 7');
    fs.writeFileSync(path.join(dir, `${name}.yaml`), text);
  }
  return dir;
}

/** The siblings of the output folder that only an interrupted or running write leaves. */
export function leftovers(parent: string): string[] {
  return fs
    .readdirSync(parent)
    .filter((name) => name.includes('.ack-hybrid-'))
    .sort();
}

export function synthSync(clusters: string, out: string): void {
  const result = runCli(['synth', '--clusters', clusters, '--out', out]);
  if (result.status !== 0) throw new Error(`synth failed (${result.status}): ${result.stderr}`);
}

export const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (!running(child)) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `file` exists (or, with `gone`, no longer does), or when the child has exited. */
export async function until(file: string, child: ChildProcess, gone = false): Promise<void> {
  // Polled every millisecond: a busy loop would take the CPU the synth needs.
  while (fs.existsSync(file) === gone && running(child)) await sleep(1);
}

/** The pid of a process that has exited (and, on any normal system, not been reused yet). */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** The two outputs a folder may hold, synthesized once from two fleets of `size` clusters. */
export interface Outputs {
  readonly oldClusters: string;
  readonly newClusters: string;
  /** Pristine copies, to start each case from. */
  readonly oldCopy: string;
  readonly newCopy: string;
  /** Which of the two `dir` holds, comparing every file and byte. */
  oldOrNew(dir: string): 'old' | 'new' | 'neither';
}

export function synthOutputs(root: string, size: number): Outputs {
  const oldClusters = writeVariantFleet(root, 'old', size);
  const newClusters = writeVariantFleet(root, 'new', size);
  // Named dist, as the outputs the tests write: the GitOps paths follow the output folder's name.
  const oldCopy = path.join(root, 'expected-old', 'dist');
  const newCopy = path.join(root, 'expected-new', 'dist');
  synthSync(oldClusters, oldCopy);
  synthSync(newClusters, newCopy);
  const oldTree = contentTree(oldCopy)!;
  const newTree = contentTree(newCopy)!;
  // One folder per cluster, plus gitops/ with the Argo CD bootstrap objects; and the two really differ.
  const folders = new Set([...oldTree.keys()].filter((file) => file.includes('/')).map((file) => file.split('/')[0]));
  if (folders.size !== size + 1) throw new Error(`expected ${size + 1} folders in the old output, found ${folders.size}`);
  if (sameTree(oldTree, newTree)) throw new Error('the old and the new fleet synthesize the same output');
  return {
    oldClusters,
    newClusters,
    oldCopy,
    newCopy,
    oldOrNew(dir) {
      const tree = contentTree(dir);
      if (tree === undefined) return 'neither';
      if (sameTree(tree, oldTree)) return 'old';
      if (sameTree(tree, newTree)) return 'new';
      return 'neither';
    },
  };
}

function sameTree(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([file, content]) => b.get(file) === content);
}

/**
 * The kernel's state letters of every thread of a process (/proc/<pid>/task/<tid>/stat, Linux only), or
 * undefined once it is gone. The letter follows the command name, which is in parentheses and may hold any.
 */
function threadStates(pid: number): string[] | undefined {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return stat.charAt(stat.lastIndexOf(')') + 2);
    });
  } catch {
    return undefined;
  }
}

/**
 * Waits, without yielding to the event loop, until the kernel reports every thread of the child stopped
 * (after a SIGSTOP), so that what the file system shows is frozen: a SIGKILL now leaves exactly that.
 * False once the child has exited (a zombie until Node reaps it, which cannot happen while this runs).
 */
function waitStopped(pid: number): boolean {
  const deadline = performance.now() + 5_000;
  for (;;) {
    const states = threadStates(pid);
    if (states === undefined || states.some((state) => state === 'Z' || state === 'X')) return false;
    if (states.every((state) => state === 'T' || state === 't')) return true;
    // A thread in uninterruptible I/O stops when the I/O ends: microseconds, at most milliseconds.
    if (performance.now() > deadline) throw new Error(`process ${pid} did not stop within 5 s of SIGSTOP`);
  }
}

/**
 * Lets a stopped child run for about `microseconds`, then stops it again. Synchronous on purpose: nothing
 * else the test process does (the other lane copying a folder, a timer, jest itself) can run in between
 * and lengthen the slice. False if the child exited.
 */
function runSlice(child: ChildProcess, pid: number, microseconds: number): boolean {
  child.kill('SIGCONT');
  const end = performance.now() + microseconds / 1000;
  while (performance.now() < end) {
    // spin: the slice's length is the point
  }
  child.kill('SIGSTOP');
  return waitStopped(pid);
}

/**
 * Runs a started child in short slices, stopped (SIGSTOP) between them, until it is stopped inside a phase
 * (`inPhase` holds while it is stopped) and has run at least `dwellMs` inside it. True with the child
 * stopped in the phase; false, with the child running again, if the phase ended before the dwell or the
 * child exited. Slices last 1 ms, or 0.1 ms once `near` holds or the phase has begun: short enough not to
 * step over a phase of a few file operations. Between slices the child stays stopped while the event loop
 * turns. Why not poll a running child: on a loaded machine the test's own delays outlast such a phase.
 */
export async function freezeInPhase(child: ChildProcess, inPhase: () => boolean, dwellMs: number, near: () => boolean = () => true): Promise<boolean> {
  const pid = child.pid;
  if (pid === undefined || !running(child) || !child.kill('SIGSTOP') || !waitStopped(pid)) return false;
  /** Milliseconds the child has run inside the phase, once it is seen there. */
  let dwelt: number | undefined;
  for (;;) {
    if (inPhase()) {
      dwelt ??= 0;
      if (dwelt >= dwellMs) return true;
    } else if (dwelt !== undefined) {
      child.kill('SIGCONT');
      return false;
    }
    const microseconds = dwelt !== undefined || near() ? 100 : 1000;
    if (!runSlice(child, pid, microseconds)) return false;
    if (dwelt !== undefined) dwelt += microseconds / 1000;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
