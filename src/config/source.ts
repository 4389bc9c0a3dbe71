/**
 * A cluster file parsed with source positions, so every problem can name its line and column.
 */
import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments } from 'yaml';
import { Problem } from './problems';

/** Larger files are refused before parsing: a cluster file is a few hundred lines. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface ParsedSource {
  readonly file: string;
  readonly data: unknown;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Parses one YAML document; a file that is not exactly one valid document gives problems instead. */
export function parseSource(file: string, text: string): { source?: ParsedSource; problems: Problem[] } {
  const whole = (found: string, allowed: string): { problems: Problem[] } => ({
    problems: [{ file, line: 0, column: 0, field: '', found, allowed }],
  });
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    return whole(`a file of ${Buffer.byteLength(text)} bytes`, `a cluster file of at most ${MAX_FILE_BYTES} bytes`);
  }
  if (text.includes('\u0000')) return whole('binary data (a NUL byte)', 'a YAML text file');

  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) {
    return whole('an empty file', 'one YAML mapping describing a cluster');
  }
  const errors = docs.flatMap((doc) => doc.errors);
  if (errors.length > 0) {
    return {
      problems: errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return {
          file,
          line,
          column: col,
          field: '',
          found: `invalid YAML (${firstLine(error.message)})`,
          allowed: 'valid YAML 1.2',
        };
      }),
    };
  }
  if (docs.length !== 1) {
    const { line, col } = lineCounter.linePos(docs[1].range[0]);
    return {
      problems: [{ file, line, column: col, field: '', found: `${docs.length} YAML documents`, allowed: 'one cluster per file' }],
    };
  }
  const doc = docs[0];
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml throws ReferenceError for alias bombs ("billion laughs"): the file's fault, not ours.
    return whole(`YAML that cannot be expanded (${firstLine(String((error as Error).message))})`, 'plain YAML with few aliases');
  }
  if (data === null || data === undefined) {
    return whole('an empty file', 'one YAML mapping describing a cluster');
  }
  return { source: { file, data, doc, lineCounter }, problems: [] };
}

/**
 * Where `path` is in the file. For a key that is present, its value (or, with `atKey`, the key itself);
 * for a key that is missing, the nearest mapping that exists on the way.
 */
export function locate(source: ParsedSource, path: readonly PropertyKey[], atKey = false): Position {
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  // Where the current node's key is: a missing key is reported there ("nodeInit:"), not at a sibling.
  let keyOffset = 0;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (!pair) {
        offset = keyOffset;
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
      break;
    }
  }
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

function rangeStart(node: unknown): number | undefined {
  return node instanceof Object && 'range' in node && Array.isArray((node as Node).range)
    ? (node as Node).range![0]
    : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
