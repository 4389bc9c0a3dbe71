/**
 * UTF-8 encoding into one buffer kept from call to call. Comparing or writing a fleet's 110,000 files through a
 * new buffer each (what fs.writeFileSync and Buffer.from do with a string) made the garbage collector run for a
 * gigabyte that was never on its heap.
 */

/**
 * Grown as needed (UTF-8 takes at most 3 bytes per UTF-16 unit) up to MAX_KEPT_BYTES, never shrunk. A larger
 * text (a fleet's manifest: megabytes, once per run) gets a buffer of its own, which is not kept: kept, it
 * would hold three times the manifest's size for the rest of the run, when the heap is at its largest.
 */
/** The most a buffer reused from file to file keeps (here and in src/output/folder.ts): our files are kilobytes. */
export const MAX_KEPT_BYTES = 1024 * 1024;
let encoded = Buffer.allocUnsafe(64 * 1024);

/** `text` in UTF-8: a view of the shared buffer, valid until the next call (use it at once, synchronously). */
export function encodeUtf8(text: string): Buffer {
  if (text.length * 3 > MAX_KEPT_BYTES) return Buffer.from(text, 'utf8');
  if (encoded.length < text.length * 3) encoded = Buffer.allocUnsafe(Math.min(MAX_KEPT_BYTES, Math.max(text.length * 3, encoded.length * 2)));
  return encoded.subarray(0, encoded.write(text, 0, 'utf8'));
}
