/**
 * Which clusters a command works on: all of the clusters folder, or those named with `--cluster NAME` or
 * given as files. The whole folder is always loaded and validated (names are unique across it), but only
 * the selected clusters' files are built, compared or written: in a fleet, one cluster's change touches
 * nothing else.
 */
import * as path from 'path';
import { fleetBuild } from '../build/bundle';
import { displayPath, LoadedCluster, loadClusters, MissingClustersFolderError, NoClusterFilesError } from '../config/load';
import { commandHint } from './invocation';
import { DEFAULTS_FILE } from '../config/defaults';
import { UserError } from '../config/problems';
import { compareStrings, plural } from '../config/text';
import { didYouMean } from '../config/shape';
import { changesByGroup, clusterOwners, OutputGroup } from '../output/changes';
import { FileChange } from '../output/diff';
import { MANIFEST_FILE, manifestText } from '../output/manifest';
import { readOutputListing } from '../output/write';
import type { FolderArgs, SelectionArgs } from './common';

export interface Selection {
  /** Every cluster of the folder, validated. */
  readonly all: readonly LoadedCluster[];
  /** The clusters to work on, in the folder's order. */
  readonly selected: readonly LoadedCluster[];
  /** The selected names; undefined when nothing was selected (the whole folder). */
  readonly names?: ReadonlySet<string>;
}

export function selectClusters(args: Pick<FolderArgs, 'clusters'> & SelectionArgs): Selection {
  const all = loadOrSuggestInit(args.clusters);
  const files = args.files ?? [];
  const wanted = args.cluster ?? [];
  if (files.length === 0 && wanted.length === 0) return { all, selected: all };
  const known = all.map((c) => c.spec.name);
  const names = new Set<string>();
  const problems: string[] = [];
  for (const name of wanted) {
    if (known.includes(name)) names.add(name);
    else {
      const hint = didYouMean(name, known);
      problems.push(
        `--cluster: found ${JSON.stringify(name)}, no cluster of ${displayPath(args.clusters)} has this name${hint ? ` (${hint})` : ''}; allowed: ${known.join(', ')}`,
      );
    }
  }
  for (const file of files) {
    const shown = displayPath(file);
    if (path.resolve(file) === path.resolve(args.clusters, DEFAULTS_FILE)) {
      // The defaults file touches every cluster of the folder: `diff clusters/_defaults.yaml` shows them all.
      for (const c of all) names.add(c.spec.name);
      continue;
    }
    const cluster = all.find((c) => path.resolve(c.dir, path.basename(c.file)) === path.resolve(file));
    if (cluster) names.add(cluster.spec.name);
    else
      problems.push(
        `${shown}: not a cluster file of the clusters folder ${displayPath(args.clusters)}; allowed: a *.yaml file in it (pass --clusters ${path.dirname(shown)} for another folder)`,
      );
  }
  if (problems.length > 0) throw new UserError([...problems, `${plural(problems.length, 'problem')} in the selection`].join('\n'));
  return { all, selected: all.filter((c) => names.has(c.spec.name)), names };
}

/**
 * The folder's clusters; an empty or missing folder is answered with the init command that writes the first
 * file (init creates the folder): in a new repository with ack-hybrid just installed, that is the next step.
 */
function loadOrSuggestInit(clusters: string): LoadedCluster[] {
  try {
    return loadClusters(clusters);
  } catch (error) {
    if (error instanceof NoClusterFilesError) throw new UserError(`${error.message}; write the first with: ${commandHint('init', { clusters })}`);
    if (error instanceof MissingClustersFolderError) throw new UserError(`${error.message}, or write the first with: ${commandHint('init', { clusters })}`);
    throw error;
  }
}

/** Whether an output file belongs to the selected clusters: `<name>/…` or the bootstrap `gitops/<name>/…`. */
export function inSelection(file: string, names: ReadonlySet<string> | undefined): boolean {
  if (names === undefined) return true;
  const [top, second, ...rest] = file.split('/');
  if (names.has(top)) return true;
  return top === 'gitops' && rest.length > 0 && names.has(second);
}

/**
 * What synth would change for the selection (check, diff): the number of files it synthesizes and their
 * changes, nothing written. One cluster at a time (output/changes.ts): a fleet's size decides how long this
 * takes, not how much it holds.
 */
export function selectedChanges(args: FolderArgs & SelectionArgs): Selection & { readonly files: number; readonly changes: FileChange[] } {
  const selection = selectClusters(args);
  const fleet = fleetBuild(selection.selected, { outDir: args.out });
  const inScope = (file: string) => inSelection(file, selection.names);
  let files = 0;
  /** Every file synth would write, for the manifest it writes with them (only when the whole folder is compared). */
  const names: string[] = [];
  function* groups(): Generator<OutputGroup> {
    for (const cluster of fleet.clusters()) {
      files += cluster.files.size;
      if (selection.names === undefined) names.push(...cluster.files.keys());
      yield { owners: clusterOwners(cluster.name), files: cluster.files };
    }
    const shared = fleet.shared();
    if (selection.names === undefined) {
      files += shared.size + 1;
      names.push(...shared.keys());
    }
    yield { owners: ['gitops'], files: shared };
    // With the manifest synth writes, so that check and diff compare what synth would leave.
    if (selection.names === undefined) yield { owners: [MANIFEST_FILE], files: new Map([[MANIFEST_FILE, manifestText(names.sort(compareStrings))]]) };
  }
  const changes = changesByGroup(groups(), readOutputListing(args.out), inScope);
  return { ...selection, files, changes };
}
