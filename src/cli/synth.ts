import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { withExamples } from './examples';
import { fleetBuild } from '../build/bundle';
import { displayPath, inputPaths } from '../config/load';
import { OutputEntry, OutputPlan, writeOutput } from '../output/write';
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
import { commandHint } from './invocation';
import { staleSharedFiles } from './stale-shared';
import * as path from 'path';

export type SynthArgs = FolderArgs & SelectionArgs & StrictArgs;

/**
 * Validates every cluster file, then replaces the output folder with what they synthesize, built and written
 * one cluster at a time (writeOutput). With a selection, only the selected clusters' files change: the rest
 * of the folder is carried over as it is, and the folder is still swapped in as a whole (atomic, as without
 * a selection).
 */
export function synth(args: SynthArgs, io: Io): number {
  const { all, selected, names } = selectClusters(args);
  // Before anything is built or written: with --strict, a warning ends the run here.
  const warnings = clusterWarnings(all);
  handleWarnings(warnings, io, 'text', args.strict);
  const fleet = fleetBuild(selected, { outDir: args.out });
  let built = 0;
  function* clusterGroups(): Generator<OutputEntry[]> {
    for (const cluster of fleet.clusters()) {
      built += cluster.files.size;
      yield [...cluster.files].map(([file, content]) => ({ file, content }));
    }
  }
  const plan: OutputPlan =
    names === undefined
      ? {
          groups: function* () {
            yield* clusterGroups();
            const shared = fleet.shared();
            built += shared.size;
            yield [...shared].map(([file, content]) => ({ file, content }));
          },
        }
      : selectionPlan(
          clusterGroups,
          names,
          all.map((c) => c.spec.name),
          () => (built += fleet.shared().size),
        );
  catchInterruptsFromHere();
  const { changed } = writeOutput(plan, args.out, inputPaths(args.clusters, all), { onWait: (message) => io.stderr(message) });
  const which = names === undefined ? plural(all.length, 'cluster') : `${plural(selected.length, 'cluster')} of ${all.length}`;
  io.stdout(
    `synthesized ${which} (${plural(built, 'file')}) into ${displayPath(args.out)}: ${changed ? 'updated' : 'already up to date'}${warningsNote(warnings)}`,
  );
  if (names !== undefined) {
    // Warned about, not refreshed: a selection changes only the selected clusters' files (stale-shared.ts).
    const stale = staleSharedFiles(all, args.out);
    if (stale.length > 0) {
      const files = stale.map((file) => displayPath(path.join(args.out, file))).join(', ');
      io.stderr(
        `warning: ${files}: shared by every cluster and left as ${stale.length === 1 ? 'it was' : 'they were'} by a synth of some clusters, ` +
          `and no longer what the clusters folder makes; '${commandHint('synth', { clusters: args.clusters, out: args.out })}' (without --cluster) refreshes them`,
      );
    }
  }
  return ExitCode.Ok;
}

/**
 * The selected clusters' new files over what the folder holds for every other cluster and the shared
 * bootstrap files, carried over unread. Only files that the last synth wrote (its manifest lists them) in
 * folders of known clusters and `gitops/` are carried over: anything else, a note added by hand beside them,
 * is still refused by writeOutput as not ack-hybrid's, rather than adopted into the new manifest.
 * `countShared`: the shared files are counted as built (as synth of the selection alone would write them),
 * not written.
 */
function selectionPlan(
  clusterGroups: () => Iterable<OutputEntry[]>,
  names: ReadonlySet<string>,
  known: readonly string[],
  countShared: () => void,
): OutputPlan {
  const carriedTops = new Set([...known, 'gitops']);
  const carried = (current: readonly string[] | undefined, previous: ReadonlySet<string> | undefined) =>
    (current ?? []).filter((file) => !inSelection(file, names) && carriedTops.has(file.split('/')[0]) && previous?.has(file) === true);
  return {
    groups: function* (current, previous) {
      yield carried(current, previous).map((file) => ({ file, carry: true as const }));
      for (const group of clusterGroups()) yield group.filter((entry) => inSelection(entry.file, names));
      countShared();
    },
  };
}

export function synthCommand(io: Io, setExit: (code: number) => void): CommandModule<object, SynthArgs> {
  return {
    command: 'synth [files..]',
    describe: 'Write the bundle (YAML, node-init script, RAM policy, runbook) of every cluster into the output folder',
    builder: (yargs) =>
      withExamples(withStrict(withSelection(withFolders(yargs), 'synthesize')) as Argv<SynthArgs>, [
        ['$0 synth', 'clusters/*.yaml → dist/'],
        ['$0 synth --clusters fleet/ --out gitops/dist', 'other folders'],
        ['$0 synth --cluster idc-hangzhou', "in a fleet: rewrite one cluster's files, keep the others as they are"],
      ]),
    handler: (argv: ArgumentsCamelCase<SynthArgs>) => setExit(synth(argv, io)),
  };
}
