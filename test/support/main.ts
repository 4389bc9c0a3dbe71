/**
 * Runs main() in this process, in another working directory, as the CLI would run there: faster than a
 * child process, and lets a test replace fs functions (a full disk). test/support/cli.ts runs the built CLI.
 */
import { main } from '../../main';

export interface MainResult {
  readonly code: number;
  /** The lines main() printed, joined with "\n" (no final newline). */
  readonly stdout: string;
  readonly stderr: string;
}

export function runMain(cwd: string, args: readonly string[]): MainResult {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = main(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  } finally {
    process.chdir(before);
  }
}
