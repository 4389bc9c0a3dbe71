/** Finds a cluster file by its `name:`, for commands that act on one cluster (seal). */
import * as fs from 'fs';
import * as path from 'path';
import { DNS_LABEL } from '../config/formats';
import { displayPath } from '../config/load';
import { UserError } from '../config/problems';
import { describeValue } from '../config/describe';
import { decodeText, MAX_FILE_BYTES, parseSource, valueAt } from '../config/source';

/** The file in `dir` whose `name:` is `cluster`; files that do not parse are skipped here (validate reports them). */
export function findClusterFile(dir: string, cluster: string): string {
  if (!DNS_LABEL.test(cluster)) {
    throw new UserError(`the cluster ${describeValue(cluster)} is not a cluster name: give the name: of a cluster file, ${DNS_LABEL.allowed}`);
  }
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('.'))
      .sort();
  } catch (error) {
    throw new UserError(
      `the clusters folder ${displayPath(dir)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): pass --clusters DIR`,
    );
  }
  const found: string[] = [];
  const seen: string[] = [];
  for (const n of names) {
    const full = path.join(dir, n);
    try {
      const stat = fs.statSync(full);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) continue;
      const { text } = decodeText(n, fs.readFileSync(full));
      const name = text === undefined ? undefined : valueAt(parseSource(n, text).source?.data, ['name']);
      if (typeof name !== 'string') continue;
      seen.push(name);
      if (name === cluster) found.push(full);
    } catch {
      continue;
    }
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
