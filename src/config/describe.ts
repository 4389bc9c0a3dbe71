/**
 * How a value or a field of a user's file is shown in a message: quoted, cut when long, credentials
 * masked (secrets.ts). Escaping for the terminal happens once, where the problem line is formatted.
 */
import { maskSecrets } from './secrets';
import { plural } from './text';

const MAX_SHOWN = 60;

/** Renders a value found in a user file for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const masked = maskSecrets(value);
    const shown = masked.length > MAX_SHOWN ? `${masked.slice(0, MAX_SHOWN)}…` : masked;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return `a list of ${plural(value.length, 'item')}`;
  // What YAML's tags make (`!!binary`, `!!timestamp`, `!!set`, `!!omap`): not a mapping the user wrote.
  if (value instanceof Uint8Array) return `binary data (${plural(value.length, 'byte')})`;
  if (value instanceof Date) return `a date (${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (value instanceof Set) return `a set of ${plural(value.size, 'item')}`;
  if (value instanceof Map) return `an ordered mapping of ${plural(value.size, 'key')}`;
  if (typeof value !== 'object') return `a value of type ${typeof value}`;
  return 'a mapping';
}

/** Keys shown as they are; any other key is quoted, so that a space, a colon or a quote in it cannot blur where the field ends. */
const PLAIN_KEY = /^[A-Za-z0-9_./*-]+$/;

/**
 * `["cloud", "podVSwitches", 0, "id"]` → `cloud.podVSwitches[0].id`; a key that looks like a secret is
 * masked, a key with other characters than letters, digits, `_`, `.`, `/`, `-` and a mask's `*` quoted.
 */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const key = maskSecrets(String(segment));
      return `${i === 0 ? '' : '.'}${PLAIN_KEY.test(key) ? key : JSON.stringify(key)}`;
    })
    .join('');
}
