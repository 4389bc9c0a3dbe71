import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { Bundle, buildBundle } from '../build/bundle';
import { displayPath, inputPaths } from '../config/load';
import { compareStrings } from '../config/text';
import { previousFiles } from '../output/manifest';
import { readOutput, writeBundle } from '../output/write';
import {
  clusterWarnings,
  ExitCode,
  FolderArgs,
  handleWarnings,
  Io,
  plural,
  SelectionArgs,
  StrictArgs,
  warningsNote,
  withFolders,
  withSelection,
  withStrict,
} from './common';
import { catchInterruptsFromHere } from './interrupt';
import { inSelection, selectClusters } from './select';

export type SynthArgs = FolderArgs & SelectionArgs & StrictArgs;

/**
 * Validates every cluster file, then replaces the output folder with what they synthesize. With a
 * selection, only the selected clusters' files change: the rest of the folder is carried over as it is,
 * and the folder is still swapped in as a whole (atomic, as without a selection).
 */
export function synth(args: SynthArgs, io: Io): number {
  const { all, selected, names } = selectClusters(args);
  // Before anything is built or written: with --strict, a warning ends the run here.
  const warnings = clusterWarnings(all);
  handleWarnings(warnings, io, 'text', args.strict);
  const built = buildBundle(selected, { outDir: args.out });
  const bundle =
    names === undefined
      ? built
      : mergeSelection(
          built,
          readOutput(args.out),
          names,
          all.map((c) => c.spec.name),
        );
  catchInterruptsFromHere();
  const { changed } = writeBundle(bundle, args.out, inputPaths(args.clusters, all), { onWait: (message) => io.stderr(message) });
  const which = names === undefined ? plural(all.length, 'cluster') : `${plural(selected.length, 'cluster')} of ${all.length}`;
  io.stdout(
    `synthesized ${which} (${plural(built.size, 'file')}) into ${displayPath(args.out)}: ${changed ? 'updated' : 'already up to date'}${warningsNote(warnings)}`,
  );
  return ExitCode.Ok;
}

/**
 * The selected clusters' new files over what the folder holds for every other cluster and the shared
 * bootstrap files. Only files that the last synth wrote (its manifest lists them) in folders of known
 * clusters and `gitops/` are carried over: anything else, a note added by hand beside them, is still
 * refused by writeBundle as not ack-hybrid's, rather than adopted into the new manifest.
 */
function mergeSelection(built: Bundle, current: ReadonlyMap<string, string> | undefined, names: ReadonlySet<string>, known: readonly string[]): Bundle {
  const carried = new Set([...known, 'gitops']);
  const ours = current === undefined ? undefined : previousFiles(current);
  const merged = new Map<string, string>();
  for (const [file, content] of current ?? []) {
    if (!inSelection(file, names) && carried.has(file.split('/')[0]) && ours?.has(file) === true) merged.set(file, content);
  }
  for (const [file, content] of built) if (inSelection(file, names)) merged.set(file, content);
  return new Map([...merged].sort(([a], [b]) => compareStrings(a, b)));
}

export function synthCommand(io: Io, setExit: (code: number) => void): CommandModule<object, SynthArgs> {
  return {
    command: 'synth [files..]',
    describe: 'Write the bundle (YAML, node-init script, RAM policy, runbook) of every cluster into the output folder',
    builder: (yargs) =>
      (withStrict(withSelection(withFolders(yargs), 'synthesize')) as Argv<SynthArgs>)
        .example('$0 synth', 'clusters/*.yaml → dist/')
        .example('$0 synth --clusters fleet/ --out gitops/dist', 'other folders')
        .example('$0 synth --cluster idc-hangzhou', "in a fleet: rewrite one cluster's files, keep the others as they are"),
    handler: (argv: ArgumentsCamelCase<SynthArgs>) => setExit(synth(argv, io)),
  };
}
