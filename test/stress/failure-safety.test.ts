/**
 * The output folder under failure, the heavy and timing-dependent cases (`npm run test:stress`): synths of
 * a 50-cluster fleet killed with SIGKILL at seeded random moments, two synths at once, a lock held by a
 * live process. The folder must always hold one complete output, the old or the new.
 *
 * Each kill aims at a phase of src/output/write.ts's writeBundle (while it holds the lock; while the backup
 * exists, i.e. between the renames or removing the backup; anywhere). To land there on a loaded machine,
 * the synth runs in short slices, stopped with SIGSTOP between them (support/failure.ts freezeInPhase):
 * each slice is timed synchronously, so neither the other lane's work nor the machine's load can let the
 * synth run past a phase unseen. Once it is stopped inside the phase and has run there for a random
 * dwell, it is killed, and the siblings it leaves must show that phase. A dwell longer than the phase is
 * retried with half the longest dwell, down to none; a run that misses every time fails.
 * A run prints its seed; TEST_SEED=<seed> repeats it, KILL_RUNS=<n> changes the number of kills.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { recoverOutput } from '../../src/output/write';
import { CLI, runCliAsync } from '../support/cli';
import { exited, freezeInPhase, leftovers, Outputs, siblingsOf, sleep, synthOutputs, until } from '../support/failure';
import { seededRandom } from '../support/random';
import { tempDir } from '../support/tree';

/** Enough clusters that writing takes a measurable while (350 files). */
const FLEET_SIZE = 50;
const KILL_RUNS = Number(process.env.KILL_RUNS ?? 30);
/** Tries per kill to land in the phase it aims at. */
const TRIES = 5;

// Every test here spawns synths of a 50-cluster fleet; on a loaded 2-core machine one can take seconds.
jest.setTimeout(120_000);

const random = seededRandom('failure-safety kills');
let outputs: Outputs;
/** How long an uninterrupted synth holds the lock: reads the old output, writes the new, swaps. */
let lockedMs: number;

beforeAll(async () => {
  outputs = synthOutputs(tempDir('failure'), FLEET_SIZE);
  const dir = tempDir('calibrate');
  const s = siblingsOf(dir);
  fs.cpSync(outputs.oldCopy, s.out, { recursive: true });
  const child = spawn(process.execPath, [CLI, 'synth', '--clusters', outputs.newClusters, '--out', s.out], { stdio: 'ignore' });
  await until(s.lock, child);
  const taken = Date.now();
  await until(s.lock, child, true);
  lockedMs = Math.max(Date.now() - taken, 20);
  await exited(child);
});

type Aim = 'locked' | 'swapping' | 'anywhere';

/** What the siblings of a killed synth show about where it was; the process is dead, so they are frozen. */
function phaseHit(workdir: string, signal: NodeJS.Signals | null): { locked: boolean; swapping: boolean; killed: boolean } {
  const s = siblingsOf(workdir);
  return { locked: fs.existsSync(s.lock), swapping: fs.existsSync(s.backup), killed: signal === 'SIGKILL' };
}

describe('a synth killed with SIGKILL at a random moment', () => {
  /** One lane of kills in its own folder; two lanes run side by side to halve the wall time. */
  async function killRuns(lane: number, runs: number): Promise<string[]> {
    const workdir = tempDir(`kill-${lane}`);
    const s = siblingsOf(workdir);
    const outcomes: string[] = [];
    for (let run = 0; run < runs; run++) {
      const aim: Aim = (['locked', 'locked', 'swapping', 'swapping', 'anywhere'] as const)[run % 5];
      let hit = false;
      for (let attempt = 1; attempt <= TRIES && !hit; attempt++) {
        // GIVEN the old output, and the temporary folder the previous kill may have left beside it; not its
        // lock, which would make the next kill's phase check see a lock the new synth never took
        // (taking over a dead process's lock is checked deterministically in test/failure-safety.test.ts)
        fs.rmSync(s.lock, { recursive: true, force: true });
        fs.rmSync(s.out, { recursive: true, force: true });
        fs.cpSync(outputs.oldCopy, s.out, { recursive: true });
        const child: ChildProcess = spawn(process.execPath, [CLI, 'synth', '--clusters', outputs.newClusters, '--out', s.out], { stdio: 'ignore' });
        // WHEN a synth of the new fleet is killed in the phase it aims at: frozen there (SIGSTOP) after a
        // random dwell, then killed, so that what it leaves is what the test saw. The longest dwell halves
        // with each missed try; the last try kills on the first look inside the phase.
        const shrink = attempt === TRIES ? 0 : 1 / 2 ** (attempt - 1);
        let frozenInPhase = true;
        if (aim === 'locked') {
          frozenInPhase = await freezeInPhase(
            child,
            () => fs.existsSync(s.lock),
            random.int(Math.ceil(lockedMs * shrink)),
            () => false,
          );
        } else if (aim === 'swapping') {
          frozenInPhase = await freezeInPhase(
            child,
            () => fs.existsSync(s.backup),
            random.int(Math.ceil(3 * shrink)),
            () => fs.existsSync(s.lock),
          );
        } else {
          await sleep(random.int(1500));
        }
        if (frozenInPhase) child.kill('SIGKILL');
        const { code, signal } = await exited(child);
        const phase = phaseHit(workdir, signal);
        hit = aim === 'anywhere' || (frozenInPhase && phase.killed && phase[aim]);
        // THEN after the recovery the next command runs first, the folder holds one complete output
        recoverOutput(s.out);
        const outcome = outputs.oldOrNew(s.out);
        const line = `lane ${lane} run ${run} try ${attempt} aim ${aim}: ${hit ? 'hit' : 'missed'}, ${outcome}${phase.killed ? '' : ` (finished first, exit ${code})`}`;
        outcomes.push(line);
        // Line by line, so that a failed run's report shows the tries before it
        if (process.env.KILL_REPORT) fs.appendFileSync(process.env.KILL_REPORT, `${line}\n`);
        expect({ lane, run, attempt, outcome }).toEqual({ lane, run, attempt, outcome: expect.stringMatching(/^(old|new)$/) });
      }
      // AND the kill landed where it aimed, on one of its tries
      expect({ lane, run, aim, hit }).toEqual({ lane, run, aim, hit: true });
    }
    // AND an uninterrupted synth afterwards writes the new output and cleans up every leftover
    fs.rmSync(s.out, { recursive: true, force: true });
    fs.cpSync(outputs.oldCopy, s.out, { recursive: true });
    const result = await runCliAsync(['synth', '--clusters', outputs.newClusters, '--out', s.out], { cwd: workdir });
    expect(result.status).toBe(0);
    expect(outputs.oldOrNew(s.out)).toBe('new');
    expect(leftovers(workdir)).toEqual([]);
    return outcomes;
  }

  test(`leaves the old output or the new one, never a mix or nothing (${KILL_RUNS} kills)`, async () => {
    const lanes = await Promise.all([killRuns(0, Math.ceil(KILL_RUNS / 2)), killRuns(1, Math.floor(KILL_RUNS / 2))]);
    const missed = lanes.flat().filter((line) => line.includes(': missed')).length;
    console.log(
      `${KILL_RUNS} kills, each in its aimed phase; ${missed} extra tries after dwells longer than the phase (seed ${random.seed}, lock held ${lockedMs} ms)`,
    );
  }, 600_000);
});

describe('two synths at once', () => {
  test.each([
    ['into an old output', true],
    ['into no output yet', false],
  ])('GIVEN two synths %s WHEN they run at once THEN both succeed and the folder holds exactly one of the two outputs', async (_name, withOld) => {
    const dir = tempDir('concurrent');
    const { out } = siblingsOf(dir);
    if (withOld) fs.cpSync(outputs.oldCopy, out, { recursive: true });
    const [a, b] = await Promise.all([
      runCliAsync(['synth', '--clusters', outputs.oldClusters, '--out', out], { cwd: dir }),
      runCliAsync(['synth', '--clusters', outputs.newClusters, '--out', out], { cwd: dir }),
    ]);
    expect([a.status, b.status]).toEqual([0, 0]);
    // The one that found the lock taken says whom it waits for (issue 20: a waiting run names its owner).
    const waiting = /^waiting for another ack-hybrid \(pid [0-9]+[^)]*\), which is writing dist \(lock \.dist\.ack-hybrid-lock\); at most a minute\n$/;
    for (const stderr of [a.stderr, b.stderr]) expect(stderr === '' || waiting.test(stderr)).toBe(true);
    expect([a.stderr, b.stderr].filter((stderr) => stderr !== '').length).toBeLessThanOrEqual(1);
    expect(outputs.oldOrNew(out)).toMatch(/^(old|new)$/);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('the lock', () => {
  test('GIVEN a lock held by a live process WHEN synth runs THEN it waits, and takes over when that process dies', async () => {
    const dir = tempDir('live-lock');
    const { out, lock } = siblingsOf(dir);
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, 'pid'), String(holder.pid));
    const synth = runCliAsync(['synth', '--clusters', outputs.oldClusters, '--out', out], { cwd: dir });
    // Timing, hence here and not in the fast suite: the synth has had time to load and reach the lock;
    // it must still be waiting, not writing.
    await sleep(2500);
    expect(fs.existsSync(out)).toBe(false);
    holder.kill('SIGKILL');
    await exited(holder);
    const result = await synth;
    expect(result.status).toBe(0);
    expect(outputs.oldOrNew(out)).toBe('old');
  });
});
