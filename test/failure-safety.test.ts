/**
 * The output folder under failure: a synth killed at any moment, two synths at once, a lock left by a
 * dead process. The output folder must always hold one complete output, the old or the new.
 *
 * src/output.ts writes into a temporary sibling, then renames target → backup and temporary → target.
 * A kill between the two renames leaves only the backup; recoverOutput() (which synth runs first under
 * the lock) puts it back. These tests call it after each kill, as the next command would.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { recoverOutput } from '../src/output';
import { CLI, runCliAsync } from './support/cli';
import { cleanTempDirs, contentTree, tempDir } from './support/tree';

// Without gitops.path, which names the example's own folder: each generated cluster gets dist/<name>.
const BASE_CLUSTER = fs
  .readFileSync(path.join(__dirname, '..', 'clusters', 'idc-hangzhou.yaml'), 'utf8')
  .replace(/^  path: .*\n/m, '');
/** Enough clusters that writing takes a measurable while (350 files). */
const FLEET_SIZE = 50;
const KILL_RUNS = Number(process.env.KILL_RUNS ?? 30);

/** A folder of `FLEET_SIZE` cluster files; `variant` changes names and values, so outputs differ. */
function fleet(root: string, variant: 'old' | 'new'): string {
  const dir = path.join(root, `clusters-${variant}`);
  fs.mkdirSync(dir);
  for (let i = 0; i < FLEET_SIZE; i++) {
    // The new fleet renames a fifth of the clusters, so the swap must also drop old folders.
    const name = variant === 'new' && i % 5 === 0 ? `idc-renamed-${i}` : `idc-${i}`;
    let text = BASE_CLUSTER.replace(/^name: .*$/m, `name: ${name}`);
    if (variant === 'new') text = text.replace('maxPoolSize: 5', 'maxPoolSize: 7').replace('"1.30.4"', '"1.31.2"');
    fs.writeFileSync(path.join(dir, `${name}.yaml`), text);
  }
  return dir;
}

/** The siblings of the output folder that only an interrupted or running write leaves. */
function leftovers(parent: string): string[] {
  return fs.readdirSync(parent).filter((name) => name.includes('.ack-hybrid-')).sort();
}

function synthSync(clusters: string, out: string): void {
  const result = spawnSync(process.execPath, [CLI, 'synth', '--clusters', clusters, '--out', out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`synth failed: ${result.stderr}`);
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (!running(child)) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

// Every test here spawns synths of a 50-cluster fleet; on a loaded 2-core machine one can take seconds.
jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `file` exists (or, with `gone`, no longer does), or when the child has exited. */
async function until(file: string, child: ChildProcess, gone = false): Promise<void> {
  // Polled every millisecond: a busy loop would take the CPU the synth needs.
  while (fs.existsSync(file) === gone && running(child)) await sleep(1);
}

/** How long an uninterrupted synth holds the lock: reads the old output, writes the new, swaps. */
let lockedMs: number;
let root: string;
let oldClusters: string;
let newClusters: string;
let oldTree: Map<string, string>;
let newTree: Map<string, string>;
/** A pristine copy of the old output, to start each run from. */
let oldCopy: string;

beforeAll(() => {
  root = tempDir('failure');
  oldClusters = fleet(root, 'old');
  newClusters = fleet(root, 'new');
  // Named dist, as the outputs below: the GitOps paths follow the output folder's name.
  oldCopy = path.join(root, 'expected-old', 'dist');
  const newCopy = path.join(root, 'expected-new', 'dist');
  synthSync(oldClusters, oldCopy);
  synthSync(newClusters, newCopy);
  oldTree = contentTree(oldCopy)!;
  newTree = contentTree(newCopy)!;
  // One folder per cluster, plus gitops/ with the Argo CD bootstrap objects.
  expect(new Set([...oldTree.keys()].map((file) => file.split('/')[0])).size).toBe(FLEET_SIZE + 1);
  expect(newTree).not.toEqual(oldTree);
}, 60_000);

beforeAll(async () => {
  const dir = tempDir('calibrate');
  fs.cpSync(oldCopy, path.join(dir, 'dist'), { recursive: true });
  const lock = path.join(dir, '.dist.ack-hybrid-lock');
  const child = spawn(process.execPath, [CLI, 'synth', '--clusters', newClusters, '--out', path.join(dir, 'dist')], { stdio: 'ignore' });
  await until(lock, child);
  const taken = Date.now();
  await until(lock, child, true);
  lockedMs = Math.max(Date.now() - taken, 20);
  await exited(child);
}, 60_000);

afterAll(cleanTempDirs);

function oldOrNew(tree: Map<string, string> | undefined): 'old' | 'new' | 'neither' {
  if (tree === undefined) return 'neither';
  if (tree.size === oldTree.size && [...tree].every(([file, content]) => oldTree.get(file) === content)) return 'old';
  if (tree.size === newTree.size && [...tree].every(([file, content]) => newTree.get(file) === content)) return 'new';
  return 'neither';
}

describe('a synth killed with SIGKILL at a random moment', () => {
  /** One lane of kills in its own folder; two lanes run side by side to halve the wall time. */
  async function killRuns(lane: number, runs: number): Promise<string[]> {
    const workdir = path.join(root, `kill-${lane}`);
    fs.mkdirSync(workdir);
    const out = path.join(workdir, 'dist');
    const lock = path.join(workdir, '.dist.ack-hybrid-lock');
    const backup = path.join(workdir, '.dist.ack-hybrid-old');
    const outcomes: string[] = [];
    for (let run = 0; run < runs; run++) {
      // GIVEN the old output (and whatever the previous kill left beside it)
      fs.rmSync(out, { recursive: true, force: true });
      fs.cpSync(oldCopy, out, { recursive: true });
      const child = spawn(process.execPath, [CLI, 'synth', '--clusters', newClusters, '--out', out], { stdio: 'ignore' });
      // WHEN a synth of the new fleet is killed: anywhere while it holds the lock (reading, writing,
      // swapping), right after its first rename (removing the backup), or anywhere at all
      const strategy = run % 5;
      if (strategy <= 1) {
        await until(lock, child);
        await sleep(Math.floor(Math.random() * lockedMs * 1.2));
      } else if (strategy <= 3) {
        await until(backup, child);
        await sleep(Math.floor(Math.random() * 5));
      } else {
        await sleep(Math.floor(Math.random() * 1500));
      }
      child.kill('SIGKILL');
      const { signal } = await exited(child);
      const interruptedSwap = !fs.existsSync(out);
      // THEN after the recovery the next command runs first, the folder holds one complete output
      recoverOutput(out);
      const outcome = oldOrNew(contentTree(out));
      outcomes.push(`${outcome}${signal === 'SIGKILL' ? '' : ' (finished)'}${interruptedSwap ? ' (between renames)' : ''}`);
      expect({ lane, run, outcome }).toEqual({ lane, run, outcome: expect.stringMatching(/^(old|new)$/) });
    }
    // AND an uninterrupted synth afterwards writes the new output and cleans up every leftover
    fs.rmSync(out, { recursive: true, force: true });
    fs.cpSync(oldCopy, out, { recursive: true });
    const result = await runCliAsync(['synth', '--clusters', newClusters, '--out', out], { cwd: workdir });
    expect(result.status).toBe(0);
    expect(oldOrNew(contentTree(out))).toBe('new');
    expect(leftovers(workdir)).toEqual([]);
    return outcomes;
  }

  test(`leaves the old output or the new one, never a mix or nothing (${KILL_RUNS} kills)`, async () => {
    const lanes = await Promise.all([killRuns(0, Math.ceil(KILL_RUNS / 2)), killRuns(1, Math.floor(KILL_RUNS / 2))]);
    if (process.env.KILL_REPORT) fs.writeFileSync(process.env.KILL_REPORT, `locked ${lockedMs} ms\n${lanes.flat().join('\n')}\n`);
  }, 180_000);
});

describe('every state a kill can leave', () => {
  // Deterministic counterparts of the random kills: the states between the steps of writeBundle.
  function given(state: { target?: 'old' | 'new' | 'partial'; backup?: 'old' | 'partial'; temp?: boolean; lockPid?: number }) {
    const dir = tempDir('state');
    const out = path.join(dir, 'dist');
    const copy = (to: string, what: 'old' | 'new' | 'partial') => {
      fs.cpSync(what === 'new' ? path.join(root, 'expected-new', 'dist') : oldCopy, to, { recursive: true });
      if (what === 'partial') for (const name of fs.readdirSync(to).slice(0, 10)) fs.rmSync(path.join(to, name), { recursive: true });
    };
    if (state.target) copy(out, state.target);
    if (state.backup) copy(path.join(dir, '.dist.ack-hybrid-old'), state.backup);
    if (state.temp) copy(path.join(dir, '.dist.ack-hybrid-tmp-12345'), 'partial');
    if (state.lockPid !== undefined) {
      fs.mkdirSync(path.join(dir, '.dist.ack-hybrid-lock'));
      fs.writeFileSync(path.join(dir, '.dist.ack-hybrid-lock', 'pid'), String(state.lockPid));
    }
    return { dir, out };
  }

  test.each([
    { name: 'killed while writing the temporary folder', state: { target: 'old', temp: true, lockPid: deadPid() }, expected: 'old' },
    { name: 'killed between the two renames', state: { backup: 'old', lockPid: deadPid() }, expected: 'old' },
    { name: 'killed while removing the backup', state: { target: 'new', backup: 'partial', lockPid: deadPid() }, expected: 'new' },
  ] as const)('$name: recoverOutput gives the $expected output, then synth writes the new one', async ({ state, expected }) => {
    const { dir, out } = given(state);
    recoverOutput(out);
    expect(oldOrNew(contentTree(out))).toBe(expected);
    const result = await runCliAsync(['synth', '--clusters', newClusters, '--out', out], { cwd: dir });
    expect(result.status).toBe(0);
    expect(oldOrNew(contentTree(out))).toBe('new');
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('two synths at once', () => {
  test.each([['into an old output', true], ['into no output yet', false]])(
    '%s: both succeed and the folder holds exactly one of the two outputs',
    async (_name, withOld) => {
      const dir = tempDir('concurrent');
      const out = path.join(dir, 'dist');
      if (withOld) fs.cpSync(oldCopy, out, { recursive: true });
      const [a, b] = await Promise.all([
        runCliAsync(['synth', '--clusters', oldClusters, '--out', out], { cwd: dir }),
        runCliAsync(['synth', '--clusters', newClusters, '--out', out], { cwd: dir }),
      ]);
      expect([a.status, a.stderr, b.status, b.stderr]).toEqual([0, '', 0, '']);
      expect(oldOrNew(contentTree(out))).toMatch(/^(old|new)$/);
      expect(leftovers(dir)).toEqual([]);
    },
    60_000,
  );
});

describe('the lock', () => {
  test('a lock left by a killed process is taken over', async () => {
    const dir = tempDir('stale-lock');
    const out = path.join(dir, 'dist');
    fs.mkdirSync(path.join(dir, '.dist.ack-hybrid-lock'));
    fs.writeFileSync(path.join(dir, '.dist.ack-hybrid-lock', 'pid'), String(deadPid()));
    const result = await runCliAsync(['synth', '--clusters', oldClusters, '--out', out], { cwd: dir });
    expect(result.status).toBe(0);
    expect(oldOrNew(contentTree(out))).toBe('old');
    expect(leftovers(dir)).toEqual([]);
  });

  test('a lock without a pid (killed between mkdir and writing it) is taken over once it is old', async () => {
    const dir = tempDir('orphan-lock');
    const out = path.join(dir, 'dist');
    const lock = path.join(dir, '.dist.ack-hybrid-lock');
    fs.mkdirSync(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, minuteAgo, minuteAgo);
    const result = await runCliAsync(['synth', '--clusters', oldClusters, '--out', out], { cwd: dir });
    expect(result.status).toBe(0);
    expect(leftovers(dir)).toEqual([]);
  });

  test('a lock held by a live process is waited for, then taken over when that process dies', async () => {
    const dir = tempDir('live-lock');
    const out = path.join(dir, 'dist');
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    fs.mkdirSync(path.join(dir, '.dist.ack-hybrid-lock'));
    fs.writeFileSync(path.join(dir, '.dist.ack-hybrid-lock', 'pid'), String(holder.pid));
    const synth = runCliAsync(['synth', '--clusters', oldClusters, '--out', out], { cwd: dir });
    // The synth has had time to load and reach the lock; it must still be waiting, not writing.
    await sleep(2500);
    expect(fs.existsSync(out)).toBe(false);
    holder.kill('SIGKILL');
    await exited(holder);
    const result = await synth;
    expect(result.status).toBe(0);
    expect(oldOrNew(contentTree(out))).toBe('old');
  }, 30_000);
});

/** The pid of a process that has exited (and, on any normal system, not been reused yet). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}
