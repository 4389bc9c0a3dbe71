/**
 * Seeded random choices for tests, so that a failing run can be repeated exactly. The seed comes from
 * TEST_SEED when set, otherwise from the clock; it is printed either way.
 */

/** mulberry32: a tiny, well-known 32-bit generator; statistical quality is all a kill schedule needs. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: TEST_SEED (a whole number) or one drawn from the clock. */
export function testSeed(): number {
  const fromEnv = process.env.TEST_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new Error(`TEST_SEED must be a whole number from 0 to 4294967295, found ${JSON.stringify(fromEnv)}`);
    return seed;
  }
  return Date.now() % 0x100000000;
}

export interface SeededRandom {
  readonly seed: number;
  /** A whole number in [0, below). */
  int(below: number): number;
}

/** A generator for one test file; prints its seed and how to repeat the run. */
export function seededRandom(label: string, seed = testSeed()): SeededRandom {
  // console.log, not stdout: jest shows it next to the test file's name, also when the file fails.
  console.log(`${label}: random seed ${seed} (repeat with TEST_SEED=${seed})`);
  const next = mulberry32(seed);
  return { seed, int: (below) => Math.floor(next() * below) };
}
