/**
 * Supported versions of Kubernetes and containerd: the one place a maintainer updates (with the date and the
 * sources below), read by the cluster-file validation (formats.ts, schema.ts) and the docs.
 *
 * Data as of 2026-12-01 (the containerd.io rows rechecked on 2026-12-02). Sources (each read at the commit given):
 * - Kubernetes minors: kubernetes/kubernetes `CHANGELOG/` has CHANGELOG-1.37.md with releases and 1.38 only in
 *   pre-release (index of 2026-12); kubeadm's JoinConfiguration v1beta4, which the node script writes, exists
 *   from 1.31 (kubernetes/kubernetes `cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go`). The window is 1.31 to 1.37.
 * - containerd's Kubernetes support table: containerd/containerd `RELEASES.md` @301026e5 (2026-08-22), section
 *   "Kubernetes Support"; the 1.31 row as it stood before it was dropped (@415b5a53, the parent of b5ee44fe "add k8s 1.35 to support matrix",
 *   2026-01-06: `| 1.31 | 2.1.0+, 2.0.0+, 1.7.20+, 1.6.34+ |`).
 * - containerd lines and end of life: the same file, "Current State of containerd Releases" (1.7 EOL September
 *   2026, 2.1 EOL 2026-07-03, 2.2 EOL 2026-11-06, 2.3 LTS to 2028-04-30).
 * - containerd.io as Docker publishes it: docker/docker-ce-packaging PR #1334 (commit 7dd5329e, 2026-06-12,
 *   "container.io v2.1.5 is the oldest v2 version we shipped as packages"): 2.0.x and 2.1.0-2.1.4 were never
 *   published; 1.6.x and 1.7.x were (docker/containerd-packaging "prepare release 1.7.x" commits). Since late
 *   2025 Docker builds containerd.io in docker/packaging (docker/containerd-packaging issue #407), whose release
 *   tags name each published build: containerd/v2.2.0-53 first for 2.2, containerd/v2.3.1-62 first for 2.3
 *   (no 2.3.0), and commit e4253ef6 (2026-08-19): "We currently ship containerd 2.3 releases as stable".
 *   Tags read at docker/packaging fc7ef54c (2026-08-20); recheck download.docker.com when updating this file.
 */

/** The date the data below was last checked against its sources. */
export const VERSIONS_CHECKED = '2026-12-01';

/** Kubernetes minors (1.y) the node script supports: kubeadm v1beta4 from 1.31, the newest released minor last. */
export const KUBERNETES_MINORS = { oldest: 31, newest: 37 } as const;

/** What `init` and the shipped example use: the newest minor in containerd's table, upstream-supported to mid-2027. */
export const DEFAULT_KUBERNETES_VERSION = '1.36.0';
/** containerd 2.3 is the LTS line (to 2028-04-30) and in the 1.36 row; Docker publishes 2.x from 2.1.5. */
export const DEFAULT_CONTAINERD_VERSION = '2.3.2';

/**
 * containerd RELEASES.md "Kubernetes Support": per Kubernetes minor, the minimum patch of each containerd line.
 * Minors newer than the last row use the last row (containerd: "there is always a supported version of
 * containerd for every supported version of Kubernetes"; 1.37 has no row yet at @301026e5).
 */
export const CONTAINERD_FOR_KUBERNETES: Readonly<Record<number, readonly string[]>> = {
  31: ['2.1.0', '2.0.0', '1.7.20', '1.6.34'],
  32: ['2.1.0', '2.0.1', '1.7.24', '1.6.36'],
  33: ['2.1.0', '2.0.4', '1.7.24', '1.6.36'],
  34: ['2.1.3', '2.0.6', '1.7.28', '1.6.39'],
  35: ['2.2.0', '2.1.5', '1.7.28'],
  36: ['2.3.0', '2.2.0'],
};

/**
 * containerd.io lines Docker publishes, with the oldest published patch. A line not listed (2.0, or one newer
 * than 2.3) is refused until a maintainer checks download.docker.com and adds it here.
 */
export const DOCKER_CONTAINERD_LINES: Readonly<Record<string, string>> = {
  '1.6': '1.6.0',
  '1.7': '1.7.0',
  '2.1': '2.1.5',
  '2.2': '2.2.0',
  '2.3': '2.3.1',
};

type Triple = readonly [number, number, number];

function parse(version: string): Triple | undefined {
  const m = /^([0-9]+)\.([0-9]+)\.([0-9]+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** A version from the tables above; a malformed one is a bug in this file, not a user mistake. */
function known(version: string): Triple {
  const parsed = parse(version);
  if (parsed === undefined) throw new Error(`src/config/versions.ts holds a malformed version: ${version}`);
  return parsed;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

const lineOf = (v: Triple) => `${v[0]}.${v[1]}`;

/** The table row that applies to Kubernetes minor `minor` (the last row for newer minors). */
export function containerdRow(minor: number): readonly string[] {
  const known = Object.keys(CONTAINERD_FOR_KUBERNETES).map(Number);
  const last = Math.max(...known);
  return CONTAINERD_FOR_KUBERNETES[Math.min(minor, last)] ?? [];
}

/** "2.3.1 or a later 2.3.x, 2.2.0 or a later 2.2.x": what works with Kubernetes 1.`minor`, published by Docker. */
export function containerdAllowedFor(minor: number): string {
  const options = containerdRow(minor)
    .map((min) => {
      const v = known(min);
      const published = DOCKER_CONTAINERD_LINES[lineOf(v)];
      if (published === undefined) return undefined;
      const floor = compare(known(published), v) > 0 ? published : min;
      return `${floor} or a later ${lineOf(v)}.x`;
    })
    .filter((s): s is string => s !== undefined);
  return options.join(', ');
}

/**
 * Why this containerd version cannot run nodes of this Kubernetes version, or undefined when it can:
 * Docker must have published it, and containerd's table must list its line for the minor at or above the
 * minimum patch (a line newer than every line of the row is accepted: containerd keeps CRI v1 there).
 */
export function containerdProblem(kubernetesVersion: string, containerdVersion: string): string | undefined {
  const k = parse(kubernetesVersion);
  const c = parse(containerdVersion);
  if (!k || !c) return undefined; // the formats report these
  const line = lineOf(c);
  const published = DOCKER_CONTAINERD_LINES[line];
  // Only when there is a problem to explain: this runs for every valid cluster file.
  const allowed = () => containerdAllowedFor(k[1]);
  if (published === undefined || compare(c, known(published)) < 0) {
    const why =
      published === undefined
        ? `Docker never published containerd.io ${line}.x (checked ${VERSIONS_CHECKED})`
        : `Docker's oldest published containerd.io ${line}.x is ${published}`;
    return `containerd ${containerdVersion} is not in Docker's repository: ${why}; for Kubernetes 1.${k[1]} use ${allowed()}`;
  }
  const row = containerdRow(k[1]).map(known);
  const sameLine = row.find((v) => lineOf(v) === line);
  const newest = row.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
  const newerLine = c[0] > newest[0] || (c[0] === newest[0] && c[1] > newest[1]);
  if (sameLine ? compare(c, sameLine) >= 0 : newerLine) return undefined;
  return `containerd ${containerdVersion} is not in containerd's support table for Kubernetes 1.${k[1]} (containerd RELEASES.md); use ${allowed()}`;
}
