/**
 * Plain JSON values (objects, arrays, strings, numbers, booleans, null) as YAML, byte for byte what yaml's
 * `stringify(value, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false })` writes, without
 * building a yaml Document first: that made every value a node object, and was a quarter of the CPU of
 * `check` on a fleet (bench/RESULTS.md). Block mappings and sequences are laid out here, as yaml 2.9's
 * stringifyCollection and stringifyPair lay them out for such values; every string, key or value, is
 * written by yaml's own `stringifyString` (exported as `yaml/util`), so quoting, escaping and literal blocks
 * stay the library's. `test/yaml-emit.property.test.ts` compares the two on random values.
 *
 * Anything else (a class instance, undefined in a list, a number that is not finite, a key over 1,024
 * characters, which yaml writes as an explicit key) returns undefined: the caller uses yaml itself.
 */
import { Document, Scalar } from 'yaml';
import { stringifyString, StringifyContext } from 'yaml/util';

/** yaml's stringify options as createStringifyContext (yaml 2.9, stringify/stringify.js) fills them, with ours over its defaults. */
const OPTIONS = {
  blockQuote: 'literal',
  defaultKeyType: null,
  defaultStringType: 'PLAIN',
  doubleQuotedAsJSON: false,
  doubleQuotedMinMultiLineLength: 40,
  lineWidth: 0,
  minContentWidth: 20,
  singleQuote: null,
} as const;

const DOC = new Document();

class Fallback extends Error {}

/** The YAML of `value`, or undefined when it is not plain JSON this module writes (see the module comment). */
export function emitYaml(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  try {
    return `${node(value, '')}\n`;
  } catch (error) {
    if (error instanceof Fallback) return undefined;
    throw error;
  }
}

/** A value at an indentation (the stringify context's `indent`), as a block collection's item or a pair's value. */
function node(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const itemIndent = `${indent}  `;
    let out = '';
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) throw new Fallback();
      out += `${i === 0 ? '' : `\n${indent}`}- ${node(value[i], itemIndent)}`;
    }
    return out;
  }
  if (isPlainObject(value)) {
    let out = '';
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined) continue;
      out += `${out === '' ? '' : `\n${indent}`}${pair(key, item, `${indent}  `)}`;
    }
    return out === '' ? '{}' : out;
  }
  return scalar(value, indent, false);
}

/** `key: value` (stringifyPair), `inner` the pair's indentation. */
function pair(key: string, value: unknown, inner: string): string {
  const keyText = scalar(key, inner, true);
  // yaml writes a longer key as an explicit key (`? key`).
  if (keyText.length > 1024) throw new Fallback();
  if (isCollection(value)) {
    const text = node(value, inner);
    // An empty collection is written in flow style ({} or []), on the key's line.
    return text === '{}' || text === '[]' ? `${keyText}: ${text}` : `${keyText}:\n${inner}${text}`;
  }
  const text = scalar(value, inner, false);
  return text === '' || text[0] === '\n' ? `${keyText}:${text}` : `${keyText}: ${text}`;
}

/**
 * Strings yaml writes as they are in any block context: a letter, `_` or `/` first; then letters, digits and
 * `._/:@=+,-`, not ending in `:`; and no word of the core schema's null and boolean tags (numbers, `.inf` and
 * `.nan` start with neither). Most strings of our objects are such names, paths and URLs, and skip
 * stringifyString's dozen regular expressions.
 */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9._/:@=+,-]*$/;
const RESERVED: ReadonlySet<string> = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

function scalar(value: unknown, indent: string, implicitKey: boolean): string {
  switch (typeof value) {
    case 'string':
      if (PLAIN.test(value) && !value.endsWith(':') && !RESERVED.has(value)) return value;
      return stringifyString(new Scalar(value), contextFor(indent, implicitKey));
    case 'number':
      if (!Number.isFinite(value)) throw new Fallback();
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value === null) return 'null';
      throw new Fallback();
  }
}

/** The stringify context of a string (the core schema's string tag adds actualString), one per indentation and kind. */
const contexts = new Map<string, StringifyContext>();

function contextFor(indent: string, implicitKey: boolean): StringifyContext {
  const id = `${implicitKey ? 'k' : 'v'}${indent}`;
  let ctx = contexts.get(id);
  if (ctx === undefined) {
    ctx = { actualString: true, doc: DOC, indent, indentStep: '  ', implicitKey, inFlow: null, options: OPTIONS } as unknown as StringifyContext;
    contexts.set(id, ctx);
  }
  return ctx;
}

function isCollection(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
