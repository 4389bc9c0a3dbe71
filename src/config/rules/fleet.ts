/**
 * Rules across the cluster files of one folder. Two clusters with one `clusterId` would both drive one ACK
 * cluster (each sync undoing the other's eni-config); two with one `scriptUrl` would have one cluster's
 * nodes run the other's script, join the wrong API server and fail, or worse, succeed.
 */
import { Problem } from '../problems';
import { describeValue, fieldPath } from '../describe';
import { ClusterSpec } from '../schema';
import { locate, ParsedSource } from '../source';

export interface FleetMember {
  readonly file: string;
  readonly source: ParsedSource;
  readonly spec: ClusterSpec;
}

const UNIQUE: readonly { readonly path: readonly string[]; readonly get: (spec: ClusterSpec) => string; readonly allowed: string }[] = [
  {
    path: ['clusterId'],
    get: (spec) => spec.clusterId,
    allowed: 'a clusterId no other file in the folder uses: one file per ACK cluster',
  },
  {
    path: ['nodeInit', 'scriptUrl'],
    get: (spec) => spec.nodeInit.scriptUrl,
    allowed: "a scriptUrl no other cluster uses: each cluster's nodes must run its own script (e.g. put the cluster name in the path)",
  },
];

export function checkFleet(members: readonly FleetMember[]): Problem[] {
  const problems: Problem[] = [];
  for (const rule of UNIQUE) {
    const first = new Map<string, FleetMember>();
    for (const member of members) {
      const value = rule.get(member.spec);
      const earlier = first.get(value);
      if (earlier === undefined) {
        first.set(value, member);
        continue;
      }
      problems.push({
        file: member.file,
        ...locate(member.source, rule.path),
        field: fieldPath(rule.path),
        found: `${describeValue(value)}, already the ${rule.path[rule.path.length - 1]} of cluster ${JSON.stringify(earlier.spec.name)} in ${earlier.file}:${locate(earlier.source, rule.path).line}`,
        allowed: rule.allowed,
      });
    }
  }
  return problems;
}
