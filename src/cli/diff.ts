import { commandHint, HintFolders } from './invocation';
import { withExamples } from './examples';
import * as path from 'path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { displayPath } from '../config/load';
import { countClusters, countKinds, FileChange, renderChanges, wantsColor } from '../output/diff';
import {
  clusterWarnings,
  ExitCode,
  FolderArgs,
  handleWarnings,
  Io,
  OutputArgs,
  plural,
  report,
  SelectionArgs,
  StrictArgs,
  withFolders,
  withOutput,
  withSelection,
  withStrict,
} from './common';
import { githubAnnotation, jsonProblem } from './report-format';
import { selectedChanges } from './select';

export interface DiffArgs extends FolderArgs, SelectionArgs, Partial<OutputArgs>, StrictArgs {
  /** Only the names of the files that would change. */
  readonly nameOnly?: boolean;
}

/**
 * A folder as the reader sees it from where they stand: relative to the working directory, with `..`
 * when it lies elsewhere, and `/` separators, so a diff header reads `dist/a/x.yaml` or `../base/dist/…`
 * and never an absolute temporary path.
 */
export function relativeFolder(dir: string): string {
  const relative = path.relative(process.cwd(), path.resolve(dir));
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

/**
 * Shows what `synth` would change in the output folder, without writing: exit 0 when nothing, 1 when
 * something would change.
 */
export function diff(args: DiffArgs, io: Io, color = false): number {
  const format = args.output ?? 'text';
  try {
    const { all, selected, names, changes } = selectedChanges(args);
    const warnings = clusterWarnings(all);
    handleWarnings(warnings, io, format, args.strict);
    const out = relativeFolder(args.out);
    if (format === 'json') {
      const listed = changes.map((c) => ({ path: `${out}/${c.file}`, ...c }));
      io.stdout(
        JSON.stringify(
          { ok: changes.length === 0, out, clusters: countClusters(changes), changes: listed, problems: [], warnings: warnings.map(jsonProblem) },
          null,
          2,
        ),
      );
    } else if (format === 'github') {
      for (const change of changes) io.stdout(changeAnnotation(change, out));
    }
    if (changes.length === 0) {
      if (format === 'text')
        io.stdout(
          `no changes: ${out} is what ${displayPath(args.clusters)} synthesizes (${plural(selected.length, 'cluster file')}${names ? ` of ${all.length}` : ''})`,
        );
      return ExitCode.Ok;
    }
    if (format === 'text') {
      for (const line of renderChanges(changes, { outDir: out, color, nameOnly: args.nameOnly })) io.stdout(line);
      io.stdout(summary(changes, { clusters: args.clusters, out: args.out }));
    } else if (format === 'github') {
      io.stderr(summary(changes, { clusters: args.clusters, out: args.out }));
    }
    return ExitCode.Differs;
  } catch (error) {
    return report(error, io, format);
  }
}

/** "3 files would change in 1 cluster (…)"; the bootstrap files are said apart, they are no cluster. */
function summary(changes: readonly FileChange[], folders: HintFolders): string {
  const clusters = countClusters(changes);
  const bootstrap = changes.some((c) => c.cluster === undefined);
  const where = [clusters > 0 ? plural(clusters, 'cluster') : '', bootstrap ? 'the GitOps bootstrap' : ''].filter((w) => w !== '').join(' and ');
  return `${plural(changes.length, 'file')} would change in ${where} (${countKinds(changes)}); '${commandHint('synth', folders)}' writes them`;
}

function changeAnnotation(change: FileChange, out: string): string {
  const what = change.objects.length > 0 ? `${change.objects.join(', ')}: ` : '';
  const fields = change.fields.length > 0 ? ` (fields: ${change.fields.join(', ')})` : '';
  const verb = { added: 'add', changed: 'change', removed: 'remove' }[change.kind];
  return githubAnnotation('notice', `${what}synth would ${verb} this file${fields}`, {
    file: `${out}/${change.file}`,
    line: firstChangedLine(change),
    title: `ack-hybrid diff: ${change.kind}`,
  });
}

/**
 * The line of the committed file where the first change is, for GitHub to show the notice on it: the first
 * removed line, or the line an insertion follows. Undefined for an added file (not on the branch) and when
 * the change has no hunks (a secret's value, a file too large to show).
 */
export function firstChangedLine(change: FileChange): number | undefined {
  if (change.kind === 'added') return undefined;
  const hunk = change.hunks[0];
  if (hunk === undefined) return change.kind === 'removed' ? 1 : undefined;
  let line = hunk.oldStart;
  for (const text of hunk.lines) {
    if (text.startsWith('-')) return Math.max(1, line);
    if (text.startsWith('+')) return Math.max(1, line - 1);
    if (text.startsWith(' ')) line++;
  }
  return Math.max(1, hunk.oldStart);
}

export function diffCommand(io: Io, setExit: (code: number) => void): CommandModule<object, DiffArgs> {
  return {
    command: 'diff [files..]',
    describe: 'Show, per cluster and object, what synth would change in the output folder (exit 1 if anything)',
    builder: (yargs) =>
      withExamples(
        (withStrict(withOutput(withSelection(withFolders(yargs), 'compare'))) as Argv<DiffArgs>).option('name-only', {
          type: 'boolean',
          default: false,
          describe: 'list the files that would change, without their diffs',
        }) as Argv<DiffArgs>,
        [
          ['$0 diff', 'what a change to clusters/ does to dist/'],
          ['$0 diff --cluster idc-hangzhou', 'one cluster of a fleet'],
          ['NO_COLOR=1 $0 diff > changes.diff', 'plain text, for a pull-request comment'],
          ['$0 diff --output json', 'the changes as data'],
        ],
      ),
    handler: (argv: ArgumentsCamelCase<DiffArgs>) => setExit(diff(argv, io, wantsColor(process.stdout.isTTY === true))),
  };
}
