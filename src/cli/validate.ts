import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { withExamples } from './examples';
import { fleetBuild } from '../build/bundle';
import { loadClusterFiles, LoadedCluster } from '../config/load';
import { jsonProblem } from './report-format';
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
  warningsNote,
  withFolders,
  withOutput,
  withSelection,
  withStrict,
} from './common';
import { selectClusters } from './select';

export type ValidateArgs = Pick<FolderArgs, 'clusters'> & SelectionArgs & Partial<OutputArgs> & StrictArgs;

/**
 * Checks cluster files and builds their bundle in memory; writes nothing. Files given on the command line
 * are checked on their own (from any folder); otherwise every file of the clusters folder.
 */
export function validate(args: ValidateArgs, io: Io): number {
  const format = args.output ?? 'text';
  try {
    const clusters: readonly LoadedCluster[] =
      args.files && args.files.length > 0 && !args.cluster ? loadClusterFiles(args.files) : selectClusters(args).selected;
    const warnings = clusterWarnings(clusters);
    handleWarnings(warnings, io, format, args.strict);
    // Built one cluster at a time and dropped: a fleet's size decides how long this takes, not how much it holds.
    const fleet = fleetBuild(clusters);
    for (const cluster of fleet.clusters()) void cluster;
    fleet.shared();
    if (format === 'json') {
      const listed = clusters.map((c) => ({ name: c.spec.name, file: c.file }));
      io.stdout(JSON.stringify({ ok: true, clusters: listed, problems: [], warnings: warnings.map(jsonProblem) }, null, 2));
    } else {
      io.stdout(`${plural(clusters.length, 'cluster file')} valid: ${clusters.map((c) => c.file).join(', ')}${warningsNote(warnings)}`);
    }
    return ExitCode.Ok;
  } catch (error) {
    return report(error, io, format);
  }
}

export function validateCommand(io: Io, setExit: (code: number) => void): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate [files..]',
    describe: 'Check cluster files and report all problems at once, without writing anything',
    builder: (yargs) =>
      withExamples(withStrict(withOutput(withSelection(withFolders(yargs), 'check'))) as Argv<ValidateArgs>, [
        ['$0 validate', 'check every file in clusters/ before a commit'],
        ['$0 validate clusters/idc-hangzhou.yaml', 'check one file'],
        ['$0 validate --output github', 'in GitHub Actions: problems as annotations on the pull request'],
        ['$0 validate --strict', 'in CI: fail on warnings too (a version past its end of life)'],
      ]),
    handler: (argv: ArgumentsCamelCase<ValidateArgs>) => setExit(validate(argv, io)),
  };
}
