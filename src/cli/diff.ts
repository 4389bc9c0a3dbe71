import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { buildBundle } from '../bundle';
import { displayPath, loadClusters } from '../config/load';
import { compareOutput, countKinds, renderChanges, wantsColor } from '../diff';
import { readOutput } from '../output';
import { ExitCode, FolderArgs, Io, plural, withFolders } from './common';

export interface DiffArgs extends FolderArgs {
  /** Only the names of the files that would change. */
  readonly nameOnly?: boolean;
}

/**
 * Shows what `synth` would change in the output folder, without writing: exit 0 when nothing, 1 when
 * something would change.
 */
export function diff(args: DiffArgs, io: Io, color = false): number {
  const clusters = loadClusters(args.clusters);
  const changes = compareOutput(buildBundle(clusters, process.env, { outDir: args.out }), readOutput(args.out));
  const out = displayPath(args.out);
  if (changes.length === 0) {
    io.stdout(`no changes: ${out} is what ${displayPath(args.clusters)} synthesizes (${plural(clusters.length, 'cluster file')})`);
    return ExitCode.Ok;
  }
  for (const line of renderChanges(changes, { outDir: out, color, nameOnly: args.nameOnly })) io.stdout(line);
  const clusterCount = new Set(changes.map((c) => c.cluster)).size;
  io.stdout(`${plural(changes.length, 'file')} would change in ${plural(clusterCount, 'cluster')} (${countKinds(changes)}); 'npm run synth' writes them`);
  return ExitCode.Differs;
}

export function diffCommand(io: Io, setExit: (code: number) => void): CommandModule<object, DiffArgs> {
  return {
    command: 'diff',
    describe: 'Show, per cluster and object, what synth would change in the output folder (exit 1 if anything)',
    builder: (yargs) =>
      (withFolders(yargs) as Argv<FolderArgs>)
        .option('name-only', { type: 'boolean', default: false, describe: 'list the files that would change, without their diffs' })
        .example('$0 diff', 'what a change to clusters/ does to dist/')
        .example('NO_COLOR=1 $0 diff > changes.diff', 'plain text, for a pull-request comment') as Argv<DiffArgs>,
    handler: (argv: ArgumentsCamelCase<DiffArgs>) => setExit(diff(argv, io, wantsColor(process.stdout.isTTY === true))),
  };
}
