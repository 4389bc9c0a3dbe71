/**
 * What every command shares: the folder flags, and the one place that turns errors into messages and
 * exit codes.
 */
import type { Argv } from 'yargs';
import { UserError } from '../config/problems';

export { plural } from '../config/problems';

export const ExitCode = {
  Ok: 0,
  /** check and diff: the output folder differs from what the cluster files synthesize. */
  Differs: 1,
  /** Bad input, bad flags, an unreadable folder: the user's to fix. */
  Error: 2,
  /** A bug in ack-hybrid (EX_SOFTWARE). */
  Internal: 70,
} as const;

export interface FolderArgs {
  readonly clusters: string;
  readonly out: string;
}

export function withFolders<T>(yargs: Argv<T>): Argv<T & FolderArgs> {
  return yargs
    .option('clusters', { type: 'string', default: 'clusters', describe: 'folder of cluster files (*.yaml)', normalize: true })
    .option('out', { type: 'string', default: 'dist', describe: 'output folder, replaced as a whole', normalize: true }) as Argv<
    T & FolderArgs
  >;
}

export interface Io {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export const processIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** Runs a command body; a user's mistake becomes its message, anything else is reported as a bug. */
export function report(error: unknown, io: Io): number {
  if (error instanceof UserError) {
    // Problem lines start with file:line:col, as compilers print them (editors jump to them); the
    // summary after them carries the "error:".
    const lines = error.message.split('\n');
    io.stderr([...lines.slice(0, -1), `error: ${lines[lines.length - 1]}`].join('\n'));
    return ExitCode.Error;
  }
  io.stderr(`internal error (a bug in ack-hybrid, please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return ExitCode.Internal;
}

