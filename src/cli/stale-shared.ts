/**
 * `synth --cluster NAME` (or cluster files as arguments) rewrites the selected clusters' folders only: the
 * shared GitOps bootstrap files directly under `gitops/` (the ApplicationSets over every Argo CD cluster) are
 * carried over as they were. After a cluster is added, removed or moves its destination, they are stale.
 *
 * synth warns about them rather than refreshing them: a selection promises to change the selected clusters'
 * files and nothing else (docs/cli.md, "Working on part of a fleet"), so that its pull request is about those
 * clusters and two selections of different clusters never rewrite the same file; the shared files are
 * refreshed by a synth without a selection, which the warning names. The check is cheap: the shared files
 * come from every cluster's spec alone, without building any cluster.
 */
import { fleetBuild } from '../build/bundle';
import { LoadedCluster } from '../config/load';
import { compareStrings } from '../config/text';
import { sameOutputFile } from '../output/folder';
import { readOutputListing } from '../output/write';

/** The shared files (`gitops/<file>`) that differ from what every cluster of the folder makes: changed, missing or no longer made. */
export function staleSharedFiles(all: readonly LoadedCluster[], outDir: string): string[] {
  const expected = fleetBuild(all, { outDir }).shared();
  const listing = readOutputListing(outDir);
  const present = (listing?.files ?? []).filter((file) => /^gitops\/[^/]+$/.test(file));
  const stale = present.filter((file) => !expected.has(file));
  for (const [file, content] of expected) {
    if (listing === undefined || !present.includes(file) || !sameOutputFile(listing.dir, file, content)) stale.push(file);
  }
  return stale.sort(compareStrings);
}
