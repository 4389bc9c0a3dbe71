/**
 * A cluster file parsed with source positions, so every problem can name its line and column.
 */
import { Document, isMap, isScalar, isSeq, LineCounter, Node, Pair, parseAllDocuments, YAMLMap } from 'yaml';
import { describeValue, fieldPath } from './describe';
import { Problem } from './problems';

/** Larger files are refused before parsing: a cluster file is a few hundred lines. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface ParsedSource {
  readonly file: string;
  /** The file's values; merged over the defaults file's when `defaults` is set (defaults.ts). */
  readonly data: unknown;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The folder's defaults file, when this file was merged over it: a value this file does not set is located there. */
  readonly defaults?: ParsedSource;
}

export interface Position {
  readonly line: number;
  readonly column: number;
  /**
   * Set only when the position is in another file than the one located in: a value a cluster file takes from
   * the defaults file. Spread after `file:` in a problem, it names that file.
   */
  readonly file?: string;
}

/**
 * A cluster file's bytes as text: refused when it is binary or not UTF-8, so that no problem message
 * shows replacement characters instead of what the user wrote.
 */
export function decodeText(file: string, bytes: Uint8Array): { text?: string; problems: Problem[] } {
  if (bytes.includes(0)) return wholeFile(file, 'binary data (a NUL byte)', 'a YAML text file');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), problems: [] };
  } catch {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const before = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n');
    return {
      problems: [
        {
          file,
          line: before.length,
          column: before[before.length - 1].length + 1,
          field: '',
          found: 'bytes that are not UTF-8 text',
          allowed: 'a YAML file saved as UTF-8',
        },
      ],
    };
  }
}

/** Parser errors that mostly mean a line is indented wrongly. */
const INDENTATION_ERRORS: ReadonlySet<string> = new Set(['BAD_INDENT', 'TAB_AS_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

/** Parses one YAML document; a file that is not exactly one valid document gives problems instead. */
export function parseSource(file: string, text: string): { source?: ParsedSource; problems: Problem[] } {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) return tooLarge(file, Buffer.byteLength(text));
  if (text.includes('\u0000')) return wholeFile(file, 'binary data (a NUL byte)', 'a YAML text file');

  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  // Duplicate keys are found below, with their field path, rather than by the parser.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (docs.length === 0) {
    return wholeFile(file, /\S/.test(text) ? 'only comments' : 'an empty file', 'one YAML mapping describing a cluster');
  }
  // Only the first syntax error: the parser's later ones mostly follow from it (one tab gives five).
  const syntaxError = docs.flatMap((doc) => doc.errors)[0];
  if (syntaxError) {
    return {
      problems: [
        {
          ...at(syntaxError.pos[0]),
          field: '',
          found: `invalid YAML (${firstLine(syntaxError.message)})`,
          allowed: 'valid YAML 1.2',
          hint: INDENTATION_ERRORS.has(syntaxError.code)
            ? 'check the indentation of this line and the next: spaces only, keys of one mapping aligned'
            : undefined,
        },
      ],
    };
  }
  if (docs.length !== 1) {
    return {
      problems: [{ ...at(docs[1].range[0]), field: '', found: `${docs.length} YAML documents`, allowed: 'one cluster per file' }],
    };
  }
  const doc = docs[0];
  const problems: Problem[] = doc.warnings.map((warning) => ({
    ...at(warning.pos[0]),
    field: '',
    found:
      warning.code === 'TAG_RESOLVE_FAILED'
        ? `an unknown tag ${JSON.stringify(text.slice(warning.pos[0], warning.pos[1]))}`
        : `questionable YAML (${firstLine(warning.message)})`,
    allowed: 'plain values without tags: a cluster file needs none',
  }));
  problems.push(...checkKeys(doc.contents, [], at), ...checkTags(doc.contents, [], at));
  // A collection as a key would make toJS() print a warning of its own: stop here.
  if (problems.length > 0) return { problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml throws ReferenceError for alias bombs ("billion laughs"): the file's fault, not ours.
    return wholeFile(file, `YAML that cannot be expanded (${firstLine(String((error as Error).message))})`, 'plain YAML with few aliases');
  }
  if (data === null || data === undefined) {
    return wholeFile(file, 'an empty document', 'one YAML mapping describing a cluster');
  }
  return { source: { file, data, doc, lineCounter }, problems: [] };
}

export function tooLarge(file: string, bytes: number): { problems: Problem[] } {
  return wholeFile(file, `a file of ${bytes} bytes`, `a cluster file of at most ${MAX_FILE_BYTES} bytes`);
}

function wholeFile(file: string, found: string, allowed: string): { problems: Problem[] } {
  return { problems: [{ file, line: 0, column: 0, field: '', found, allowed }] };
}

/** Keys that are lists or mappings, and keys given twice in one mapping (YAML forbids it; people do it). */
function checkKeys(node: unknown, path: readonly (string | number)[], at: (offset: number) => Pick<Problem, 'file' | 'line' | 'column'>): Problem[] {
  const problems: Problem[] = [];
  if (isMap(node)) {
    /** Where each key is first, as an offset: its line is only worked out for a key given twice. */
    const firstOffsets = new Map<string, number>();
    for (const pair of node.items) {
      const offset = rangeStart(pair.key) ?? rangeStart(node) ?? 0;
      if (!isScalar(pair.key)) {
        problems.push({
          ...at(offset),
          field: fieldPath(path),
          found: 'a list or mapping used as a key',
          allowed: 'plain keys such as nodeCidr',
        });
        continue;
      }
      const key = String(pair.key.value);
      const first = firstOffsets.get(key);
      if (first !== undefined) {
        problems.push({
          ...at(offset),
          field: fieldPath([...path, key]),
          found: `the key ${describeValue(key)} a second time (first at line ${at(first).line})`,
          allowed: 'each key once in a mapping',
        });
      } else {
        firstOffsets.set(key, offset);
      }
      problems.push(...checkKeys(pair.value, [...path, key], at));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => problems.push(...checkKeys(item, [...path, i], at)));
  }
  return problems;
}

/** The tags of YAML's core schema: they only say what a plain value already is (`!!str 1.30`). */
const CORE_TAGS: ReadonlySet<string> = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** What the other known tags make of a value, for the message. */
const TAG_MEANINGS: Readonly<Record<string, string>> = {
  'tag:yaml.org,2002:binary': 'binary data',
  'tag:yaml.org,2002:timestamp': 'a date and time',
  'tag:yaml.org,2002:set': 'a set',
  'tag:yaml.org,2002:omap': 'an ordered mapping',
  'tag:yaml.org,2002:pairs': 'a list of pairs',
};

/**
 * Values with a tag beyond the core schema's (`!!binary`, `!!timestamp`, `!!set`…): they become bytes, dates
 * or sets, which no field takes and which would otherwise be reported as "a mapping". Unknown tags are the
 * parser's warnings, reported above.
 */
function checkTags(node: unknown, path: readonly (string | number)[], at: (offset: number) => Pick<Problem, 'file' | 'line' | 'column'>): Problem[] {
  const problems: Problem[] = [];
  const tag = node instanceof Object && 'tag' in node ? (node as Node).tag : undefined;
  if (tag !== undefined && !CORE_TAGS.has(tag) && TAG_MEANINGS[tag] !== undefined) {
    problems.push({
      ...at(rangeStart(node) ?? 0),
      field: fieldPath(path),
      found: `a value tagged ${tag.replace('tag:yaml.org,2002:', '!!')}, which makes it ${TAG_MEANINGS[tag]}`,
      allowed: 'plain values without tags: a cluster file needs none (write the value itself, quoted if it must stay text)',
    });
    return problems;
  }
  if (isMap(node)) {
    for (const pair of node.items) if (isScalar(pair.key)) problems.push(...checkTags(pair.value, [...path, String(pair.key.value)], at));
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => problems.push(...checkTags(item, [...path, i], at)));
  }
  return problems;
}

/**
 * Where `path` is in the file. For a key that is present, its value (or, with `atKey`, the key itself);
 * for a key that is missing, the nearest mapping that exists on the way. In a file merged over the defaults
 * file, a value the file does not set is located in the defaults file, where it came from.
 */
export function locate(source: ParsedSource, path: readonly PropertyKey[], atKey = false): Position {
  const own = locateIn(source, path, atKey);
  if (own.complete || source.defaults === undefined) return own.position;
  const inherited = locateIn(source.defaults, path, atKey);
  return inherited.complete ? { ...inherited.position, file: source.defaults.file } : own.position;
}

/** The position of `path` in this file's own text, and whether the whole path is there. */
function locateIn(source: ParsedSource, path: readonly PropertyKey[], atKey: boolean): { position: Position; complete: boolean } {
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  // Where the current node's key is: a missing key is reported there ("nodeInit:"), not at a sibling.
  let keyOffset = 0;
  let complete = true;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairOf(node, segment);
      if (!pair) {
        offset = keyOffset;
        complete = false;
        break;
      }
      keyOffset = rangeStart(pair.key) ?? keyOffset;
      if (last && atKey) {
        offset = rangeStart(pair.key) ?? offset;
        break;
      }
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
      keyOffset = offset;
    } else {
      complete = false;
      break;
    }
  }
  const { line, col } = source.lineCounter.linePos(offset);
  return { position: { line, column: col }, complete };
}

/** Each mapping's pairs by key (the first of a key given twice), made on the first lookup in it. */
const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * The pair of `key` in `map`. Indexed once per mapping: a search per lookup made a file with thousands of
 * problems in one mapping (a node pool's labels) take minutes, each problem being located.
 */
function pairOf(map: YAMLMap, key: PropertyKey): Pair | undefined {
  let index = pairsByKey.get(map);
  if (index === undefined) {
    index = new Map();
    for (const item of map.items) {
      if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item as Pair);
    }
    pairsByKey.set(map, index);
  }
  return index.get(String(key));
}

/** The value at `path` in parsed data; undefined where the path leaves the data. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function rangeStart(node: unknown): number | undefined {
  return node instanceof Object && 'range' in node && Array.isArray((node as Node).range) ? (node as Node).range![0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The scalar at `path` as written in the file (or the defaults file it takes it from): `1.30` where YAML read the number 1.3. */
export function writtenAt(source: ParsedSource, path: readonly PropertyKey[]): string | undefined {
  const own = writtenIn(source, path);
  return own !== undefined || source.defaults === undefined || locateIn(source, path, false).complete ? own : writtenIn(source.defaults, path);
}

function writtenIn(source: ParsedSource, path: readonly PropertyKey[]): string | undefined {
  let node: unknown = source.doc.contents;
  for (const segment of path) {
    if (isMap(node)) node = pairOf(node, segment)?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return isScalar(node) ? node.source : undefined;
}
