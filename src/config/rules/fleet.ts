/**
 * Rules across the cluster files of one folder. Two clusters with one `clusterId` would both drive one ACK
 * cluster (each sync undoing the other's eni-config); two with one `scriptUrl` would have one cluster's
 * nodes run the other's script, join the wrong API server and fail, or worse, succeed.
 */
import { Problem } from '../problems';
import { describeValue, fieldPath } from '../describe';
import { ClusterSpec } from '../schema';
import { locate, ParsedSource, Position } from '../source';

/**
 * What the rules across files keep of one cluster file: its name, and the value and position of each field
 * that must be unique. Not the parsed file itself: a fleet of 10,000 would hold 10,000 YAML documents.
 */
export interface FleetMember {
  readonly file: string;
  readonly name: string;
  /** One per rule of UNIQUE, in its order. */
  readonly unique: readonly { readonly value: string; readonly position: Position }[];
}

export function fleetMember(file: string, source: ParsedSource, spec: ClusterSpec): FleetMember {
  return { file, name: spec.name, unique: UNIQUE.map((rule) => ({ value: rule.get(spec), position: locate(source, rule.path) })) };
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
  for (const [i, rule] of UNIQUE.entries()) {
    const first = new Map<string, FleetMember>();
    for (const member of members) {
      const { value, position } = member.unique[i];
      const earlier = first.get(value);
      if (earlier === undefined) {
        first.set(value, member);
        continue;
      }
      problems.push({
        file: member.file,
        ...position,
        field: fieldPath(rule.path),
        found: `${describeValue(value)}, already the ${rule.path[rule.path.length - 1]} of cluster ${JSON.stringify(earlier.name)} in ${earlier.file}:${earlier.unique[i].position.line}`,
        allowed: rule.allowed,
      });
    }
  }
  return problems;
}
