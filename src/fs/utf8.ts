/**
 * UTF-8 encoding into one buffer kept from call to call. Comparing or writing a fleet's 110,000 files through a
 * new buffer each (what fs.writeFileSync and Buffer.from do with a string) made the garbage collector run for a
 * gigabyte that was never on its heap.
 */

/** Grown as needed (UTF-8 takes at most 3 bytes per UTF-16 unit), never shrunk. */
let encoded = Buffer.allocUnsafe(64 * 1024);

/** `text` in UTF-8: a view of the shared buffer, valid until the next call (use it at once, synchronously). */
export function encodeUtf8(text: string): Buffer {
  if (encoded.length < text.length * 3) encoded = Buffer.allocUnsafe(Math.max(text.length * 3, encoded.length * 2));
  return encoded.subarray(0, encoded.write(text, 0, 'utf8'));
}
