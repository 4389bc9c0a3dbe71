/**
 * load → validate → typed spec: every cluster file of a folder, or all their problems at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readRegularFile } from '../fs/regular-file';
import { escapeForTerminal } from '../escape/terminal';
import { checkPlan } from './plan';
import { checkFleet, FleetMember } from './rules/fleet';
import { formatProblem, InvalidClustersError, Problem, sortProblems, UserError } from './problems';
import { checkReferences, referencedFiles } from './references';
import { ClusterSpec } from './schema';
import { checkSecrets } from './secret-fields';
import { checkShape } from './shape';
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

/** Validates one file's text; `file` is only used to name it in problems. */
export function parseClusterFile(file: string, text: string): { spec?: ClusterSpec; source?: ParsedSource; problems: Problem[]; warnings: Problem[] } {
  const { source, problems: parseProblems } = parseSource(file, text);
  if (!source) return { problems: parseProblems, warnings: [] };
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

/** Loads every `*.yaml`/`*.yml` in `dir`, in byte order of their names; throws with all problems. */
export function loadClusters(dir: string): LoadedCluster[] {
  return loadClusterFiles(listClusterFiles(dir).map((name) => path.join(dir, name)));
}

/** Loads the given cluster files (`ack-hybrid validate a.yaml b.yaml`); names must be unique among them. */
export function loadClusterFiles(files: readonly string[]): LoadedCluster[] {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const clusters: LoadedCluster[] = [];
  const byName = new Map<string, { file: string; line: number }>();
  const members: FleetMember[] = [];
  for (const full of files) {
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
      });
      continue;
    }
    const read = readClusterFile(file, full);
    if (read.text === undefined) {
      problems.push(...read.problems);
      continue;
    }
    const result = parseClusterFile(file, read.text);
    problems.push(...result.problems);
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
    members.push({ file, source: result.source, spec: result.spec });
    clusters.push({ file, dir, spec: result.spec, warnings: result.warnings });
    warnings.push(...result.warnings);
  }
  problems.push(...checkFleet(members));
  if (problems.length > 0) throw new InvalidClustersError(uniqueProblems(problems), warnings);
  return clusters;
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
  return [clustersDir, ...files, ...clusters.flatMap((c) => referencedFiles(c.spec, c.dir))];
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
    throw new UserError(
      `the clusters folder ${shownPath(dir)} ${FOLDER_ERRORS[code] ?? `cannot be read (${code})`}: pass --clusters DIR, a folder with one *.yaml file per cluster`,
    );
  }
  const files = entries
    // FIFOs, devices and sockets named *.yaml are listed too, and refused by readClusterFile rather than skipped.
    .filter((e) => !e.isDirectory() && CLUSTER_FILE.test(e.name) && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(compareStrings);
  if (files.length === 0) {
    throw new UserError(`no cluster files in ${shownPath(dir)}: expected one *.yaml file per cluster`);
  }
  return files;
}

/**
 * Every `*.yaml`/`*.yml` in `dir` that is a regular UTF-8 file, with its text, in byte order of the names: for
 * commands that look a cluster up by name (seal, init). A file that cannot be read is left out here (validate
 * and synth report it); a folder that cannot be listed throws the file-system error, for the caller to word.
 */
export function readableClusterFiles(dir: string): { readonly full: string; readonly text: string }[] {
  const names = fs.readdirSync(dir).filter((name) => CLUSTER_FILE.test(name) && !name.startsWith('.'));
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
