/**
 * Replacing a user's file in place, safely: only a regular file (a symbolic link would be replaced instead of
 * its target), atomically (temporary file in the same folder, fsync, rename, same permissions), and only when
 * nobody changed it since it was read.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { InvalidClustersError, UserError } from '../config/problems';

/** The file's stat when it is a regular file; a problem for the whole file otherwise. */
export function regularFile(file: string, full: string): fs.Stats {
  const stat = fs.lstatSync(full);
  if (stat.isSymbolicLink() || !stat.isFile()) {
    throw new InvalidClustersError([
      {
        file,
        line: 0,
        column: 0,
        field: '',
        found: stat.isSymbolicLink() ? 'a symbolic link' : 'something that is not a regular file',
        allowed: 'a regular file: seal replaces the file it writes, and would replace the link instead of its target; seal the file itself',
      },
    ]);
  }
  return stat;
}

/** Replaces the file with `text` atomically, keeping its mode; refuses when the file changed since it was read. */
export function replaceFile(file: string, full: string, before: fs.Stats, text: string): void {
  const dir = path.dirname(full);
  const temporary = path.join(dir, `.${path.basename(full)}.${crypto.randomBytes(6).toString('hex')}.seal.tmp`);
  const fd = fs.openSync(temporary, 'wx', before.mode & 0o777);
  try {
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const now = fs.lstatSync(full);
    if (!now.isFile() || now.ino !== before.ino || now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
      throw new UserError(`${file} changed while seal ran: nothing was written; run seal again`);
    }
    fs.renameSync(temporary, full);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dir);
}

/** Makes the rename durable; some file systems cannot fsync a folder, which only weakens that. */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Durability only: the rename itself has happened.
  }
}
