/**
 * The output folder under failure, the deterministic cases: every state a killed synth can leave (built
 * by hand, one per step of src/output/write.ts's writeBundle), and locks left by dead processes. After each,
 * the folder must hold one complete output, the old or the new, and a synth must finish the job.
 *
 * The random SIGKILLs, two synths at once and a lock held by a live process are in
 * test/stress/failure-safety.test.ts (`npm run test:stress`): they take minutes or depend on timing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { recoverOutput } from '../src/output/write';
import { runCliAsync } from './support/cli';
import { deadPid, leftovers, Outputs, siblingsOf, synthOutputs } from './support/failure';
import { tempDir } from './support/tree';

/** Small: the states are built by hand, so the size of the fleet does not matter, only that it has folders. */
const FLEET_SIZE = 3;

let outputs: Outputs;

beforeAll(() => {
  outputs = synthOutputs(tempDir('failure'), FLEET_SIZE);
});

type Content = 'old' | 'new' | 'partial';

/** A folder with the siblings a synth killed at one step leaves; the lock names a dead process. */
function given(state: { target?: Content; backup?: Content; temp?: boolean; lockPid?: number }) {
  const dir = tempDir('state');
  const s = siblingsOf(dir);
  const copy = (to: string, what: Content) => {
    fs.cpSync(what === 'new' ? outputs.newCopy : outputs.oldCopy, to, { recursive: true });
    // A partial copy: the first two folders are missing, as if writing or removing stopped halfway.
    if (what === 'partial') for (const name of fs.readdirSync(to).sort().slice(0, 2)) fs.rmSync(path.join(to, name), { recursive: true });
  };
  if (state.target) copy(s.out, state.target);
  if (state.backup) copy(s.backup, state.backup);
  if (state.temp) copy(path.join(dir, `${s.tempPrefix}12345`), 'partial');
  if (state.lockPid !== undefined) {
    fs.mkdirSync(s.lock);
    fs.writeFileSync(path.join(s.lock, 'pid'), String(state.lockPid));
  }
  return { dir, out: s.out };
}

describe('every state a kill can leave', () => {
  test.each([
    { name: 'killed while writing the temporary folder', state: { target: 'old', temp: true, lockPid: deadPid() }, expected: 'old' },
    { name: 'killed between the two renames', state: { backup: 'old', lockPid: deadPid() }, expected: 'old' },
    { name: 'killed while removing the backup', state: { target: 'new', backup: 'partial', lockPid: deadPid() }, expected: 'new' },
  ] as const)(
    'GIVEN $name WHEN recoverOutput runs THEN the folder holds the $expected output, and a synth then writes the new one',
    async ({ state, expected }) => {
      const { dir, out } = given(state);
      recoverOutput(out);
      expect(outputs.oldOrNew(out)).toBe(expected);
      const result = await runCliAsync(['synth', '--clusters', outputs.newClusters, '--out', out], { cwd: dir });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect(outputs.oldOrNew(out)).toBe('new');
      expect(leftovers(dir)).toEqual([]);
    },
  );
});

describe('the lock', () => {
  test('GIVEN a lock left by a killed process WHEN synth runs THEN it takes the lock over and writes', async () => {
    const { dir, out } = given({ lockPid: deadPid() });
    const result = await runCliAsync(['synth', '--clusters', outputs.oldClusters, '--out', out], { cwd: dir });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(outputs.oldOrNew(out)).toBe('old');
    expect(leftovers(dir)).toEqual([]);
  });

  test('GIVEN a lock without a pid (killed between mkdir and writing it), a minute old WHEN synth runs THEN it takes it over', async () => {
    const dir = tempDir('orphan-lock');
    const { out, lock } = siblingsOf(dir);
    fs.mkdirSync(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, minuteAgo, minuteAgo);
    const result = await runCliAsync(['synth', '--clusters', outputs.oldClusters, '--out', out], { cwd: dir });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(outputs.oldOrNew(out)).toBe('old');
    expect(leftovers(dir)).toEqual([]);
  });
});
