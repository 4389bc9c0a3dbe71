/**
 * Where the output folder sits in the Git repository, so the GitOps objects point at the folder synth
 * actually writes: with `--out deploy/dist`, Argo CD and Flux must sync `deploy/dist/<cluster>`, not a
 * `dist/<cluster>` that does not exist.
 *
 * The repository root is found by walking up from the output folder to the first folder holding `.git`
 * (a folder in a clone, a file in a worktree or submodule), without running git: synth needs no git on
 * the machine, and reads nothing but file names.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LoadedCluster } from '../config/load';

/** The repository path used when no output folder is named (library callers, tests): the default `--out`. */
export const DEFAULT_REPO_PATH = 'dist';

/**
 * The output folder's path relative to the root of the Git repository holding it, with `/` separators.
 * Outside any repository (an export without `.git`), relative to the working directory when inside it,
 * else the folder's own name: the user runs synth from the root of what they commit.
 */
export function repoPathOf(outDir: string): string {
  const target = path.resolve(outDir);
  const root = gitRoot(target);
  const relative = root !== undefined ? path.relative(root, target) : path.relative(process.cwd(), target);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return (inside ? relative : path.basename(target)).split(path.sep).join('/');
}

/** The nearest folder at or above `from` (which need not exist yet) that holds `.git`, if any. */
export function gitRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The cluster with `gitops.path` filled in where the file leaves it out: `<repoPath>/<name>`. A path the
 * file sets is kept as written. Specs stay frozen; a cluster without `gitops` is returned as it is.
 */
export function placeCluster(cluster: LoadedCluster, repoPath: string): LoadedCluster {
  const gitops = cluster.spec.gitops;
  if (!gitops || gitops.path !== undefined) return cluster;
  const folder = path.posix.join(repoPath, cluster.spec.name);
  const spec = Object.freeze({ ...cluster.spec, gitops: Object.freeze({ ...gitops, path: folder }) });
  return { ...cluster, spec };
}
