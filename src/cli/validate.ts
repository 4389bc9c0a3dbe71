import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import { buildBundle } from '../bundle';
import { loadClusters } from '../config/load';
import { ExitCode, FolderArgs, Io, plural, withFolders } from './common';

/** Checks every cluster file and builds the bundle in memory; writes nothing. */
export function validate(args: Pick<FolderArgs, 'clusters'>, io: Io): number {
  const clusters = loadClusters(args.clusters);
  buildBundle(clusters);
  io.stdout(`${plural(clusters.length, 'cluster file')} valid: ${clusters.map((c) => c.file).join(', ')}`);
  return ExitCode.Ok;
}

export function validateCommand(io: Io, setExit: (code: number) => void): CommandModule<object, FolderArgs> {
  return {
    command: 'validate',
    describe: 'Check every cluster file and report all problems at once, without writing anything',
    builder: (yargs) => withFolders(yargs).example('$0 validate --clusters clusters/', 'check before a commit'),
    handler: (argv: ArgumentsCamelCase<FolderArgs>) => setExit(validate(argv, io)),
  };
}
