/**
 * Writes `terway.credentials.encryptedData` into a cluster file's text and nothing else: the new text is
 * spliced in at the node's source range (found with the yaml Document API), so every other byte, comment,
 * blank line and line ending stays; the result must parse, validate, and equal the original with only that
 * node replaced, or nothing is written.
 */
import { isDeepStrictEqual } from 'util';
import { isMap, isScalar, Node, Pair, YAMLMap } from 'yaml';
import { parseClusterFile } from '../config/load';
import { UserError } from '../config/problems';
import { ParsedSource } from '../config/source';

/** Where the credentials mode, certificate and encryptedData live in a cluster file. */
export const CREDENTIALS = ['terway', 'credentials'] as const;

/**
 * The file's text with `terway.credentials.encryptedData` set, everything else byte for byte as it was.
 * A block mapping gets a block mapping at its indentation; anything in flow style gets a flow mapping.
 */
export function withEncryptedData(source: ParsedSource, text: string, values: Readonly<Record<string, string>>): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entries = Object.entries(values);
  const flow = `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
  const block = (indent: string) => entries.map(([k, v]) => `${indent}${k}: ${v}`).join(eol);
  const credentials = source.doc.getIn([...CREDENTIALS], true);
  if (credentials === undefined && source.defaults !== undefined) throw inheritedOnly(source.file, source.defaults.file);
  if (!isMap(credentials) || !credentials.range) throw unplaceable(source.file);
  const existing = credentials.items.find((pair) => isScalar(pair.key) && pair.key.value === 'encryptedData') as Pair<Node, Node | null> | undefined;

  let spliced: string;
  if (existing && isMap(existing.value) && !existing.value.flow && existing.value.range) {
    const [start, end] = existing.value.range;
    const indent = ' '.repeat(columnOf(text, start));
    spliced = splice(text, start, end, `${block(indent).slice(indent.length)}${text.slice(start, end).endsWith('\n') ? eol : ''}`);
  } else if (existing && existing.value?.range && existing.value.range[1] > existing.value.range[0]) {
    spliced = splice(text, existing.value.range[0], existing.value.range[1], flow);
  } else if (existing) {
    // `encryptedData:` with nothing after it: the value goes right after the colon.
    const keyEnd = (existing.key as Node).range![1];
    const colon = text.indexOf(':', keyEnd);
    spliced = splice(text, colon + 1, colon + 1, ` ${flow}`);
  } else if (credentials.flow) {
    const last = lastValueEnd(credentials);
    spliced = splice(text, last, last, `, encryptedData: ${flow}`);
  } else {
    const [start, end] = credentials.range;
    const indent = ' '.repeat(columnOf(text, start));
    const atLineStart = end === 0 || text[end - 1] === '\n';
    spliced = splice(text, end, end, `${atLineStart ? '' : eol}${indent}encryptedData:${eol}${block(`${indent}  `)}${atLineStart ? eol : ''}`);
  }
  verify(source, spliced, values);
  return spliced;
}

/** The spliced text must parse, validate, and differ from the original in encryptedData only. */
function verify(source: ParsedSource, spliced: string, values: Readonly<Record<string, string>>): void {
  const result = parseClusterFile(source.file, spliced, source.defaults);
  // Plain JSON copies on both sides: the parser's objects need not share a prototype with ours.
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));
  const expected = plain(source.data) as Record<string, Record<string, Record<string, unknown>>>;
  expected.terway.credentials.encryptedData = { ...values };
  if (result.problems.length > 0 || !isDeepStrictEqual(plain(result.source?.data), expected)) throw unplaceable(source.file);
}

/** A layout seal does not edit (an alias, a merge key, a tag): refused rather than rewritten. */
function unplaceable(file: string): UserError {
  return new UserError(
    `${file}: seal cannot write terway.credentials.encryptedData into this layout without changing other values ` +
      '(an alias, a merge key or a tag): write terway.credentials as a plain mapping and run seal again; the file was left as it was',
  );
}

/** The mode comes from the defaults file: the ciphertext is the cluster's own, and goes into its own file. */
function inheritedOnly(file: string, defaults: string): UserError {
  return new UserError(
    `${file}: terway.credentials comes from ${defaults} only, and seal writes encryptedData into the cluster file's own: ` +
      'add "terway:\n  credentials:\n    mode: sealed-secrets" to the cluster file and run seal again; the file was left as it was',
  );
}

function lastValueEnd(map: YAMLMap): number {
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null>;
  return (last.value?.range ?? last.key.range!)[1];
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}
