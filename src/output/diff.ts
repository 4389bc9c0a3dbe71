/**
 * What a synth would change in the output folder: per cluster, per file (one Kubernetes object per file,
 * named after it), added, removed or changed, with the changed fields and a unified diff.
 *
 * Secret values are never part of a change: Secret `data`/`stringData` and SealedSecret `encryptedData`
 * are replaced by placeholders before diffing, and every printed line is masked for AccessKey-like text
 * and credential keys (a hand-edited output folder may hold anything).
 *
 * The bootstrap folder `gitops/` is not a cluster: `gitops/<cluster>/…` belongs to that cluster, the files
 * directly under `gitops/` to no cluster (shown as the GitOps bootstrap, and not counted as a cluster).
 */
import { structuredPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import { Bundle } from '../build/bundle';
import { maskSecrets } from '../config/secrets';
import { compareStrings } from '../config/text';
import { escapeForTerminal } from '../escape/terminal';
import { toYaml } from '../kubernetes/render';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  /** Each starts with ' ', '-', '+' or '\' (no newline at end of file), already masked. */
  readonly lines: readonly string[];
}

export interface FileChange {
  /**
   * The cluster the file belongs to: `<cluster>/…` or `gitops/<cluster>/…`; undefined for the shared
   * bootstrap files directly under `gitops/` and for files at the top of the output folder.
   */
  readonly cluster?: string;
  /** Relative to the output folder, with `/` separators. */
  readonly file: string;
  readonly kind: ChangeKind;
  /** The objects in the file, as `Kind namespace/name`; empty for non-YAML files. */
  readonly objects: readonly string[];
  /** Changed fields of a changed object, as `data.eni_conf`; empty when not known. */
  readonly fields: readonly string[];
  readonly hunks: readonly Hunk[];
  /** Said instead of, or on top of, the hunks: "(secret value changed)", "content not shown …". */
  readonly note?: string;
}

/** Compares the synthesized bundle with what the output folder holds (undefined: no folder yet). */
export function compareOutput(bundle: Bundle, onDisk: ReadonlyMap<string, string> | undefined): FileChange[] {
  const current = onDisk ?? new Map<string, string>();
  const files = [...new Set([...bundle.keys(), ...current.keys()])].sort(compareStrings);
  const changes: FileChange[] = [];
  for (const file of files) {
    const before = current.get(file);
    const after = bundle.get(file);
    if (before === after) continue;
    changes.push(describeChange(file, before, after));
  }
  return changes;
}

function describeChange(file: string, before: string | undefined, after: string | undefined): FileChange {
  const kind: ChangeKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  const cluster = clusterOf(file);
  const isYaml = YAML_FILE.test(file);
  const oldDocs = isYaml && before !== undefined ? parseObjects(before) : undefined;
  const newDocs = isYaml && after !== undefined ? parseObjects(after) : undefined;
  const objects = (newDocs ?? oldDocs ?? []).map(objectLabel).filter((label): label is string => label !== undefined);
  const fields = oldDocs && newDocs ? changedFieldsOfDocs(oldDocs, newDocs) : [];
  const base = { cluster, file, kind, objects, fields };

  // A file in the output folder may have been written by hand: what it holds is only shown when it is
  // certain not to be a Secret's data. A YAML (or JSON) file that does not parse cannot be told apart from
  // one, whatever its name; any other file is a Secret when a line of it says `kind: Secret`.
  const unparsed = isYaml && ((before !== undefined && oldDocs === undefined) || (after !== undefined && newDocs === undefined));
  if (unparsed) return { ...base, hunks: [], note: 'content not shown: it does not parse as YAML, so it may hold a Secret' };
  const secretByName = /(^|\/)(secret|sealedsecret)\.[^/]*$/.test(file);
  const secretByKind = [...(oldDocs ?? []), ...(newDocs ?? [])].some(isSecretObject);
  const secretByText = !isYaml && [before, after].some((text) => text !== undefined && SECRET_KIND_LINE.test(text));
  if (secretByText || (secretByName && !isYaml)) return { ...base, hunks: [], note: 'content not shown: a Secret' };
  if (secretByKind || secretByName) {
    const [oldText, newText, secretChanged] = redactSecrets(oldDocs, newDocs);
    const hunks = lineDiff(file, oldText, newText);
    return { ...base, fields: fields.map(maskSecretField(newDocs ?? oldDocs ?? [])), hunks, note: secretChanged ? '(secret value changed)' : undefined };
  }
  return { ...base, hunks: lineDiff(file, before ?? '', after ?? '') };
}

/** Files read as Kubernetes objects: YAML, and JSON, which is YAML too. */
const YAML_FILE = /\.(ya?ml|json)$/;

/** A line that makes an object a Secret or SealedSecret, in YAML or JSON, quoted or not. */
const SECRET_KIND_LINE = /^[\s{,]*["']?kind["']?\s*:\s*["']?(Sealed)?Secret["']?\s*[,}]?\s*(#.*)?$/im;

/** `a/x.yaml` → a; `gitops/a/x.yaml` → a; `gitops/kustomization.yaml`, `README` → undefined. */
export function clusterOf(file: string): string | undefined {
  const segments = file.split('/');
  if (segments.length < 2) return undefined;
  if (segments[0] !== 'gitops') return segments[0];
  return segments.length >= 3 ? segments[1] : undefined;
}

/** How many clusters the changes touch; the bootstrap files are no cluster. */
export function countClusters(changes: readonly FileChange[]): number {
  return new Set(changes.map((c) => c.cluster).filter((c): c is string => c !== undefined)).size;
}

/**
 * At most this many changed lines are matched up by the line diff (Myers', whose work grows with the file
 * times the changes): a file rewritten by hand (6 MB took 40 s) is shown as its common start and end and
 * one block of changed lines between them instead, which takes one pass.
 */
const MAX_EDIT_LENGTH = 1000;

function lineDiff(file: string, before: string, after: string): Hunk[] {
  const patch = structuredPatch(file, file, before, after, undefined, undefined, { context: 3, maxEditLength: MAX_EDIT_LENGTH }) ?? blockPatch(before, after);
  // GNU diff numbers an empty side from line 0: "@@ -0,0 +1,18 @@" for a new file.
  return patch.hunks.map((h) => ({
    oldStart: h.oldLines === 0 && before === '' ? 0 : h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newLines === 0 && after === '' ? 0 : h.newStart,
    newLines: h.newLines,
    lines: h.lines.map(maskLine),
  }));
}

/**
 * The patch of `before` → `after` as one block: the lines both start and end with are context (3 shown), the
 * rest removed and added. Linear; the result is a correct diff, only not the shortest.
 */
export function blockPatch(
  before: string,
  after: string,
): { hunks: { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }[] } {
  // Each line with whether a line break ends it: only the last line of a file can lack one.
  const split = (text: string) => {
    const lines = text.split('\n').map((line) => ({ line, eol: true }));
    if (lines[lines.length - 1].line === '') lines.pop();
    else lines[lines.length - 1].eol = false;
    return lines;
  };
  const a = split(before);
  const b = split(after);
  const same = (x: { line: string; eol: boolean }, y: { line: string; eol: boolean }) => x.line === y.line && x.eol === y.eol;
  let head = 0;
  while (head < a.length && head < b.length && same(a[head], b[head])) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && same(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
  const from = Math.max(0, head - 3);
  const shownTail = Math.min(3, tail);
  const lines: string[] = [];
  const emit = (prefix: string, entries: readonly { line: string; eol: boolean }[]) => {
    for (const entry of entries) {
      lines.push(`${prefix}${entry.line}`);
      if (!entry.eol) lines.push('\\ No newline at end of file');
    }
  };
  emit(' ', a.slice(from, head));
  emit('-', a.slice(head, a.length - tail));
  emit('+', b.slice(head, b.length - tail));
  emit(' ', a.slice(a.length - tail, a.length - tail + shownTail));
  const context = head - from + shownTail;
  const oldLines = context + a.length - tail - head;
  const newLines = context + b.length - tail - head;
  return { hunks: [{ oldStart: from + 1, oldLines, newStart: from + 1, newLines, lines }] };
}

type Doc = Record<string, unknown>;

function parseObjects(text: string): Doc[] | undefined {
  try {
    // uniqueKeys: false: the parser's own duplicate-key check compares each key with every earlier one of its
    // mapping, which made a hand-edited file of 60,000 keys take minutes; a duplicate changes nothing shown here.
    const docs = parseAllDocuments(text, { uniqueKeys: false });
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
    return docs.map((d) => d.toJS() as unknown).filter((v): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v));
  } catch {
    return undefined;
  }
}

function objectLabel(doc: Doc): string | undefined {
  const metadata = (doc.metadata ?? {}) as Doc;
  if (typeof doc.kind !== 'string' || typeof metadata.name !== 'string') return undefined;
  const namespace = typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : '';
  return `${doc.kind} ${namespace}${metadata.name}`;
}

const MAX_FIELDS = 20;

function changedFieldsOfDocs(before: readonly Doc[], after: readonly Doc[]): string[] {
  const fields: string[] = [];
  if (before.length === 1 && after.length === 1) collectChangedFields(before[0], after[0], '', fields);
  else collectChangedFields(before, after, '', fields);
  return fields.length > MAX_FIELDS ? [...fields.slice(0, MAX_FIELDS), `… ${fields.length - MAX_FIELDS} more`] : fields;
}

function collectChangedFields(a: unknown, b: unknown, prefix: string, out: string[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings)) {
      const name = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
      collectChangedFields(a[key], b[key], prefix === '' ? name : `${prefix}.${name}`, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => collectChangedFields(item, b[i], `${prefix}[${i}]`, out));
    return;
  }
  if (!deepEqual(a, b)) out.push(prefix === '' ? '(whole object)' : prefix);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---- secrets ----

const SECRET_PLACEHOLDER = '(secret value)';
const SECRET_CHANGED = '(secret value changed)';

function isSecretObject(doc: Doc): boolean {
  return doc.kind === 'Secret' || doc.kind === 'SealedSecret';
}

/** Where an object keeps its secret values: maps whose values are all secret. */
function secretMaps(doc: Doc): string[][] {
  if (doc.kind === 'Secret') return [['data'], ['stringData']];
  if (doc.kind === 'SealedSecret') return [['spec', 'encryptedData']];
  return [];
}

/**
 * Both sides rendered with every secret value replaced: the same placeholder where a value did not change,
 * another where it did, so the line diff shows which key changed and never what it holds.
 */
function redactSecrets(before: readonly Doc[] | undefined, after: readonly Doc[] | undefined): [string, string, boolean] {
  const oldDocs = (before ?? []).map((d) => structuredClone(d));
  const newDocs = (after ?? []).map((d) => structuredClone(d));
  let changed = false;
  const identity = (d: Doc) => objectLabel(d) ?? '';
  // The first object of each identity on each side, looked up by map: a search per object made a file of
  // many documents quadratic.
  const firstByIdentity = (docs: readonly Doc[]) => {
    const byIdentity = new Map<string, Doc>();
    for (const d of docs) if (!byIdentity.has(identity(d))) byIdentity.set(identity(d), d);
    return byIdentity;
  };
  const oldByIdentity = firstByIdentity(oldDocs);
  const newByIdentity = firstByIdentity(newDocs);
  const isNewDoc = new Set(newDocs);
  for (const doc of [...oldDocs, ...newDocs]) {
    for (const mapPath of secretMaps(doc)) {
      const map = getPath(doc, mapPath);
      if (!isPlainObject(map)) continue;
      const isNew = isNewDoc.has(doc);
      const counterpart = (isNew ? oldByIdentity : newByIdentity).get(identity(doc));
      const otherMap = counterpart ? getPath(counterpart, mapPath) : undefined;
      for (const key of Object.keys(map)) {
        const other = isPlainObject(otherMap) ? otherMap[key] : undefined;
        const differs = other !== undefined && !deepEqual(other, map[key]);
        if (isNew && differs) changed = true;
        if (isNew && other === undefined && counterpart !== undefined) changed = true;
        map[key] = isNew && differs ? SECRET_CHANGED : SECRET_PLACEHOLDER;
      }
    }
  }
  const render = (docs: Doc[]) => docs.map((d) => toYaml(d)).join('---\n');
  return [before === undefined ? '' : render(oldDocs), after === undefined ? '' : render(newDocs), changed];
}

function getPath(doc: Doc, path: readonly string[]): unknown {
  let value: unknown = doc;
  for (const key of path) value = isPlainObject(value) ? value[key] : undefined;
  return value;
}

/** A field inside a secret map is named by its key only: the key is not secret, its value is. */
function maskSecretField(docs: readonly Doc[]): (field: string) => string {
  const prefixes = docs.flatMap((d) => secretMaps(d).map((p) => p.join('.')));
  return (field) => (prefixes.some((p) => field.startsWith(`${p}.`)) ? `${field} ${SECRET_CHANGED}` : field);
}

/** A key assigned a value, in JSON, YAML or a shell: `"key": `, `key: `, `KEY=`. Starts only where a word starts: linear. */
const ASSIGNMENT = /(?<![A-Za-z0-9_-])(["']?)([A-Za-z0-9_-]+)\1\s*[:=]\s*/g;
/** access_key / access_secret / accessKeySecret / password / token, in a key's name. */
const CREDENTIAL_KEY = /access_?key|access_?secret|secret_?key|password|passwd|token/i;

/**
 * Masks credentials in a line of output, whatever file it comes from: the shapes every message masks
 * (maskSecrets: AccessKeys, STS and join tokens, URL credentials), then any value assigned to a key whose
 * name says it is a credential (the first such key of the line: what follows it is its value).
 */
export function maskLine(line: string): string {
  // The one secret detector (config/secrets.ts): a plain user name in a URL (`ssh://git@host/…`) stays as
  // written; passwords and tokens are masked. Escaped as well: a hand-edited file may hold ANSI escapes.
  const masked = escapeForTerminal(maskSecrets(line));
  for (const m of masked.matchAll(ASSIGNMENT)) {
    if (!CREDENTIAL_KEY.test(m[2])) continue;
    const valueStart = m.index + m[0].length;
    let valueEnd = masked.length;
    while (valueEnd > valueStart && /\s/.test(masked[valueEnd - 1])) valueEnd--;
    if (valueEnd > valueStart && masked[valueEnd - 1] === ',') valueEnd--;
    const value = masked.slice(valueStart, valueEnd);
    if (value === '' || /^["']?\(secret value( changed)?\)["']?$/.test(value) || /^[|>-]*$/.test(value.trim())) return masked;
    return `${masked.slice(0, valueStart)}${SECRET_PLACEHOLDER}${masked.slice(valueEnd)}`;
  }
  return masked;
}

// ---- report ----

export interface RenderOptions {
  /** The output folder as shown to users, prefixed to file names. */
  readonly outDir: string;
  /** ANSI colours (on a TTY unless NO_COLOR is set). */
  readonly color: boolean;
  /** Only the list of files, no hunks. */
  readonly nameOnly?: boolean;
}

const SGR = { bold: '1', red: '31', green: '32', cyan: '36', yellow: '33' } as const;

/** The changes as lines: per cluster a header, per file its objects, fields and unified diff. */
export function renderChanges(changes: readonly FileChange[], options: RenderOptions): string[] {
  const paint = (code: keyof typeof SGR, text: string) => (options.color ? `\u001b[${SGR[code]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const ordered = [...changes].sort((a, b) => (a.cluster === undefined ? 1 : 0) - (b.cluster === undefined ? 1 : 0));
  for (const [group, ofGroup] of groupBy(ordered, (c) => c.cluster ?? '')) {
    const title = group === '' ? `GitOps bootstrap and shared files (${options.outDir}/gitops)` : `cluster ${group}`;
    lines.push(paint('bold', `== ${title}: ${countKinds(ofGroup)}`));
    for (const change of ofGroup) {
      const where = `${options.outDir}/${change.file}`;
      const what = change.objects.length > 0 ? ` ${change.objects.join(', ')}` : '';
      const color = change.kind === 'added' ? 'green' : change.kind === 'removed' ? 'red' : 'yellow';
      const inFolder =
        change.cluster !== undefined && change.file.startsWith(`${change.cluster}/`) ? change.file.slice(change.cluster.length + 1) : change.file;
      lines.push(`${paint(color, change.kind)}${what} ${options.nameOnly || what === '' ? where : `(${inFolder})`}`);
      if (options.nameOnly) continue;
      if (change.fields.length > 0) lines.push(`  fields: ${change.fields.join(', ')}`);
      if (change.note) lines.push(`  ${change.note}`);
      if (change.hunks.length === 0) continue;
      lines.push(paint('bold', `--- ${change.kind === 'added' ? '/dev/null' : where}`));
      lines.push(paint('bold', `+++ ${change.kind === 'removed' ? '/dev/null' : `${where} (synthesized)`}`));
      for (const hunk of change.hunks) {
        lines.push(paint('cyan', `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
        for (const line of hunk.lines) {
          lines.push(line.startsWith('+') ? paint('green', line) : line.startsWith('-') ? paint('red', line) : line);
        }
      }
    }
  }
  return lines;
}

/** "2 changed, 1 added" (kinds with none left out). */
export function countKinds(changes: readonly FileChange[]): string {
  const counts = (['changed', 'added', 'removed'] as const)
    .map((kind) => [kind, changes.filter((c) => c.kind === kind).length] as const)
    .filter(([, n]) => n > 0);
  return counts.map(([kind, n]) => `${n} ${kind}`).join(', ');
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Colour only on a terminal; NO_COLOR (any value) turns it off, FORCE_COLOR (not "0") on. */
export function wantsColor(isTty: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTty;
}
