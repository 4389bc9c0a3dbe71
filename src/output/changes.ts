/**
 * What synth would change in the output folder (check, diff), found one cluster at a time: a cluster's new
 * files are compared with what the folder holds for it (`<name>/…` and `gitops/<name>/…`, read only then),
 * and what is left of the folder at the end is what synth would remove. So checking a fleet holds one
 * cluster's files and the folder's file names, never the whole bundle and the whole folder; only the
 * changes found are kept (diff.ts describes each).
 */
import { compareStrings } from '../config/text';
import { compareOutput, FileChange } from './diff';
import { OutputListing, readOutputFile, sameOutputFile } from './folder';

/** New files that belong together, and the parts of the output folder that hold them (see ownerOf). */
export interface OutputGroup {
  readonly owners: readonly string[];
  readonly files: ReadonlyMap<string, string>;
}

/**
 * The part of the output folder a file belongs to: `a/…` → `a`; `gitops/a/…` → `gitops/a`; a file directly
 * under `gitops/` → `gitops`; a file at the top → its name.
 */
export function ownerOf(file: string): string {
  const segments = file.split('/');
  if (segments[0] === 'gitops' && segments.length >= 3) return `gitops/${segments[1]}`;
  return segments[0];
}

/** The owners of one cluster's files: its folder and its GitOps bootstrap folder. */
export function clusterOwners(name: string): string[] {
  return [name, `gitops/${name}`];
}

/**
 * The changes from the folder `listing` describes to the files of `groups`, for files `inScope` (the
 * selection), sorted by file as compareOutput sorts them.
 */
export function changesByGroup(groups: Iterable<OutputGroup>, listing: OutputListing | undefined, inScope: (file: string) => boolean): FileChange[] {
  const onDisk = new Map<string, string[]>();
  for (const file of listing?.files ?? []) {
    if (!inScope(file)) continue;
    const owner = ownerOf(file);
    const files = onDisk.get(owner);
    if (files) files.push(file);
    else onDisk.set(owner, [file]);
  }
  const read = (owners: Iterable<string>) => {
    const contents = new Map<string, string>();
    for (const owner of owners) {
      for (const file of onDisk.get(owner) ?? []) contents.set(file, readOutputFile(listing!.dir, file));
      onDisk.delete(owner);
    }
    return contents;
  };
  const changes: FileChange[] = [];
  for (const group of groups) {
    const built = new Map([...group.files].filter(([file]) => inScope(file)));
    // A file the folder holds byte for byte is no change: compared as bytes, never kept (folder.ts sameOutputFile).
    const current = new Map<string, string>();
    for (const owner of group.owners) {
      for (const file of onDisk.get(owner) ?? []) {
        const content = built.get(file);
        if (content !== undefined && sameOutputFile(listing!.dir, file, content)) built.delete(file);
        else current.set(file, readOutputFile(listing!.dir, file));
      }
      onDisk.delete(owner);
    }
    changes.push(...compareOutput(built, current));
  }
  // What no group produced: synth would remove it.
  changes.push(...compareOutput(new Map(), read([...onDisk.keys()])));
  return changes.sort((a, b) => compareStrings(a.file, b.file));
}
