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
import { fileType, readRegularFile } from '../fs/regular-file';

/** A file in the output folder larger than this was not written by ack-hybrid (its largest are kilobytes). */
export const MAX_OUTPUT_FILE_BYTES = 16 * 1024 * 1024;

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
  const full = path.join(dir, ...file.split('/'));
  const read = readRegularFile(full, MAX_OUTPUT_FILE_BYTES);
  if (read.kind === 'ok') return read.bytes.toString('utf8');
  if (read.kind === 'too-large') throw foreign(dir, file, `a file of ${read.size} bytes`);
  if (read.kind === 'not-regular') throw foreign(dir, file, read.type);
  throw Object.assign(new Error(`cannot read ${full}`), { code: read.code, path: full, syscall: 'open' });
}

function foreign(dir: string, child: string, what: string): UserError {
  return new UserError(
    `the output folder ${shown(dir)} holds ${JSON.stringify(escapeForTerminal(child))}, ${what}, which ack-hybrid never writes: remove it or choose another --out`,
  );
}
