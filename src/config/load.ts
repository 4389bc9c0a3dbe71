/**
 * load → validate → typed spec: every cluster file of a folder, or all their problems at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readRegularFile } from '../fs/regular-file';
import { escapeForTerminal } from '../escape/terminal';
import { checkPlan } from './plan';
import { checkFleet, FleetMember, fleetMember } from './rules/fleet';
import { formatProblem, InvalidClustersError, Problem, sortProblems, UserError } from './problems';
import { checkReferences, referencedFiles } from './references';
import { ClusterSpec } from './schema';
import { checkSecrets } from './secret-fields';
import { checkShape } from './shape';
import { DEFAULTS_FILE, gatherDefaultsProblems, overDefaults, parseDefaults } from './defaults';
import { decodeText, locate, MAX_FILE_BYTES, ParsedSource, parseSource, tooLarge } from './source';
import { clusterWarnings } from './warnings';
import { compareStrings } from './text';

export interface LoadedCluster {
  /** The file as shown to users. */
  readonly file: string;
  /** The folder the file is in: paths inside a cluster file are relative to it. */
  readonly dir: string;
  readonly spec: ClusterSpec;
  /**
   * What the file is accepted with but should change (warnings.ts); printed by every command, errors with
   * --strict. Absent in clusters built by hand (library users, tests): none.
   */
  readonly warnings?: readonly Problem[];
}

const CLUSTER_FILE = /\.ya?ml$/;
/**
 * The names a cluster file may have. The name reaches the node-init script, the runbook and every
 * message: a line break, a quote or a `$` in it is refused rather than escaped in each of those places.
 */
const SAFE_CLUSTER_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;

/** Whether a cluster file may have this name (no folder): what validate and synth read, and init may write. */
export function isClusterFileName(name: string): boolean {
  return SAFE_CLUSTER_FILE.test(name);
}

/** What validate says of a file name it refuses, for init to say the same before it writes one. */
export const CLUSTER_FILE_NAME_RULE = 'a cluster file named like idc-hangzhou.yaml: letters, digits, ".", "_", "-", starting with a letter or digit';

/**
 * Validates one file's text; `file` is only used to name it in problems. With `defaults` (the folder's
 * defaults file, parsed), the file is merged over it first (defaults.ts).
 */
export function parseClusterFile(
  file: string,
  text: string,
  defaults?: ParsedSource,
): { spec?: ClusterSpec; source?: ParsedSource; problems: Problem[]; warnings: Problem[] } {
  const { source: own, problems: parseProblems } = parseSource(file, text);
  if (!own) return { problems: parseProblems, warnings: [] };
  const source = overDefaults(own, defaults);
  // A value that holds a credential is reported as that, not also as malformed (the format's "allowed"
  // would invite the user to fix the credential rather than remove it). An unknown key stays reported:
  // it is about the key, and its hint (did you mean …?) helps.
  const secrets = checkSecrets(source);
  const secretFields = new Set(secrets.map((p) => p.field));
  const shape = checkShape(source);
  const aboutValue = (p: Problem) => secretFields.has(p.field) && !p.found.startsWith('an unknown key');
  const problems = uniqueProblems(sortProblems([...secrets, ...[...shape.problems, ...checkPlan(source)].filter((p) => !aboutValue(p))]));
  if (problems.length > 0) return { source, problems, warnings: [] };
  const spec = deepFreeze(shape.spec!);
  return { spec, source, problems: [], warnings: clusterWarnings(source, spec) };
}

/** A clusters folder without a cluster file: the CLI adds how to write the first one (init). */
export class NoClusterFilesError extends UserError {}

/** A clusters folder that does not exist (a new repository, or a mistyped --clusters): the CLI adds init too. */
export class MissingClustersFolderError extends UserError {}

/** Loads every `*.yaml`/`*.yml` in `dir`, in byte order of their names; throws with all problems. */

export function loadClusters(dir: string): LoadedCluster[] {
  return loadClusterFiles(listClusterFiles(dir).map((name) => path.join(dir, name)));
}

/**
 * Loads the given cluster files (`ack-hybrid validate a.yaml b.yaml`); names must be unique among them. Each
 * is merged over the defaults file of its folder, when there is one; a defaults file given among them stands
 * for every cluster file of its folder, which is what it touches.
 */
export function loadClusterFiles(files: readonly string[]): LoadedCluster[] {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const clusters: LoadedCluster[] = [];
  const byName = new Map<string, { file: string; line: number }>();
  const members: FleetMember[] = [];
  const defaultsOf = folderDefaults();
  const fromDefaults = new Map<string, { problem: Problem; files: string[] }>();
  let merged = 0;
  for (const full of withDefaultsExpanded(files)) {
    const name = path.basename(full);
    // Files a cluster file names must stay inside its own folder.
    const dir = path.dirname(full);
    const file = displayPath(full);
    if (!isClusterFileName(name)) {
      problems.push({
        // Quoted, so that a colon or a space in the name cannot pass for the line's own separators.
        file: path.join(path.dirname(file), JSON.stringify(name)),
        line: 0,
        column: 0,
        field: '',
        found: 'a file name with characters other than letters, digits, ".", "_" and "-"',
        allowed: `${CLUSTER_FILE_NAME_RULE}; rename the file`,
        hint: name.startsWith('_') ? `the one name starting with "_" is ${DEFAULTS_FILE}, the defaults file of the folder` : undefined,
      });
      continue;
    }
    const defaults = defaultsOf(dir);
    if (defaults.problems.length > 0) {
      // Every cluster file of the folder is merged over it: its own problems come first, alone.
      if (!defaults.reported) problems.push(...defaults.problems);
      defaults.reported = true;
      continue;
    }
    const read = readClusterFile(file, full);
    if (read.text === undefined) {
      problems.push(...read.problems);
      continue;
    }
    const result = parseClusterFile(file, read.text, defaults.source);
    if (defaults.source !== undefined) merged++;
    for (const problem of result.problems) {
      if (defaults.source === undefined || problem.file !== defaults.source.file) {
        problems.push(problem);
        continue;
      }
      const key = formatProblem(problem);
      const entry = fromDefaults.get(key) ?? { problem, files: [] };
      entry.files.push(file);
      fromDefaults.set(key, entry);
    }
    if (!result.spec || !result.source) continue;
    const referenceProblems = checkReferences(result.source, result.spec, dir);
    if (referenceProblems.length > 0) {
      problems.push(...referenceProblems);
      continue;
    }
    const { line, column } = locate(result.source, ['name']);
    const first = byName.get(result.spec.name);
    if (first) {
      problems.push({
        file,
        line,
        column,
        field: 'name',
        found: `${JSON.stringify(result.spec.name)}, already the name of the cluster in ${first.file}:${first.line}`,
        allowed: 'a name no other file in the folder uses: each cluster gets its own output folder',
      });
      continue;
    }
    byName.set(result.spec.name, { file, line });
    members.push(fleetMember(file, result.source, result.spec));
    clusters.push({ file, dir, spec: result.spec, warnings: result.warnings });
    warnings.push(...result.warnings);
  }
  problems.push(...gatherDefaultsProblems(fromDefaults, merged));
  problems.push(...checkFleet(members));
  if (problems.length > 0) throw new InvalidClustersError(uniqueProblems(problems), warnings);
  return clusters;
}

/** The files, with a defaults file replaced by the cluster files of its folder (each once, in the order given). */
function withDefaultsExpanded(files: readonly string[]): string[] {
  const seen = new Set<string>();
  const expanded: string[] = [];
  for (const file of files) {
    const all = path.basename(file) === DEFAULTS_FILE ? listClusterFiles(path.dirname(file)).map((name) => path.join(path.dirname(file), name)) : [file];
    for (const one of all) {
      if (seen.has(path.resolve(one))) continue;
      seen.add(path.resolve(one));
      expanded.push(one);
    }
  }
  return expanded;
}

interface FolderDefaults {
  /** Undefined when the folder has no defaults file (or it has problems). */
  readonly source?: ParsedSource;
  readonly problems: readonly Problem[];
  /** Whether its problems are already among the run's. */
  reported: boolean;
}

/** The defaults file of a folder, read once per folder. */
function folderDefaults(): (dir: string) => FolderDefaults {
  const byDir = new Map<string, FolderDefaults>();
  return (dir) => {
    const key = path.resolve(dir);
    let entry = byDir.get(key);
    if (entry === undefined) {
      entry = { ...readDefaults(dir), reported: false };
      byDir.set(key, entry);
    }
    return entry;
  };
}

/** The defaults file of `dir`, parsed: nothing when there is none. */
export function readDefaults(dir: string): { source?: ParsedSource; problems: Problem[] } {
  const full = path.join(dir, DEFAULTS_FILE);
  if (!fs.existsSync(full) && !isSymlink(full)) return { problems: [] };
  const file = displayPath(full);
  const read = readClusterFile(file, full);
  return read.text === undefined ? { problems: read.problems } : parseDefaults(file, read.text);
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The file's text, or why it cannot be had: not a regular file (a FIFO or a device would hang the read),
 * too large (checked before reading), unreadable, not UTF-8.
 */
function readClusterFile(file: string, full: string): { text?: string; problems: Problem[] } {
  const read = readRegularFile(full, MAX_FILE_BYTES);
  switch (read.kind) {
    case 'ok':
      return decodeText(file, read.bytes);
    case 'too-large':
      return tooLarge(file, read.size);
    case 'not-regular':
      return { problems: [{ file, line: 0, column: 0, field: '', found: `${read.type}, not a regular file`, allowed: 'a YAML file' }] };
    case 'error':
      // A dangling symlink, a file without read permission, a symlink loop.
      return { problems: [{ file, line: 0, column: 0, field: '', found: `a file that cannot be read (${read.code})`, allowed: 'a readable YAML file' }] };
  }
}

/**
 * Everything synth reads, for the overlap check of the output folder (output.ts): the clusters folder,
 * each cluster file and each file they name.
 */
export function inputPaths(clustersDir: string, clusters: readonly LoadedCluster[]): string[] {
  const files = listClusterFiles(clustersDir).map((name) => path.join(clustersDir, name));
  const defaults = path.join(clustersDir, DEFAULTS_FILE);
  return [clustersDir, ...files, ...(fs.existsSync(defaults) ? [defaults] : []), ...clusters.flatMap((c) => referencedFiles(c.spec, c.dir))];
}

const FOLDER_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'is not a folder',
  EACCES: 'cannot be read (permission denied)',
};

function listClusterFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const message = `the clusters folder ${shownPath(dir)} ${FOLDER_ERRORS[code] ?? `cannot be read (${code})`}: pass --clusters DIR, a folder with one *.yaml file per cluster`;
    throw code === 'ENOENT' ? new MissingClustersFolderError(message) : new UserError(message);
  }
  const files = entries
    // FIFOs, devices and sockets named *.yaml are listed too, and refused by readClusterFile rather than skipped.
    .filter((e) => !e.isDirectory() && CLUSTER_FILE.test(e.name) && !e.name.startsWith('.') && e.name !== DEFAULTS_FILE)
    .map((e) => e.name)
    .sort(compareStrings);
  if (files.length === 0) {
    throw new NoClusterFilesError(`no cluster files in ${shownPath(dir)}: expected one *.yaml file per cluster`);
  }
  return files;
}

/**
 * Every `*.yaml`/`*.yml` in `dir` that is a regular UTF-8 file, with its text, in byte order of the names: for
 * commands that look a cluster up by name (seal, init). A file that cannot be read is left out here (validate
 * and synth report it); a folder that cannot be listed throws the file-system error, for the caller to word.
 */
export function readableClusterFiles(dir: string): { readonly full: string; readonly text: string }[] {
  const names = fs.readdirSync(dir).filter((name) => CLUSTER_FILE.test(name) && !name.startsWith('.') && name !== DEFAULTS_FILE);
  return names.sort(compareStrings).flatMap((name) => {
    const full = path.join(dir, name);
    const read = readRegularFile(full, MAX_FILE_BYTES);
    const text = read.kind === 'ok' ? decodeText(name, read.bytes).text : undefined;
    return text === undefined ? [] : [{ full, text }];
  });
}

/** Relative to the working directory when inside it, so messages stay short and machine-independent. */
export function displayPath(p: string): string {
  const relative = path.relative(process.cwd(), path.resolve(p));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(p);
}

/** displayPath, escaped for a message: a folder name from the command line may hold anything. */
export function shownPath(p: string): string {
  return escapeForTerminal(displayPath(p));
}

/**
 * Each problem once: two checks that see the same mistake must not print one line twice and count it twice.
 * Problems that print alike are alike (formatProblem is what the user sees).
 */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const line = formatProblem(problem);
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
