/**
 * Small text helpers shared by messages and output: counts with their noun, a locale-free sort order.
 */

/** `3 problems`, `1 file`: a count with its noun in the right number. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Code-unit order: the same on every machine, whatever the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
