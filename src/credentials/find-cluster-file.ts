/** Finds a cluster file by its `name:`, for commands that act on one cluster (seal). */
import * as path from 'path';
import { DNS_LABEL } from '../config/formats';
import { displayPath, readableClusterFiles } from '../config/load';
import { UserError } from '../config/problems';
import { describeValue } from '../config/describe';
import { parseSource, valueAt } from '../config/source';

/** The file in `dir` whose `name:` is `cluster`; files that do not parse are skipped here (validate reports them). */
export function findClusterFile(dir: string, cluster: string): string {
  if (!DNS_LABEL.test(cluster)) {
    throw new UserError(`the cluster ${describeValue(cluster)} is not a cluster name: give the name: of a cluster file, ${DNS_LABEL.allowed}`);
  }
  let files: ReturnType<typeof readableClusterFiles>;
  try {
    files = readableClusterFiles(dir);
  } catch (error) {
    throw new UserError(
      `the clusters folder ${displayPath(dir)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): pass --clusters DIR`,
    );
  }
  const found: string[] = [];
  const seen: string[] = [];
  for (const { full, text } of files) {
    const name = valueAt(parseSource(path.basename(full), text).source?.data, ['name']);
    if (typeof name !== 'string') continue;
    seen.push(name);
    if (name === cluster) found.push(full);
  }
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    throw new UserError(`${found.map(displayPath).join(' and ')} are both named ${JSON.stringify(cluster)}: names must be unique; fix them, then seal`);
  }
  throw new UserError(
    `no cluster file in ${displayPath(dir)} is named ${JSON.stringify(cluster)}` +
      (seen.length > 0 ? `; the names there: ${seen.sort().join(', ')}` : '') +
      ' (seal takes the name: of a cluster file; pass --clusters DIR for another folder)',
  );
}
