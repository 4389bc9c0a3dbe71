/**
 * `npm run bench`: what each command costs on generated fleets, as CPU time next to a floor program that does
 * the least any program must to give the same answer (bench/floor.ts), and the start-up of one small run.
 * Writes bench/RESULTS.md. Every figure is a median over runs, each run a new process as users run it, each
 * paired with its floor run just before it: other work on a shared machine changes both alike, so the ratio
 * holds still where the seconds do not.
 *
 * Fleets (bench/fleet.ts): valid at any size, two clusters in three with a `gitops:` section (Argo CD and
 * Flux in turn), every tenth with node pools. For each size:
 *
 *   validate                 / floor parse  (read and parse every cluster file)
 *   check, diff (up to date) / floor read   (parse, then read back every output file)
 *   synth (up to date)       / floor read
 *   synth (fresh)            / floor write  (parse, then write the same bytes into a new folder)
 *
 * CPU is user + system time of the process (/usr/bin/time %U %S), peak memory its maximum resident set size
 * (%M). Linear growth shows as the same milliseconds per cluster at every size.
 *
 * Start-up: the installed command (bin/ack-hybrid.js, with V8's code cache, warmed by one run first) next to
 * the bundle run without it (`node build/ack-hybrid.js`), `npm run synth`, all against `node -e 0`.
 * Incremental: in a fleet of 1,000, one cluster file changed, then synth, paired with a `check` of that state.
 *
 * Environment: BENCH_SIZES (comma-separated fleet sizes, default 1000,10000), BENCH_RUNS (pairs per command,
 * default 3), BENCH_LARGE (a size to run synth and check once each, for peak memory only, such as 50000).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFleet } from './fleet';

const ROOT = path.resolve(__dirname, '..');
/** The installed command: the launcher with the code cache. */
const CLI = path.join(ROOT, 'bin', 'ack-hybrid.js');
/** The bundle alone: what start-up costs without the code cache. */
const BUNDLE = path.join(ROOT, 'build', 'ack-hybrid.js');
/** bench/floor.ts, bundled beside this script by `npm run bench`. */
const FLOOR = path.join(ROOT, 'build', 'floor.js');
const TIME = '/usr/bin/time';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const LARGE = process.env.BENCH_LARGE === undefined ? undefined : Number(process.env.BENCH_LARGE);

interface Sample {
  readonly wall: number;
  /** User + system CPU seconds, from /usr/bin/time. */
  readonly cpu: number;
  /** Peak resident set size, MiB. */
  readonly peakMiB: number;
}

/** Runs a command to completion under /usr/bin/time; exit 1 is accepted from check and diff (differences found). */
function measure(command: string, args: readonly string[], cwd = ROOT): Sample {
  const start = process.hrtime.bigint();
  const result = spawnSync(TIME, ['-f', 'BENCH-TIME %U %S %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const differs = result.status === 1 && (args.includes('check') || args.includes('diff'));
  if (result.status !== 0 && !differs) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-4000)}`);
  const time = /BENCH-TIME ([0-9.]+) ([0-9.]+) ([0-9]+)/.exec(result.stderr ?? '');
  if (!time) throw new Error(`no timing from ${TIME}: ${result.stderr.slice(-2000)}`);
  return { wall, cpu: Number(time[1]) + Number(time[2]), peakMiB: Number(time[3]) / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const node = process.execPath;

interface Paired {
  readonly command: string;
  readonly floor: string;
  readonly clusters: number;
  /** Medians of the command's CPU seconds, its floor's, and of the per-pair ratios. */
  readonly cpu: number;
  readonly floorCpu: number;
  readonly ratio: number;
  readonly spread: readonly [number, number];
  readonly peakMiB: number;
  readonly floorPeakMiB: number;
}

/**
 * `runs` pairs: `prepare` (not measured), then the floor and the command, in turn first. The ratio is taken per pair.
 */
function paired(
  label: string,
  floorLabel: string,
  clusters: number,
  floor: () => Sample,
  command: () => Sample,
  /** Run before each pair (not between its two sides). */
  prepare: () => void = () => undefined,
): Paired {
  const pairs: { floor: Sample; command: Sample }[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Alternate which side goes first, so neither always meets the caches (or the debris) the other left.
    const first = run % 2 === 0 ? floor : command;
    const second = run % 2 === 0 ? command : floor;
    prepare();
    const a = first();
    const b = second();
    pairs.push(run % 2 === 0 ? { floor: a, command: b } : { floor: b, command: a });
  }
  const ratios = pairs.map((p) => p.command.cpu / p.floor.cpu);
  const row: Paired = {
    command: label,
    floor: floorLabel,
    clusters,
    cpu: median(pairs.map((p) => p.command.cpu)),
    floorCpu: median(pairs.map((p) => p.floor.cpu)),
    ratio: median(ratios),
    spread: [Math.min(...ratios), Math.max(...ratios)],
    peakMiB: Math.max(...pairs.map((p) => p.command.peakMiB)),
    floorPeakMiB: Math.max(...pairs.map((p) => p.floor.peakMiB)),
  };
  process.stderr.write(
    `${clusters} clusters, ${label}: ${row.cpu.toFixed(1)} s CPU, ${row.ratio.toFixed(2)}x ${floorLabel} (${row.spread.map((r) => r.toFixed(2)).join(' to ')}), peak ${row.peakMiB.toFixed(0)} MiB\n`,
  );
  return row;
}

/** Every command on a fleet of `size`, each against its floor. */
function benchFleet(work: string, size: number): Paired[] {
  const dir = path.join(work, `fleet-${size}`);
  const clusters = path.join(dir, 'clusters');
  const out = path.join(dir, 'dist');
  writeFleet(clusters, size);
  const cli =
    (command: string, target = out) =>
    () =>
      measure(node, [CLI, command, '--clusters', clusters, '--out', target]);
  measure(node, [CLI, 'synth', '--clusters', clusters, '--out', out]);
  const pack = path.join(dir, 'dist.pack');
  measure(node, [FLOOR, 'pack', out, pack]);
  // Each side of the fresh-synth pair writes its own new folder, and both are removed (and the removal flushed)
  // before the pair, never between its sides: writes that follow the removal of a large folder pay for it in system
  // time (by hand at 10,000 clusters: 45 s of CPU for a fresh synth on a settled file system, 93 s right after the
  // floor's 1.1 GB folder was removed, and the floor alike), so neither side may run right after the other's removal.
  const freshFloor = path.join(dir, 'fresh-floor');
  const fresh = path.join(dir, 'fresh');
  const removeFresh = () => {
    for (const folder of [fresh, freshFloor]) fs.rmSync(folder, { recursive: true, force: true });
    spawnSync('sync', [], { stdio: 'ignore' });
  };
  const floorParse = () => measure(node, [FLOOR, 'parse', clusters]);
  const floorRead = () => measure(node, [FLOOR, 'read', clusters, out]);
  const floorWrite = () => measure(node, [FLOOR, 'write', clusters, pack, freshFloor]);
  const rows = [
    paired('validate', 'floor parse', size, floorParse, () => measure(node, [CLI, 'validate', '--clusters', clusters])),
    paired('check (up to date)', 'floor read', size, floorRead, cli('check')),
    paired('diff (up to date)', 'floor read', size, floorRead, cli('diff')),
    paired('synth (up to date)', 'floor read', size, floorRead, cli('synth')),
    paired('synth (fresh)', 'floor write', size, floorWrite, cli('synth', fresh), removeFresh),
  ];
  removeFresh();
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}

/** synth (fresh, then up to date) and check once each on a fleet of `size`: do they complete, and in how much memory. */
function benchLarge(work: string, size: number): { command: string; sample: Sample }[] {
  const dir = path.join(work, `large-${size}`);
  const clusters = path.join(dir, 'clusters');
  const out = path.join(dir, 'dist');
  writeFleet(clusters, size);
  const run = (command: string) => ({ command, sample: measure(node, [CLI, command, '--clusters', clusters, '--out', out]) });
  const rows = [run('synth'), run('synth'), run('check')];
  rows[0] = { ...rows[0], command: 'synth (fresh)' };
  rows[1] = { ...rows[1], command: 'synth (up to date)' };
  rows[2] = { ...rows[2], command: 'check (up to date)' };
  for (const r of rows) process.stderr.write(`${size} clusters, ${r.command}: ${r.sample.cpu.toFixed(0)} s CPU, peak ${r.sample.peakMiB.toFixed(0)} MiB\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}

interface Startup {
  readonly seconds: number;
  readonly ratio: number;
}

/** Median over runs of (wall time / a `node -e 0` just before it), and the median seconds. */
function startup(command: string, args: readonly string[], runs: number): Startup {
  const ratios: number[] = [];
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const baseline = measure(node, ['-e', '0']);
    const sample = measure(command, args);
    ratios.push(sample.wall / baseline.wall);
    seconds.push(sample.wall);
  }
  return { seconds: median(seconds), ratio: median(ratios) };
}

interface Incremental {
  readonly clusters: number;
  readonly check: number;
  readonly synth: number;
  /** Median over runs of (synth / the check of the same state just before it), wall time. */
  readonly ratio: number;
}

/**
 * One cluster file of a synthesized fleet changed (its maxPoolSize, back and forth), then `check` (which
 * reads everything and writes nothing) and `synth` of that state, paired.
 */
function benchIncremental(work: string, size: number, runs: number): Incremental {
  const dir = path.join(work, `incremental-${size}`);
  const clusters = path.join(dir, 'clusters');
  const out = path.join(dir, 'dist');
  writeFleet(clusters, size);
  const args = (command: string) => [CLI, command, '--clusters', clusters, '--out', out];
  measure(node, args('synth'));
  const changed = path.join(clusters, fs.readdirSync(clusters).sort()[Math.floor(size / 2)]);
  const original = fs.readFileSync(changed, 'utf8');
  const ratios: number[] = [];
  const checks: number[] = [];
  const synths: number[] = [];
  for (let run = 0; run < runs; run++) {
    fs.writeFileSync(changed, run % 2 === 0 ? `${original}terway:\n  maxPoolSize: 7\n` : original);
    const check = measure(node, args('check')).wall;
    const synth = measure(node, args('synth')).wall;
    checks.push(check);
    synths.push(synth);
    ratios.push(synth / check);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const row = { clusters: size, check: median(checks), synth: median(synths), ratio: median(ratios) };
  process.stderr.write(`one changed cluster of ${size}: synth ${row.ratio.toFixed(2)}x check\n`);
  return row;
}

function main(): void {
  for (const file of [CLI, FLOOR, TIME]) if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'npm run bench' (it builds first)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-hybrid-bench-'));
  const loadBefore = os.loadavg();
  const started = new Date();
  try {
    // The code cache of the installed command, in a folder of this run (XDG_CACHE_HOME), warmed once.
    process.env.XDG_CACHE_HOME = path.join(work, 'cache');
    const exampleOut = path.join(work, 'example-startup');
    measure(node, [CLI, 'synth', '--out', exampleOut]);
    const bare = median(Array.from({ length: 5 }, () => measure(node, ['-e', '0']).wall));
    const installed = startup(node, [CLI, 'synth', '--out', exampleOut], 9);
    const uncached = startup(node, [BUNDLE, 'synth', '--out', exampleOut], 9);
    const npm = startup('npm', ['run', '--silent', 'synth', '--', '--out', path.join(work, 'example-npm')], 5);
    process.stderr.write(
      `installed command: ${installed.ratio.toFixed(2)}x node -e 0; without the code cache ${uncached.ratio.toFixed(2)}x; npm ${npm.ratio.toFixed(2)}x\n`,
    );

    const fleets = SIZES.map((size) => benchFleet(work, size));
    const incremental = benchIncremental(work, 1000, 5);
    const large = LARGE === undefined ? [] : benchLarge(work, LARGE);
    const report = renderResults({
      started,
      loadBefore,
      loadAfter: os.loadavg(),
      bare,
      installed,
      uncached,
      npm,
      fleets,
      incremental,
      large,
      largeSize: LARGE,
    });
    fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), report);
    process.stdout.write(report);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

interface Results {
  readonly started: Date;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  readonly bare: number;
  readonly installed: Startup;
  readonly uncached: Startup;
  readonly npm: Startup;
  readonly fleets: readonly Paired[][];
  readonly incremental: Incremental;
  readonly large: readonly { command: string; sample: Sample }[];
  readonly largeSize?: number;
}

function renderResults(r: Results): string {
  const cpu = os.cpus();
  const load = (l: readonly number[]) => l.map((x) => x.toFixed(1)).join(', ');
  const commands = r.fleets[0]?.map((row) => row.command) ?? [];
  const sizes = r.fleets.map((rows) => rows[0].clusters);
  const perCluster = (row: Paired) => ((1000 * row.cpu) / row.clusters).toFixed(2);
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${r.started.toISOString().slice(0, 10)}. Machine: ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${os.platform()}; load average ${load(r.loadBefore)} before, ${load(r.loadAfter)} after. ` +
      `${RUNS} pairs per command (command and its floor); CPU is user + system seconds, the ratio the median of the per-pair ratios (lowest to highest in brackets).`,
    '',
    '## Fleets: CPU against the floor',
    '',
    `| command | floor | ${sizes.map((s) => `${s.toLocaleString('en-US')} clusters: CPU (s) / ratio to floor`).join(' | ')} | ms per cluster (${sizes.map((s) => s.toLocaleString('en-US')).join(' / ')}) | peak memory (MiB, ${sizes.map((s) => s.toLocaleString('en-US')).join(' / ')}) |`,
    `| --- | --- | ${sizes.map(() => '---:').join(' | ')} | ---: | ---: |`,
    ...commands.map((command, i) => {
      const rows = r.fleets.map((fleet) => fleet[i]);
      const cells = rows.map((row) => `${row.cpu.toFixed(1)} / **${row.ratio.toFixed(2)}x** (${row.spread[0].toFixed(2)}-${row.spread[1].toFixed(2)})`);
      return `| ${command} | ${rows[0].floor} | ${cells.join(' | ')} | ${rows.map(perCluster).join(' / ')} | ${rows.map((row) => row.peakMiB.toFixed(0)).join(' / ')} |`;
    }),
    '',
    `Floors' own CPU (s): ${r.fleets
      .map(
        (rows) =>
          `${rows[0].clusters.toLocaleString('en-US')} clusters: parse ${rows[0].floorCpu.toFixed(1)}, read ${rows[1].floorCpu.toFixed(1)}, write ${rows[4].floorCpu.toFixed(1)}`,
      )
      .join('; ')}.`,
    '',
  ];
  if (r.large.length > 0) {
    lines.push(
      `## A fleet of ${r.largeSize?.toLocaleString('en-US')} clusters, one run each`,
      '',
      '| command | CPU (s) | wall (s) | peak memory (MiB) |',
      '| --- | ---: | ---: | ---: |',
      ...r.large.map((row) => `| ${row.command} | ${row.sample.cpu.toFixed(0)} | ${row.sample.wall.toFixed(0)} | ${row.sample.peakMiB.toFixed(0)} |`),
      '',
    );
  }
  lines.push(
    '## Start-up: one cluster (the example, output up to date), wall time against `node -e 0`',
    '',
    '| command | seconds | / `node -e 0` |',
    '| --- | ---: | ---: |',
    `| \`node -e 0\` | ${r.bare.toFixed(2)} | 1.00x |`,
    `| \`ack-hybrid synth\` (bin/ack-hybrid.js, code cache warm) | ${r.installed.seconds.toFixed(2)} | ${r.installed.ratio.toFixed(2)}x |`,
    `| \`node build/ack-hybrid.js synth\` (no code cache) | ${r.uncached.seconds.toFixed(2)} | ${r.uncached.ratio.toFixed(2)}x |`,
    `| \`npm run --silent synth\` (npm's own start-up included) | ${r.npm.seconds.toFixed(2)} | ${r.npm.ratio.toFixed(2)}x |`,
    '',
    `## Incremental: one changed cluster of ${r.incremental.clusters.toLocaleString('en-US')}, wall time`,
    '',
    '| command | seconds | / `check` |',
    '| --- | ---: | ---: |',
    `| \`check\` (reads all, writes nothing) | ${r.incremental.check.toFixed(2)} | 1.00x |`,
    `| \`synth\` (writes the changed files, hard-links the others, swaps) | ${r.incremental.synth.toFixed(2)} | ${r.incremental.ratio.toFixed(2)}x |`,
    '',
    'Reproduce: `npm ci && npm run bench`; `BENCH_SIZES=100,1000 BENCH_RUNS=1 npm run bench` for a quick run,',
    '`BENCH_LARGE=50000 npm run bench` to add one run of synth and check on 50,000 clusters.',
    '',
  );
  return lines.join('\n');
}

main();
