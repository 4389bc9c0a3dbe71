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
  return 'a mapping';
}

/** `["cloud", "podVSwitches", 0, "id"]` → `cloud.podVSwitches[0].id`; a key that looks like a secret is masked. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${maskSecrets(String(segment))}`))
    .join('');
}
