/**
 * Runs the built CLI (build/ack-hybrid.js, as `npm test` builds it first) in a child process, as users do,
 * for exit codes and the exact text on stdout and stderr.
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, exampleClusters, REPO_ROOT } from './clusters';
import { tempDir } from './tree';

export { CLI };

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** @default the repository root */
  readonly cwd?: string;
  /** Merged over the test's own environment; a value of undefined removes the variable. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The child's environment: no colour settings of the machine, so output compares as text. */
function childEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
  // Unset means absent: spawn would pass an undefined value as the text "undefined".
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

/** Runs `node build/ack-hybrid.js ...args` and waits for it. */
export function runCli(args: readonly string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, env: childEnv(options.env), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same without blocking, for runs that must overlap (two synths at once, a kill mid-run). */
export function runCliAsync(args: readonly string[], options: CliOptions = {}): Promise<CliResult & { readonly signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, env: childEnv(options.env), encoding: 'utf8' }, (error, stdout, stderr) => {
      const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
      resolve({
        status: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
        signal: failure?.signal ?? null,
        stdout,
        stderr,
      });
    });
  });
}

/** The built CLI's synth of the shipped example, made by the first call of copyOfExampleSynth in a test file. */
let exampleSynth: string | undefined;

/**
 * Copies into `out` (which must not exist) what `synth` of the built CLI writes for the shipped example: for the
 * tests whose starting point is "a previous synth" of it. The synth runs once per test file, in a child process
 * as everywhere else, and every test gets its own copy: none shares a folder with another or sees its leftovers.
 * (The output does not depend on where the clusters folder or the output folder are: test/cli.test.ts.)
 */
export function copyOfExampleSynth(out: string): void {
  if (exampleSynth === undefined || !fs.existsSync(exampleSynth)) {
    const dir = tempDir('example-synth');
    const result = runCli(['synth', '--clusters', exampleClusters(dir), '--out', path.join(dir, 'dist')]);
    if (result.status !== 0 || result.stderr !== '') throw new Error(`synth of the example failed (exit ${result.status}): ${result.stderr}`);
    exampleSynth = path.join(dir, 'dist');
  }
  if (fs.existsSync(out)) throw new Error(`copyOfExampleSynth: ${out} exists`);
  fs.cpSync(exampleSynth, out, { recursive: true });
}

/** Lines that only a crash prints: a stack frame, or the bug report of common.ts. */
export function crashLines(output: string): string[] {
  return output.split('\n').filter((line) => /^\s+at /.test(line) || line.includes('internal error'));
}

/**
 * How the CLI names itself in hints when runCli runs it from `cwd` (src/cli/invocation.ts): the bin script
 * beside the bundle, relative to `cwd`.
 */
export function hintProgram(cwd: string = REPO_ROOT): string {
  const bin = path.join(REPO_ROOT, 'bin', 'ack-hybrid.js');
  return `node ${path.relative(cwd, bin)}`;
}
