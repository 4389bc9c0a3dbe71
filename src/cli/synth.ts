import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import { buildBundle } from '../bundle';
import { displayPath, loadClusters } from '../config/load';
import { writeBundle } from '../output';
import { ExitCode, FolderArgs, Io, plural, withFolders } from './common';

/** Validates every cluster file, then replaces the output folder with what they synthesize. */
export function synth(args: FolderArgs, io: Io): number {
  const clusters = loadClusters(args.clusters);
  const bundle = buildBundle(clusters, process.env, { outDir: args.out });
  const { changed } = writeBundle(bundle, args.out);
  io.stdout(
    `synthesized ${plural(clusters.length, 'cluster')} (${plural(bundle.size, 'file')}) into ${displayPath(args.out)}: ${changed ? 'updated' : 'already up to date'}`,
  );
  return ExitCode.Ok;
}

export function synthCommand(io: Io, setExit: (code: number) => void): CommandModule<object, FolderArgs> {
  return {
    command: 'synth',
    describe: 'Write the bundle (YAML, node-init script, RAM policy, runbook) of every cluster into the output folder',
    builder: (yargs) =>
      withFolders(yargs)
        .example('$0 synth', 'clusters/*.yaml → dist/')
        .example('$0 synth --clusters fleet/ --out gitops/dist', 'other folders'),
    handler: (argv: ArgumentsCamelCase<FolderArgs>) => setExit(synth(argv, io)),
  };
}
