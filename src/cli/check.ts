import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { withExamples } from './examples';
import { displayPath } from '../config/load';
import { FileChange } from '../output/diff';
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
import { commandHint } from './invocation';
import { selectedChanges } from './select';

const VERDICT: Record<FileChange['kind'], string> = {
  changed: 'differs (stale or hand-edited)',
  added: 'missing (synth would write it)',
  removed: 'not synthesized by any cluster file (synth would remove it)',
};

export type CheckArgs = FolderArgs & SelectionArgs & Partial<OutputArgs> & StrictArgs;

/** For CI: fails, naming the files, when the output folder is not exactly what the cluster files synthesize. */
export function check(args: CheckArgs, io: Io): number {
  const format = args.output ?? 'text';
  try {
    const { all, selected, files: synthesized, changes } = selectedChanges(args);
    const warnings = clusterWarnings(all);
    handleWarnings(warnings, io, format, args.strict);
    const out = displayPath(args.out);
    const clustersDir = displayPath(args.clusters);
    const files = changes.map((c) => ({ file: `${out}/${c.file}`, kind: c.kind, message: VERDICT[c.kind] }));
    if (format === 'json') io.stdout(JSON.stringify({ ok: changes.length === 0, out, files, problems: [], warnings: warnings.map(jsonProblem) }, null, 2));
    if (changes.length === 0) {
      if (format === 'text')
        io.stdout(`${out} is up to date: ${plural(synthesized, 'file')} of ${plural(selected.length, 'cluster')}, as ${clustersDir} synthesizes`);
      return ExitCode.Ok;
    }
    const headline = `${out} is not what ${clustersDir} synthesizes: ${plural(changes.length, 'file')} out of date`;
    const folders = { clusters: args.clusters, out: args.out };
    const advice = `Run '${commandHint('synth', folders)}' and commit ${out}; '${commandHint('diff', folders)}' shows the changes.`;
    if (format === 'github') {
      // Removed files no longer exist on the branch: GitHub shows their annotation on the run, not on a line.
      for (const f of files) io.stdout(githubAnnotation('error', `${f.message}. ${advice}`, { file: f.file, title: 'ack-hybrid check' }));
    }
    if (format !== 'json') {
      io.stderr(`error: ${headline}`);
      if (format === 'text') for (const f of files) io.stderr(`  ${f.file}: ${f.message}`);
      io.stderr(advice);
    }
    return ExitCode.Differs;
  } catch (error) {
    return report(error, io, format);
  }
}

export function checkCommand(io: Io, setExit: (code: number) => void): CommandModule<object, CheckArgs> {
  return {
    command: 'check [files..]',
    describe: 'Fail (exit 1) when the output folder is not what the cluster files synthesize: for CI',
    builder: (yargs) =>
      withExamples(withStrict(withOutput(withSelection(withFolders(yargs), 'check the output of'))) as Argv<CheckArgs>, [
        ['$0 check', 'in CI: is the committed dist/ current?'],
        ['$0 check --output github', 'in GitHub Actions: stale files as annotations'],
      ]),
    handler: (argv: ArgumentsCamelCase<CheckArgs>) => setExit(check(argv, io)),
  };
}
