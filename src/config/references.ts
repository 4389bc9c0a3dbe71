/**
 * Files a cluster file names (today the sealed-secrets certificate). They must stay inside the clusters
 * folder, after symlinks are resolved: a cluster file that names `/dev/zero`, a FIFO, `../../etc/shadow`
 * or a file in the output folder could hang synth, read what it should not, or be deleted by the next
 * synth. They are checked here, at validate, with stat() first, then read only as a regular file of
 * bounded size (regular-file.ts checks the type again): the certificate must be one (certificate.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { certificateProblem } from '../credentials/certificate';
import { fileType, readRegularFile } from '../fs/regular-file';
import { describeValue, fieldPath } from './describe';
import { Problem } from './problems';
import { ClusterSpec } from './schema';
import { locate, ParsedSource } from './source';

/** A certificate is a few kilobytes; a larger file is not one. */
export const MAX_REFERENCED_BYTES = 256 * 1024;

interface Reference {
  readonly path: readonly (string | number)[];
  readonly value: string;
}

function references(spec: ClusterSpec): Reference[] {
  const credentials = spec.terway.credentials;
  return credentials.mode === 'sealed-secrets' ? [{ path: ['terway', 'credentials', 'certificate'], value: credentials.certificate }] : [];
}

/** The files `spec` names, resolved against the folder of its cluster file. */
export function referencedFiles(spec: ClusterSpec, dir: string): string[] {
  return references(spec).map((r) => path.resolve(dir, r.value));
}

/** Problems with the files `spec` names: outside the clusters folder, not a regular file, too large. */
export function checkReferences(source: ParsedSource, spec: ClusterSpec, clustersDir: string): Problem[] {
  const problems: Problem[] = [];
  const refs = references(spec);
  // Most clusters name no file: no real path to resolve (a system call per folder of the path).
  if (refs.length === 0) return problems;
  const root = realPath(clustersDir);
  for (const ref of refs) {
    const full = path.resolve(clustersDir, ref.value);
    const at = { file: source.file, ...locate(source, ref.path), field: fieldPath(ref.path) };
    const real = realPath(full);
    if (!isInside(real, root)) {
      problems.push({
        ...at,
        found: `${describeValue(ref.value)}, which is outside the clusters folder${real !== full ? ` (it leads to ${JSON.stringify(real)})` : ''}`,
        allowed: 'a file inside the clusters folder, relative to the cluster file, such as certs/sealed-secrets.pem',
      });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      continue; // Missing or unreadable: the reader says so, with what it needs the file for.
    }
    if (!stat.isFile()) {
      problems.push({
        ...at,
        found: `${describeValue(ref.value)}, which is ${fileType(stat)}`,
        allowed: 'a regular file, such as the output of kubeseal --fetch-cert',
      });
    } else if (stat.size > MAX_REFERENCED_BYTES) {
      problems.push({
        ...at,
        found: `${describeValue(ref.value)}, a file of ${stat.size} bytes`,
        allowed: `a certificate of at most ${MAX_REFERENCED_BYTES} bytes`,
      });
    } else {
      // What it is, not when it expires: a private key committed here, or a key too weak, is wrong whatever
      // the date, while the date only matters to seal (which checks it too).
      const read = readRegularFile(full, MAX_REFERENCED_BYTES);
      const problem = read.kind === 'ok' ? certificateProblem(read.bytes.toString('utf8')) : undefined;
      if (problem !== undefined) {
        problems.push({
          ...at,
          found: `${describeValue(ref.value)}, ${problem}`,
          allowed: "the sealed-secrets controller's certificate (kubeseal --fetch-cert)",
        });
      }
    }
  }
  return problems;
}

/**
 * The real path of `p`, symlinks resolved; for a path that does not exist (yet), the real path of its
 * nearest existing ancestor with the rest appended.
 */
export function realPath(p: string): string {
  const absolute = path.resolve(p);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** True when `inner` is `outer` or lies below it (both absolute, resolved). */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
