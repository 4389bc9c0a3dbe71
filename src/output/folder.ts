/**
 * Reading an output folder one file at a time: its file names first (a listing), then each file's content
 * when it is compared, so that checking or rewriting a fleet of 10,000 clusters never holds the 110,000
 * files of its folder at once.
 *
 * Only folders and regular files are accepted: ack-hybrid writes nothing else, and a FIFO or a device would
 * hang the read, a symlink lead out of the folder. Anything else is refused with its name, as is a name
 * that would not print as itself, and a file larger than any ack-hybrid writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { shownPath as shown } from '../config/load';
import { UserError } from '../config/problems';
import { compareStrings } from '../config/text';
import { escapeForTerminal, isTerminalSafe } from '../escape/terminal';
import { fileType, readOpenFile } from '../fs/regular-file';
import { encodeUtf8, MAX_KEPT_BYTES } from '../fs/utf8';
import { MANIFEST_FILE } from './manifest';

/** A file in the output folder larger than this was not written by ack-hybrid (its largest are kilobytes). */
export const MAX_OUTPUT_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The manifest (manifest.ts) lists every file of the folder, about 46 bytes per file and 11 files per cluster:
 * 25 MB at 50,000 clusters, which the limit of the other files refused as not ack-hybrid's. Its own limit
 * leaves room for a fleet several times the largest (bench/fleet.ts MAX_FLEET) and is still a bound.
 */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

function maxBytes(file: string): number {
  return file === MANIFEST_FILE ? MAX_MANIFEST_BYTES : MAX_OUTPUT_FILE_BYTES;
}

/** An output folder as read so far: where it is, its files and its folders (`/`-separated relative paths, files in byte order). */
export interface OutputListing {
  readonly dir: string;
  readonly files: readonly string[];
  readonly folders: readonly string[];
}

/** The files under `dir`, sorted, without their content; undefined when `dir` does not exist. */
export function listOutput(dir: string): OutputListing | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files: string[] = [];
  const folders: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (!isTerminalSafe(entry.name)) throw foreign(dir, child, 'a file whose name holds control or invisible characters');
      if (entry.isDirectory()) {
        folders.push(child);
        walk(child);
      } else if (entry.isFile()) files.push(child);
      else throw foreign(dir, child, fileType(fs.lstatSync(path.join(dir, child))));
    }
  };
  walk('');
  return { dir, files: files.sort(compareStrings), folders };
}

/** The content of one listed file, as UTF-8 text. */
export function readOutputFile(dir: string, file: string): string {
  const { buffer, length } = readListedFile(dir, file);
  return buffer.toString('utf8', 0, length);
}

/**
 * Whether a listed file holds exactly the bytes of `content` in UTF-8: what check, diff and synth ask of
 * every file of an up-to-date folder. Read into a buffer kept for the next file and compared as bytes, so
 * that comparing a fleet's 110,000 files allocates neither a buffer nor a string per file. Refused as
 * readOutputFile refuses (a file that is not regular, too large).
 */
export function sameOutputFile(dir: string, file: string, content: string): boolean {
  const { buffer, length } = readListedFile(dir, file);
  // UTF-8 takes at most 3 bytes per UTF-16 unit; a length that cannot match stops before encoding.
  if (length > content.length * 3 || length < content.length) return false;
  const expected = encodeUtf8(content);
  return expected.length === length && buffer.compare(expected, 0, length, 0, length) === 0;
}

/**
 * The buffer readListedFile reads into, grown as needed, reused for every file of up to MAX_KEPT_BYTES: a larger
 * one (the manifest of a fleet, megabytes) is read into a buffer of its own, which is not kept for the rest of the run.
 */
let scratch: Buffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads one file of the listing into `scratch` (or a buffer of its own, when larger), returning the buffer and length. The listing already found a regular
 * file under this name (readdir's file type, no symlink); opened without following a symlink and without
 * blocking (a FIFO or a link swapped in since cannot hang the read or lead out of the folder), checked again
 * on the descriptor, and read up to the size it gives plus one byte (a file growing meanwhile cannot make us
 * read without end). Four system calls, as fs.readFileSync makes: the stat before opening that
 * readRegularFile adds for files a user names is the listing's here.
 */
function readListedFile(dir: string, file: string): { buffer: Buffer; length: number } {
  const full = path.join(dir, ...file.split('/'));
  const fd = orCannotRead(full, () => fs.openSync(full, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW));
  try {
    const stat = orCannotRead(full, () => fs.fstatSync(fd));
    const max = maxBytes(file);
    if (!stat.isFile()) throw foreign(dir, file, fileType(stat));
    if (stat.size > max) throw foreign(dir, file, `a file of ${stat.size} bytes`);
    const read = orCannotRead(full, () => readOpenFile(fd, stat.size, max, stat.size < MAX_KEPT_BYTES ? scratch : Buffer.allocUnsafe(0)));
    if (read.buffer.length <= MAX_KEPT_BYTES) scratch = read.buffer;
    if (read.length > max) throw foreign(dir, file, `a file of ${read.length} bytes`);
    return read;
  } finally {
    fs.closeSync(fd);
  }
}

/** `action`'s result; a system call's error becomes "cannot read <file>" with its code, for the CLI's message (cli/common.ts). */
function orCannotRead<T>(full: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw Object.assign(new Error(`cannot read ${full}`), { code, path: full, syscall: 'open' });
  }
}

function foreign(dir: string, child: string, what: string): UserError {
  return new UserError(
    `the output folder ${shown(dir)} holds ${JSON.stringify(escapeForTerminal(child))}, ${what}, which ack-hybrid never writes: remove it or choose another --out`,
  );
}
