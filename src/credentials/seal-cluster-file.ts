/**
 * `ack-hybrid seal <cluster>`: seals Terway's AccessKey for the cluster's sealed-secrets certificate and
 * writes the ciphertext into the cluster file as `terway.credentials.encryptedData`.
 *
 * The cluster file is the user's: this is the one command that writes it, and it changes nothing but that
 * one node. The new text is spliced into the original at the node's source range (found with the yaml
 * Document API), so every other byte, comment and blank line stays as it was; the result is parsed and
 * validated again, and must equal the original with only encryptedData replaced, before it replaces the
 * file atomically (temporary file in the same folder, fsync, rename). Symbolic links and anything that is
 * not a regular file are refused, as is a file that changed while sealing.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { isMap, isScalar, Node, Pair, YAMLMap } from 'yaml';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, ADDON_SECRET } from '../../charts/terway-credentials';
import { DNS_LABEL } from '../config/formats';
import { displayPath, parseClusterFile } from '../config/load';
import { describeValue, InvalidClustersError, Problem, UserError } from '../config/problems';
import { decodeText, locate, MAX_FILE_BYTES, ParsedSource, parseSource, valueAt } from '../config/source';
import { AskHidden, Environment, readAccessKey } from './access-key';
import { encryptionLabel, sealingKey, sealValue } from './seal';

const CREDENTIALS = ['terway', 'credentials'] as const;
const ENCRYPTED_DATA = [...CREDENTIALS, 'encryptedData'] as const;
/** A certificate is a few kilobytes; a larger "certificate" is not one (and /dev/zero would never end). */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

export interface SealOptions {
  /** The folder of cluster files. */
  readonly clustersDir: string;
  /** The cluster's `name:`. */
  readonly cluster: string;
  readonly env: Environment;
  readonly ask: AskHidden;
}

export interface SealResult {
  /** The cluster file, as shown to users. */
  readonly file: string;
  /** The certificate the values were sealed for, as written in the cluster file. */
  readonly certificate: string;
}

export function sealClusterFile(options: SealOptions): SealResult {
  const full = findClusterFile(options.clustersDir, options.cluster);
  const file = displayPath(full);
  const before = regularFile(file, full);
  const text = readText(file, full);
  const source = parse(file, text);

  requireSealedSecretsMode(source);
  // Everything but encryptedData must already be valid: seal writes only that node, and only into a good file.
  const problems = parseClusterFile(file, text).problems.filter((p) => !p.field.startsWith(ENCRYPTED_DATA.join('.')));
  if (problems.length > 0) throw new InvalidClustersError(problems);

  const certificate = valueAt(source.data, [...CREDENTIALS, 'certificate']) as string;
  const key = readCertificate(source, path.dirname(full), certificate);
  const accessKey = readAccessKey(options.env, options.ask);
  const label = encryptionLabel(ADDON_SECRET.namespace, ADDON_SECRET.name, 'strict');
  const encryptedData = {
    [ACCESS_KEY_ID]: sealValue(key, label, accessKey.id),
    [ACCESS_KEY_SECRET]: sealValue(key, label, accessKey.secret),
  };

  const sealed = withEncryptedData(source, text, encryptedData);
  replaceFile(file, full, before, sealed);
  return { file, certificate };
}

/** The file in `dir` whose `name:` is `cluster`; files that do not parse are skipped here (validate reports them). */
export function findClusterFile(dir: string, cluster: string): string {
  if (!DNS_LABEL.test(cluster)) {
    throw new UserError(`the cluster ${describeValue(cluster)} is not a cluster name: give the name: of a cluster file, ${DNS_LABEL.allowed}`);
  }
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('.')).sort();
  } catch (error) {
    throw new UserError(`the clusters folder ${displayPath(dir)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): pass --clusters DIR`);
  }
  const found: string[] = [];
  const seen: string[] = [];
  for (const n of names) {
    const full = path.join(dir, n);
    try {
      const stat = fs.statSync(full);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) continue;
      const { text } = decodeText(n, fs.readFileSync(full));
      const name = text === undefined ? undefined : valueAt(parseSource(n, text).source?.data, ['name']);
      if (typeof name !== 'string') continue;
      seen.push(name);
      if (name === cluster) found.push(full);
    } catch {
      continue;
    }
  }
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    throw new UserError(`${found.map(displayPath).join(' and ')} are both named ${JSON.stringify(cluster)}: names must be unique; fix them, then seal`);
  }
  throw new UserError(
    `no cluster file in ${displayPath(dir)} is named ${JSON.stringify(cluster)}` +
      (seen.length > 0 ? `; the names there: ${seen.sort().join(', ')}` : '') +
      ' (seal takes the name: of a cluster file; pass --clusters DIR for another folder)',
  );
}

function regularFile(file: string, full: string): fs.Stats {
  const stat = fs.lstatSync(full);
  if (stat.isSymbolicLink() || !stat.isFile()) {
    throw new InvalidClustersError([{
      file, line: 0, column: 0, field: '',
      found: stat.isSymbolicLink() ? 'a symbolic link' : 'something that is not a regular file',
      allowed: 'a regular file: seal replaces the file it writes, and would replace the link instead of its target; seal the file itself',
    }]);
  }
  return stat;
}

function readText(file: string, full: string): string {
  const { text, problems } = decodeText(file, fs.readFileSync(full));
  if (text === undefined) throw new InvalidClustersError(problems);
  return text;
}

function parse(file: string, text: string): ParsedSource {
  const { source, problems } = parseSource(file, text);
  if (!source) throw new InvalidClustersError(problems);
  return source;
}

function requireSealedSecretsMode(source: ParsedSource): void {
  const mode = valueAt(source.data, [...CREDENTIALS, 'mode']);
  if (mode === 'sealed-secrets') return;
  const problem: Problem = {
    file: source.file,
    ...locate(source, mode === undefined ? [...CREDENTIALS] : [...CREDENTIALS, 'mode']),
    field: `${CREDENTIALS.join('.')}.mode`,
    found: mode === undefined ? 'nothing: the key is missing' : describeValue(mode),
    allowed: '"sealed-secrets", with the controller\'s certificate: seal writes encryptedData only for that mode ' +
      '(terway: { credentials: { mode: sealed-secrets, certificate: certs/sealed-secrets.pem } })',
  };
  throw new InvalidClustersError([problem]);
}

function readCertificate(source: ParsedSource, dir: string, certificate: string): crypto.KeyObject {
  const problem = (found: string): never => {
    throw new InvalidClustersError([{
      file: source.file, ...locate(source, [...CREDENTIALS, 'certificate']), field: `${CREDENTIALS.join('.')}.certificate`, found,
      allowed: 'the sealed-secrets controller\'s certificate, relative to the cluster file, e.g. from `kubeseal --fetch-cert > certs/sealed-secrets.pem`',
    }]);
  };
  const full = path.resolve(dir, certificate);
  const shown = JSON.stringify(displayPath(full));
  let stat: fs.Stats;
  let pem: string;
  try {
    stat = fs.statSync(full);
    // Read only a regular file of certificate size: a device or a FIFO would never end.
    pem = stat.isFile() && stat.size <= MAX_CERTIFICATE_BYTES ? fs.readFileSync(full, 'utf8') : '';
  } catch (error) {
    return problem(`${shown}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  if (!stat.isFile()) return problem(`${shown}, which is not a regular file`);
  if (stat.size > MAX_CERTIFICATE_BYTES) return problem(`${shown}, a file of ${stat.size} bytes`);
  try {
    return sealingKey(pem);
  } catch (error) {
    return problem(`${JSON.stringify(displayPath(full))}, which is not a PEM certificate with an RSA key (${error instanceof Error ? error.message : String(error)})`);
  }
}

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
  const result = parseClusterFile(source.file, spliced);
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

/** Replaces the file with `text` atomically, keeping its mode; refuses when the file changed since it was read. */
function replaceFile(file: string, full: string, before: fs.Stats, text: string): void {
  const dir = path.dirname(full);
  const temporary = path.join(dir, `.${path.basename(full)}.${crypto.randomBytes(6).toString('hex')}.seal.tmp`);
  const fd = fs.openSync(temporary, 'wx', before.mode & 0o777);
  try {
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const now = fs.lstatSync(full);
    if (!now.isFile() || now.ino !== before.ino || now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
      throw new UserError(`${file} changed while seal ran: nothing was written; run seal again`);
    }
    fs.renameSync(temporary, full);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dir);
}

/** Makes the rename durable; some file systems cannot fsync a folder, which only weakens that. */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Durability only: the rename itself has happened.
  }
}
