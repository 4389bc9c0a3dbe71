/**
 * Reading a file a user named without ever hanging. A FIFO blocks open() until a writer comes, a device
 * such as /dev/zero never ends, and a symlink can lead to either: ack-hybrid reads regular files only.
 * The type and size are checked with stat() before the file is opened (opening some devices has effects
 * of its own), the file is opened with O_NONBLOCK (a FIFO swapped in after the check cannot block
 * open()), checked again on the open descriptor, and read up to a limit (a file that grows meanwhile
 * cannot make us read without end).
 */
import * as fs from 'fs';

export type RegularFileRead =
  | { readonly kind: 'ok'; readonly bytes: Buffer }
  /** Not a regular file: `type` says what it is, in words ("a FIFO (named pipe)"). */
  | { readonly kind: 'not-regular'; readonly type: string }
  | { readonly kind: 'too-large'; readonly size: number }
  /** open/stat/read failed: the errno code (ENOENT, EACCES, ELOOP…). */
  | { readonly kind: 'error'; readonly code: string };

/** What a file system entry is, in words, for messages. */
export function fileType(stat: fs.Stats): string {
  if (stat.isFile()) return 'a file';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** The bytes of `file` (symlinks followed) if it is a regular file of at most `maxBytes`. */
export function readRegularFile(file: string, maxBytes: number): RegularFileRead {
  let fd: number | undefined;
  try {
    const before = fs.statSync(file);
    if (!before.isFile()) return { kind: 'not-regular', type: fileType(before) };
    if (before.size > maxBytes) return { kind: 'too-large', size: before.size };
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { kind: 'not-regular', type: fileType(stat) };
    if (stat.size > maxBytes) return { kind: 'too-large', size: stat.size };
    const { buffer, length } = readOpenFile(fd, stat.size, maxBytes, Buffer.allocUnsafe(0));
    if (length > maxBytes) return { kind: 'too-large', size: length };
    return { kind: 'ok', bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Reads an open regular file whose fstat gave `size` into `buffer` (a caller may keep one from file to file),
 * grown as needed but never past maxBytes + 1, so a file that grows while it is read cannot make us read without
 * end. Returns the buffer read into and the length read, which is over maxBytes when the file grew past it.
 * A short read at the fstat size is the end, as fs.readFileSync takes it: no further read() to be told so.
 * Errors of read() are thrown.
 */
export function readOpenFile(fd: number, size: number, maxBytes: number, buffer: Buffer): { buffer: Buffer; length: number } {
  if (buffer.length < Math.min(maxBytes + 1, size + 1)) buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(size + 1, buffer.length * 2)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) break;
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const requested = buffer.length - length;
    const n = fs.readSync(fd, buffer, length, requested, null);
    length += n;
    if (n === 0 || (n < requested && length === size)) break;
  }
  return { buffer, length };
}
