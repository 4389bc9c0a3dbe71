/**
 * Rules across the cluster files of one folder. Two clusters with one `clusterId` would both drive one ACK
 * cluster (each sync undoing the other's eni-config); two with one `scriptUrl` would have one cluster's
 * nodes run the other's script, join the wrong API server and fail, or worse, succeed. Two Argo CD clusters
 * with one destination (server, in one Argo CD namespace) end up in one ApplicationSet pointing both
 * Applications at the same cluster: each sync applies one cluster's eni-config and ack-agent-config over
 * the other's.
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
  /** One per rule of UNIQUE, in its order; no value when the rule does not apply to the cluster. */
  readonly unique: readonly { readonly value: string | undefined; readonly position: Position }[];
}

export function fleetMember(file: string, source: ParsedSource, spec: ClusterSpec): FleetMember {
  return { file, name: spec.name, unique: UNIQUE.map((rule) => ({ value: rule.get(spec), position: locate(source, rule.path) })) };
}

interface UniqueRule {
  readonly path: readonly string[];
  /** The value that must be unique; undefined when the rule does not apply. */
  readonly get: (spec: ClusterSpec) => string | undefined;
  /** How a value is shown in the message. @default the value */
  readonly show?: (value: string) => string;
  readonly allowed: string;
}

const UNIQUE: readonly UniqueRule[] = [
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
  {
    path: ['gitops', 'argocd', 'destinationServer'],
    // Argo CD namespace and server: one ApplicationSet per Argo CD namespace (gitops-files.ts).
    get: (spec) => (spec.gitops?.tool === 'argocd' ? `${spec.gitops.argocd.namespace}\n${spec.gitops.argocd.destinationServer}` : undefined),
    show: (value) => value.slice(value.indexOf('\n') + 1),
    allowed:
      'a destinationServer no other Argo CD cluster of the same Argo CD namespace uses: the API server URL Argo CD knows this cluster by (its cluster Secret), since the default https://kubernetes.default.svc is the cluster Argo CD runs in',
  },
];

export function checkFleet(members: readonly FleetMember[]): Problem[] {
  const problems: Problem[] = [];
  for (const [i, rule] of UNIQUE.entries()) {
    const first = new Map<string, FleetMember>();
    for (const member of members) {
      const { value, position } = member.unique[i];
      if (value === undefined) continue;
      const earlier = first.get(value);
      if (earlier === undefined) {
        first.set(value, member);
        continue;
      }
      problems.push({
        file: member.file,
        ...position,
        field: fieldPath(rule.path),
        found: `${describeValue(rule.show ? rule.show(value) : value)}, already the ${rule.path[rule.path.length - 1]} of cluster ${JSON.stringify(earlier.name)} in ${earlier.file}:${earlier.unique[i].position.line}`,
        allowed: rule.allowed,
      });
    }
  }
  return problems;
}
