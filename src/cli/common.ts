/**
 * What every command shares: the folder, selection and output flags, and the one place that turns errors
 * into messages and exit codes.
 */
import type { Argv } from 'yargs';
import { UserError } from '../config/problems';
import { jsonProblem, JsonProblem, messageProblem, OUTPUT_FORMATS, OutputFormat, problemAnnotation } from './report-format';

export { plural } from '../config/problems';
export type { OutputFormat } from './report-format';

export const ExitCode = {
  Ok: 0,
  /** check and diff: the output folder differs from what the cluster files synthesize. */
  Differs: 1,
  /** Bad input, bad flags, an unreadable folder: the user's to fix. */
  Error: 2,
  /** A bug in ack-hybrid (EX_SOFTWARE). */
  Internal: 70,
  /** Interrupted (Ctrl-C, or end of input at a question): 128 + SIGINT, as shells report it. */
  Interrupted: 130,
} as const;

export interface FolderArgs {
  readonly clusters: string;
  readonly out: string;
}

/**
 * `requiresArg` on every flag that takes a value: `--out` with nothing after it (or followed by another
 * flag) is refused instead of read as an empty string.
 */
export function withFolders<T>(yargs: Argv<T>): Argv<T & FolderArgs> {
  return yargs
    .option('clusters', { type: 'string', default: 'clusters', requiresArg: true, describe: 'folder of cluster files (*.yaml)', normalize: true })
    .option('out', { type: 'string', default: 'dist', requiresArg: true, describe: 'output folder, replaced as a whole', normalize: true }) as Argv<
    T & FolderArgs
  >;
}

export interface SelectionArgs {
  /** Cluster files named on the command line: only their clusters. */
  readonly files?: readonly string[];
  /** `--cluster NAME`, repeatable: only these clusters, by name. */
  readonly cluster?: readonly string[];
}

/** `[files..]` and `--cluster NAME` (repeatable): work on some clusters of a fleet, touching nothing else. */
export function withSelection<T>(yargs: Argv<T>, verb: string): Argv<T & SelectionArgs> {
  return yargs
    .positional('files', { type: 'string', array: true, describe: `cluster files to ${verb}`, defaultDescription: 'every file in --clusters' })
    .option('cluster', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'only this cluster, by name; repeat for more',
      defaultDescription: 'all',
    }) as unknown as Argv<T & SelectionArgs>;
}

export interface OutputArgs {
  readonly output: OutputFormat;
}

export function withOutput<T>(yargs: Argv<T>): Argv<T & OutputArgs> {
  return yargs.option('output', {
    alias: 'o',
    choices: OUTPUT_FORMATS,
    default: 'text' as OutputFormat,
    requiresArg: true,
    describe: 'text for people, json for tools, github for annotations on the pull request',
  }) as unknown as Argv<T & OutputArgs>;
}

export interface Io {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export const processIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** The problems of an error as data: located ones as they are, anything else as one message. */
export function errorProblems(error: UserError): JsonProblem[] {
  return error.problems.length > 0 ? error.problems.map(jsonProblem) : [messageProblem(error.message)];
}

/** Runs a command body; a user's mistake becomes its message, anything else is reported as a bug. */
export function report(error: unknown, io: Io, format: OutputFormat = 'text'): number {
  if (error instanceof UserError && format === 'json') {
    io.stdout(JSON.stringify({ ok: false, problems: errorProblems(error) }, null, 2));
    return ExitCode.Error;
  }
  if (error instanceof UserError && format === 'github') {
    for (const problem of errorProblems(error)) io.stdout(problemAnnotation(problem));
    const lines = error.message.split('\n');
    io.stderr(`error: ${lines[lines.length - 1]}`);
    return ExitCode.Error;
  }
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
