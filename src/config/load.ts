/**
 * load → validate → typed spec: every cluster file of a folder, or all their problems at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkPlan } from './plan';
import { compareStrings, InvalidClustersError, Problem, UserError } from './problems';
import { ClusterSpec } from './schema';
import { checkShape } from './shape';
import { decodeText, locate, MAX_FILE_BYTES, ParsedSource, parseSource, tooLarge } from './source';

export interface LoadedCluster {
  /** The file as shown to users. */
  readonly file: string;
  /** The folder the file is in: paths inside a cluster file are relative to it. */
  readonly dir: string;
  readonly spec: ClusterSpec;
}

const CLUSTER_FILE = /\.ya?ml$/;

/** Validates one file's text; `file` is only used to name it in problems. */
export function parseClusterFile(file: string, text: string): { spec?: ClusterSpec; source?: ParsedSource; problems: Problem[] } {
  const { source, problems: parseProblems } = parseSource(file, text);
  if (!source) return { problems: parseProblems };
  const shape = checkShape(source);
  const problems = [...shape.problems, ...checkPlan(source)];
  if (problems.length > 0) return { source, problems };
  return { spec: deepFreeze(shape.spec!), source, problems: [] };
}

/** Loads every `*.yaml`/`*.yml` in `dir`, in byte order of their names; throws with all problems. */
export function loadClusters(dir: string): LoadedCluster[] {
  return loadClusterFiles(listClusterFiles(dir).map((name) => path.join(dir, name)));
}

/** Loads the given cluster files (`ack-hybrid validate a.yaml b.yaml`); names must be unique among them. */
export function loadClusterFiles(files: readonly string[]): LoadedCluster[] {
  const problems: Problem[] = [];
  const clusters: LoadedCluster[] = [];
  const byName = new Map<string, { file: string; line: number }>();
  for (const full of files) {
    const file = displayPath(full);
    const read = readClusterFile(file, full);
    if (read.text === undefined) {
      problems.push(...read.problems);
      continue;
    }
    const result = parseClusterFile(file, read.text);
    problems.push(...result.problems);
    if (!result.spec || !result.source) continue;
    const { line, column } = locate(result.source, ['name']);
    const first = byName.get(result.spec.name);
    if (first) {
      problems.push({
        file, line, column, field: 'name',
        found: `${JSON.stringify(result.spec.name)}, already the name of the cluster in ${first.file}:${first.line}`,
        allowed: 'a name no other file in the folder uses: each cluster gets its own output folder',
      });
      continue;
    }
    byName.set(result.spec.name, { file, line });
    clusters.push({ file, dir: path.dirname(full), spec: result.spec });
  }
  if (problems.length > 0) throw new InvalidClustersError(problems);
  return clusters;
}

/** The file's text, or why it cannot be had: too large (checked before reading), unreadable, not UTF-8. */
function readClusterFile(file: string, full: string): { text?: string; problems: Problem[] } {
  try {
    const { size } = fs.statSync(full);
    if (size > MAX_FILE_BYTES) return tooLarge(file, size);
    return decodeText(file, fs.readFileSync(full));
  } catch (error) {
    // A dangling symlink, a file without read permission, a folder named *.yaml.
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { problems: [{ file, line: 0, column: 0, field: '', found: `a file that cannot be read (${code})`, allowed: 'a readable YAML file' }] };
  }
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
      `the clusters folder ${displayPath(dir)} ${FOLDER_ERRORS[code] ?? `cannot be read (${code})`}: pass --clusters DIR, a folder with one *.yaml file per cluster`,
    );
  }
  const files = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && CLUSTER_FILE.test(e.name) && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(compareStrings);
  if (files.length === 0) {
    throw new UserError(`no cluster files in ${displayPath(dir)}: expected one *.yaml file per cluster`);
  }
  return files;
}

/** Relative to the working directory when inside it, so messages stay short and machine-independent. */
export function displayPath(p: string): string {
  const relative = path.relative(process.cwd(), path.resolve(p));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(p);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
