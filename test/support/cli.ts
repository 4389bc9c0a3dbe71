/**
 * Runs the built CLI (build/ack-hybrid.js, as `npm test` builds it first) in a child process.
 */
import { execFile, spawnSync } from 'child_process';
import * as path from 'path';

export const CLI = path.resolve(__dirname, '..', '..', 'build', 'ack-hybrid.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node build/ack-hybrid.js ...args` in `cwd` and waits for it. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
      resolve({
        code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
        signal: failure?.signal ?? null,
        stdout,
        stderr,
      });
    });
  });
}

export function runCliSync(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Lines that only a crash prints: a stack frame, or the bug report of common.ts. */
export function crashLines(output: string): string[] {
  return output.split('\n').filter((line) => /^\s+at /.test(line) || line.includes('internal error'));
}
