/**
 * What every command shares: the folder flags, and the one place that turns errors into messages and
 * exit codes.
 */
import type { Argv } from 'yargs';
import { displayPath } from '../config/load';
import { UserError } from '../config/problems';
import { maskSecrets } from '../config/secrets';
import { escapeForTerminal, escapeOutputLine } from '../terminal';

export { plural } from '../config/text';

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

/**
 * Every line any command prints passes here: credentials are masked (secrets.ts) and control and
 * invisible characters escaped (terminal.ts), whatever text a command put together. Messages are split
 * at their line breaks first: the lines a command means to print stay lines, and a line break that came
 * from a user's value never gets this far raw (formatProblem and the other message builders escape it).
 */
export function guardIo(io: Io): Io {
  const guard = (text: string) => text.split('\n').map((line) => escapeOutputLine(maskSecrets(line))).join('\n');
  return { stdout: (text) => io.stdout(guard(text)), stderr: (text) => io.stderr(guard(text)) };
}

/** Runs a command body; a user's mistake becomes its message, anything else is reported as a bug. */
export function report(error: unknown, io: Io): number {
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
  io.stderr(`internal error (a bug in ack-hybrid, please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
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
  const where = e.path === undefined ? '' : ` ${escapeForTerminal(displayPath(e.path))}`;
  const to = e.dest === undefined ? '' : ` to ${escapeForTerminal(displayPath(e.dest))}`;
  return `cannot ${action}${where}${to}: ${cause} (${e.code})`;
}
