/**
 * What every command shares: the folder, selection and output flags, and the one place that turns errors
 * into messages and exit codes.
 */
import type { Argv } from 'yargs';
import { bugs } from '../../package.json';
import { LoadedCluster, shownPath } from '../config/load';
import { formatProblem, InvalidClustersError, Problem, sortProblems, StrictWarningsError, UserError } from '../config/problems';
import { maskSecrets } from '../config/secrets';
import { escapeOutputLine } from '../escape/terminal';

import { jsonProblem, JsonProblem, messageProblem, OUTPUT_FORMATS, OutputFormat, problemAnnotation } from './report-format';

import { plural } from '../config/text';

export { plural };
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

export interface StrictArgs {
  /** Warnings (a version past its end of life…) fail the command too, with exit 2. */
  readonly strict?: boolean;
}

/** `--strict` (validate, synth, diff, check): for CI that must not let a warning pass. */
export function withStrict<T>(yargs: Argv<T>): Argv<T & StrictArgs> {
  return yargs.option('strict', {
    type: 'boolean',
    default: false,
    describe: 'treat warnings (such as a version past its end of life) as errors: exit 2 before anything is written',
  }) as unknown as Argv<T & StrictArgs>;
}

/** The warnings of loaded clusters, in the order problems are shown. */
export function clusterWarnings(clusters: readonly LoadedCluster[]): Problem[] {
  return sortProblems(clusters.flatMap((c) => c.warnings ?? []));
}

/**
 * Prints warnings where the format wants them (text: stderr lines; github: ::warning annotations; json: the caller
 * puts them in its document), or, with --strict, throws them as the error the run ends with (exit 2), before
 * the command builds, compares or writes anything.
 */
export function handleWarnings(warnings: readonly Problem[], io: Io, format: OutputFormat, strict: boolean | undefined): void {
  if (warnings.length === 0) return;
  if (strict) throw new StrictWarningsError(warnings);
  if (format === 'text') io.stderr(warnings.map(formatProblem).join('\n'));
  if (format === 'github') for (const warning of warnings) io.stdout(problemAnnotation(jsonProblem(warning), 'warning'));
}

/** `1 warning` after a command's summary line, or nothing. */
export function warningsNote(warnings: readonly Problem[]): string {
  return warnings.length === 0 ? '' : ` (${plural(warnings.length, 'warning')})`;
}

export interface Io {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export const processIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Every line any command prints passes here: credentials are masked (secrets.ts) and control and
 * invisible characters escaped (terminal.ts), whatever text a command put together. Messages are split
 * at their line breaks first: the lines a command means to print stay lines, and a line break that came
 * from a user's value never gets this far raw (formatProblem and the other message builders escape it).
 */
export function guardIo(io: Io): Io {
  const guard = (text: string) =>
    text
      .split('\n')
      .map((line) => escapeOutputLine(maskSecrets(line)))
      .join('\n');
  return { stdout: (text) => io.stdout(guard(text)), stderr: (text) => io.stderr(guard(text)) };
}

/** The problems of an error as data: located ones as they are, anything else as one message. */
export function errorProblems(error: UserError): JsonProblem[] {
  return error.problems.length > 0 ? error.problems.map(jsonProblem) : [messageProblem(error.message)];
}

/** The warnings an error carries: those of the valid files beside invalid ones, or those --strict failed on. */
export function errorWarnings(error: UserError): readonly Problem[] {
  return error instanceof InvalidClustersError || error instanceof StrictWarningsError ? error.warnings : [];
}

/**
 * How a bug (exit 70) starts, saying where to report it: package.json's `bugs.url`, the one place that names
 * it (npm shows it too, `npm bugs ack-hybrid`). CONTRIBUTING.md, "Reporting a bug", says what helps.
 */
export const BUG_REPORT = `internal error (a bug in ack-hybrid; please report it at ${bugs.url} with the command you ran and this message)`;

/** Runs a command body; a user's mistake becomes its message, anything else is reported as a bug. */
export function report(error: unknown, io: Io, format: OutputFormat = 'text'): number {
  if (error instanceof UserError && format === 'json') {
    io.stdout(JSON.stringify({ ok: false, problems: errorProblems(error), warnings: errorWarnings(error).map(jsonProblem) }, null, 2));
    return ExitCode.Error;
  }
  if (error instanceof UserError && format === 'github') {
    // With --strict the warnings are what fails: annotated as errors.
    const level = error instanceof StrictWarningsError ? 'error' : 'warning';
    for (const warning of errorWarnings(error)) io.stdout(problemAnnotation(jsonProblem(warning), level));
    if (!(error instanceof StrictWarningsError)) for (const problem of errorProblems(error)) io.stdout(problemAnnotation(problem));
    const lines = error.message.split('\n');
    io.stderr(`error: ${lines[lines.length - 1]}`);
    return ExitCode.Error;
  }
  if (error instanceof StrictWarningsError) {
    io.stderr([...error.warnings.map(formatProblem), `error: ${error.message}`].join('\n'));
    return ExitCode.Error;
  }
  if (error instanceof UserError) {
    // Problem lines start with file:line:col, as compilers print them (editors jump to them); the
    // summary after them carries the "error:".
    const lines = error.message.split('\n');
    io.stderr([...lines.slice(0, -1), `error: ${lines[lines.length - 1]}`].join('\n'));
    return ExitCode.Error;
  }
  const fsError = describeFileSystemError(error);
  if (fsError !== undefined) {
    io.stderr(`error: ${fsError}`);
    return ExitCode.Error;
  }
  io.stderr(`${BUG_REPORT}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return ExitCode.Internal;
}

/**
 * File-system errors that the user's disk, permissions or folder layout cause, in words. An errno that is
 * not here (EBADF, EINVAL, EFAULT…) means our own code misused the API: that stays a bug (exit 70).
 */
const FILE_SYSTEM_CAUSES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large for the file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'something already exists there',
  ENOTEMPTY: 'the folder is not empty',
  ENOENT: 'it does not exist',
  ELOOP: 'too many symbolic links (a loop?)',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on this system',
  EBUSY: 'it is busy (in use or a mount point)',
  EXDEV: 'it is on another file system',
  EIO: 'an input/output error of the device',
  ETXTBSY: 'the file is being executed',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
};

/** What the program was doing, from the failing system call. */
const ACTIONS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  mkdtemp: 'create a folder in',
  rmdir: 'remove',
  unlink: 'remove',
  rm: 'remove',
  rename: 'rename',
  scandir: 'list the folder',
  opendir: 'list the folder',
  stat: 'look at',
  lstat: 'look at',
  copyfile: 'copy',
  chmod: 'change the mode of',
  utime: 'set the time of',
  realpath: 'resolve',
  readlink: 'read the link',
  symlink: 'create the link',
  access: 'access',
  close: 'close',
  fsync: 'write to disk',
};

function describeFileSystemError(error: unknown): string | undefined {
  // Not `instanceof Error`: errors made by Node's core can come from another realm (jest, vm).
  if (typeof error !== 'object' || error === null || typeof (error as { code?: unknown }).code !== 'string') return undefined;
  const e = error as NodeJS.ErrnoException & { dest?: string };
  const cause = e.code === undefined ? undefined : FILE_SYSTEM_CAUSES[e.code];
  if (cause === undefined) return undefined;
  const action = ACTIONS[e.syscall ?? ''] ?? (e.syscall !== undefined ? e.syscall : 'use');
  const where = e.path === undefined ? '' : ` ${shownPath(e.path)}`;
  const to = e.dest === undefined ? '' : ` to ${shownPath(e.dest)}`;
  return `cannot ${action}${where}${to}: ${cause} (${e.code})`;
}
