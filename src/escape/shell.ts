/**
 * Quoting for POSIX shells: every value from a cluster file enters a script through this (it is the
 * EJS `escape` for scripts, so `<%= value %>` is always quoted). Inside single quotes nothing is special;
 * a single quote itself is closed, escaped and reopened: it's → 'it'\''s'.
 */
export function shellQuote(value: unknown): string {
  const text = String(value);
  if (text.includes('\u0000')) throw new Error('a NUL byte cannot be passed through a shell word');
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
