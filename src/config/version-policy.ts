/**
 * What ack-hybrid refuses, and what it accepts with a warning, about the versions of a cluster file, judged from
 * the facts of versions.data.json (docs/versions.md says the policy for users):
 *
 * - Refused: a containerd build Docker never published, one above Docker's newest build of its line, a line the
 *   table does not know, or a Kubernetes minor newer than the table; unless `nodeInit.allowUntestedVersions` is
 *   true, which turns each of these into a warning (the day Kubernetes 1.38.0 ships, users have a way forward
 *   without a new ack-hybrid release). Always refused: a pair outside containerd's support table.
 * - Warned: a Kubernetes minor or containerd line past its end of life (on the date of today.ts), a pause image
 *   other than the one kubeadm of that minor expects.
 *
 * Errors reach users through the schema (schema.ts), warnings through load.ts; both come from here.
 */
import {
  compareVersions,
  CONTAINERD_LINES,
  ContainerdLine,
  containerdLine,
  containerdRow,
  cite,
  known,
  KUBERNETES_MINORS,
  kubernetesMinor,
  lineOf,
  newerThanKnownLines,
  NEWEST_CONTAINERD_ROW,
  parseVersion,
  pauseTagFor,
  scheduledMinor,
  Triple,
  VERSIONS,
  VERSIONS_CHECKED,
} from './versions';

/** The versions of one `nodeInit`, with defaults applied (pauseImage only when the file sets it). */
export interface NodeInitVersions {
  readonly kubernetesVersion: string;
  readonly containerdVersion: string;
  readonly pauseImage?: string;
  readonly allowUntestedVersions: boolean;
}

/** Fields under `nodeInit` a finding is about. */
export type VersionField = readonly ['kubernetesVersion'] | readonly ['containerd', 'version'] | readonly ['containerd', 'pauseImage'];

export interface VersionFinding {
  readonly severity: 'error' | 'warning';
  readonly field: VersionField;
  /** Why the value is a problem, after the value itself: `Kubernetes 1.33 reached its end of life on 2026-06-28 (…)`. */
  readonly why: string;
  /** What is allowed instead, or what to do. */
  readonly allowed: string;
  readonly hint?: string;
}

const KUBERNETES_VERSION: VersionField = ['kubernetesVersion'];
const CONTAINERD_VERSION: VersionField = ['containerd', 'version'];
const PAUSE_IMAGE: VersionField = ['containerd', 'pauseImage'];
const ALLOW = 'nodeInit.allowUntestedVersions: true';

/** Every finding about these versions on `date` (YYYY-MM-DD); none when they are fine. */
export function versionFindings(versions: NodeInitVersions, date: string): VersionFinding[] {
  const k = parseVersion(versions.kubernetesVersion);
  const c = parseVersion(versions.containerdVersion);
  // Malformed versions are the formats' to report.
  if (!k || !c || k[1] < KUBERNETES_MINORS.oldest) return [];
  const minor = k[1];
  return [
    ...kubernetesFindings(minor, versions.allowUntestedVersions, date),
    ...containerdFindings(versions.containerdVersion, c, minor, versions.allowUntestedVersions, date),
    ...pauseFindings(versions.pauseImage, minor),
  ];
}

function kubernetesFindings(minor: number, allowUntested: boolean, date: string): VersionFinding[] {
  const entry = kubernetesMinor(minor);
  if (entry === undefined) {
    const scheduled = scheduledMinor(minor);
    const known = `ack-hybrid's version table (1.${KUBERNETES_MINORS.oldest} to 1.${KUBERNETES_MINORS.newest}, checked ${VERSIONS_CHECKED})`;
    const release = scheduled
      ? `1.${minor}.0 was scheduled for ${scheduled.released.value} (${cite(scheduled.released.source)})`
      : `the table knows of no 1.${minor} release`;
    if (!allowUntested) {
      return [
        {
          severity: 'error',
          field: KUBERNETES_VERSION,
          why: `Kubernetes 1.${minor} is newer than ${known}`,
          allowed: `a Kubernetes minor from 1.${KUBERNETES_MINORS.oldest} to 1.${KUBERNETES_MINORS.newest} (ack-hybrid's version table, checked ${VERSIONS_CHECKED})`,
          hint: `${release}; to use 1.${minor} before an ack-hybrid release knows it, set ${ALLOW} (docs/versions.md)`,
        },
      ];
    }
    return [
      {
        severity: 'warning',
        field: KUBERNETES_VERSION,
        why: `Kubernetes 1.${minor} is newer than ${known}, accepted because ${ALLOW}; ${release}`,
        allowed:
          `a minor of the table; with 1.${minor} the node script assumes what holds for 1.${KUBERNETES_MINORS.newest}: containerd's 1.${Math.min(minor, NEWEST_CONTAINERD_ROW)} row, ` +
          `kubeadm's pause ${pauseTagFor(minor)} and its v1beta4 JoinConfiguration; check a first node, and update ack-hybrid once a release knows 1.${minor}`,
      },
    ];
  }
  if (date < entry.endOfLife.value) return [];
  return [
    {
      severity: 'warning',
      field: KUBERNETES_VERSION,
      why: `Kubernetes 1.${minor} reached its end of life on ${entry.endOfLife.value} (${cite(entry.endOfLife.source)}): no more patches, security fixes included`,
      allowed: `a minor upstream still supports on ${date}: ${supportedMinors(date)}; upgrade the on-premises cluster first, then kubernetesVersion`,
    },
  ];
}

function supportedMinors(date: string): string {
  const minors = VERSIONS.kubernetes.minors.filter((m) => date < m.endOfLife.value).map((m) => `1.${m.minor}`);
  if (minors.length === 0) return `none in ack-hybrid's table (checked ${VERSIONS_CHECKED}): update ack-hybrid`;
  return minors.length === 1 ? minors[0] : `${minors[0]} to ${minors[minors.length - 1]}`;
}

function containerdFindings(version: string, c: Triple, minor: number, allowUntested: boolean, date: string): VersionFinding[] {
  const line = lineOf(c);
  const entry = containerdLine(line);
  const use = () => `for Kubernetes 1.${minor} use ${containerdAdvice(minor, date)}`;
  const findings: VersionFinding[] = [];
  const notBuilt = dockerProblem(version, c, entry, date);
  if (notBuilt !== undefined && !allowUntested) {
    return [
      {
        severity: 'error',
        field: CONTAINERD_VERSION,
        why: notBuilt.why,
        allowed: `containerd ${version} is not in Docker's repository: ${notBuilt.why}; ${use()}`,
        hint: notBuilt.mayExistSince ? `if your repository has containerd.io ${version} by now, set ${ALLOW} (docs/versions.md)` : undefined,
      },
    ];
  }
  const outside = supportProblem(c, minor);
  if (outside !== undefined) {
    return [
      {
        severity: 'error',
        field: CONTAINERD_VERSION,
        why: outside,
        allowed: `containerd ${version} is not in containerd's support table for Kubernetes 1.${minor} (containerd RELEASES.md): ${outside}; ${use()}`,
      },
    ];
  }
  if (notBuilt !== undefined) {
    findings.push({
      severity: 'warning',
      field: CONTAINERD_VERSION,
      why: `not a containerd.io build of ack-hybrid's table: ${notBuilt.why}; accepted because ${ALLOW}`,
      allowed: `a build the table lists (${use()}); or make sure the repository has containerd.io ${version}, or the node script stops at its install`,
    });
  }
  if (entry !== undefined && date >= entry.endOfLife.value) {
    findings.push({
      severity: 'warning',
      field: CONTAINERD_VERSION,
      why: `containerd ${line} reached its end of life on ${entry.endOfLife.value} (${cite(entry.endOfLife.source)})`,
      allowed: `a line still supported on ${date}: ${containerdOptions(minor, date).text} for Kubernetes 1.${minor}`,
    });
  }
  return findings;
}

interface NotBuilt {
  readonly why: string;
  /** The build may have been published after the table was checked: a newer patch or line. */
  readonly mayExistSince: boolean;
}

/**
 * Why Docker's repository has no containerd.io `version`, or undefined when it has. A newer patch or line may
 * have been published since the table was checked, unless the line has reached its end of life on `date`.
 */
function dockerProblem(version: string, c: Triple, entry: ContainerdLine | undefined, date: string): NotBuilt | undefined {
  const line = lineOf(c);
  const checked = `checked ${VERSIONS_CHECKED}`;
  if (entry === undefined) {
    const newer = newerThanKnownLines(line);
    return {
      why: newer
        ? `ack-hybrid's table has no containerd ${line} (its newest line is ${CONTAINERD_LINES[0].line}, ${checked})`
        : `ack-hybrid's table has no containerd ${line}, which is older than every line it knows`,
      mayExistSince: newer,
    };
  }
  const builds = entry.dockerBuilds.value;
  if (builds.includes(version)) return undefined;
  if (builds.length === 0) {
    return { why: `Docker published no containerd.io ${line}.x (${cite(entry.dockerBuilds.source)}, ${checked})`, mayExistSince: newerThanDockerLines(line) };
  }
  const oldest = builds[0];
  const newest = builds[builds.length - 1];
  if (compareVersions(c, known(newest)) > 0) {
    const ended = date >= entry.endOfLife.value;
    return {
      why: `Docker's newest containerd.io ${line} build is ${newest} (${cite(entry.dockerBuilds.source)}, ${checked})${ended ? `, and ${line} reached its end of life on ${entry.endOfLife.value}` : ''}`,
      mayExistSince: !ended,
    };
  }
  if (compareVersions(c, known(oldest)) < 0) {
    return { why: `Docker's oldest containerd.io ${line} build is ${oldest}`, mayExistSince: false };
  }
  return { why: `Docker built no containerd.io ${version} (its ${line} builds: ${buildRange(builds)})`, mayExistSince: false };
}

/** A line newer than every line Docker has built (2.4 while Docker's newest is 2.3). */
function newerThanDockerLines(line: string): boolean {
  const built = CONTAINERD_LINES.filter((l) => l.dockerBuilds.value.length > 0);
  return built.every((l) => compareVersions(known(`${line}.0`), known(`${l.line}.0`)) > 0);
}

/**
 * Why containerd's table does not recommend this version for 1.`minor`, or undefined when it does: at or above
 * the minimum of its line in the row, or a line newer than every line of the row (containerd keeps CRI v1 there).
 */
function supportProblem(c: Triple, minor: number): string | undefined {
  const row = containerdRow(minor).map(known);
  const sameLine = row.find((v) => lineOf(v) === lineOf(c));
  if (sameLine)
    return compareVersions(c, sameLine) >= 0 ? undefined : `its 1.${Math.min(minor, NEWEST_CONTAINERD_ROW)} row needs ${lineOf(c)}.${sameLine[2]} or later`;
  const newest = row.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  if (compareVersions([c[0], c[1], 0], [newest[0], newest[1], 0]) > 0) return undefined;
  return `its 1.${Math.min(minor, NEWEST_CONTAINERD_ROW)} row lists ${row.map((v) => `${lineOf(v)}.${v[2]}+`).join(', ')}`;
}

/**
 * The containerd.io builds that work with 1.`minor`: per line, Docker's builds at or above the row's minimum (a
 * line newer than every line of the row: all its builds), newest line first. Lines past end of life on `date`
 * are left out while a supported one exists.
 */
export function containerdAdvice(minor: number, date: string): string {
  const { text, leftOut } = containerdOptions(minor, date);
  return leftOut.length === 0 ? text : `${text} (lines past end of life left out: ${leftOut.join(', ')})`;
}

function containerdOptions(minor: number, date: string): { readonly text: string; readonly leftOut: readonly string[] } {
  const row = containerdRow(minor).map(known);
  const newestInRow = row.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  const options = CONTAINERD_LINES.map((entry) => {
    const floor = row.find((v) => lineOf(v) === entry.line);
    const lineTriple = known(`${entry.line}.0`);
    const newerLine = compareVersions(lineTriple, [newestInRow[0], newestInRow[1], 0]) > 0;
    if (floor === undefined && !newerLine) return undefined;
    const builds = entry.dockerBuilds.value.filter((b) => floor === undefined || compareVersions(known(b), floor) >= 0);
    return builds.length === 0 ? undefined : { entry, builds, ended: date >= entry.endOfLife.value };
  }).filter((o): o is { entry: ContainerdLine; builds: string[]; ended: boolean } => o !== undefined);
  const supported = options.filter((o) => !o.ended);
  const shown = supported.length > 0 ? supported : options;
  if (shown.length === 0) return { text: `none of Docker's builds in ack-hybrid's table (checked ${VERSIONS_CHECKED})`, leftOut: [] };
  return {
    text: shown.map((o) => buildRange(o.builds)).join(', '),
    leftOut: options.filter((o) => o.ended && supported.length > 0).map((o) => o.entry.line),
  };
}

/** "2.3.1 to 2.3.3", "2.2.0 to 2.2.6 except 2.2.2", "2.1.5": builds of one line, oldest first. */
export function buildRange(builds: readonly string[]): string {
  if (builds.length === 1) return builds[0];
  const first = known(builds[0]);
  const last = known(builds[builds.length - 1]);
  const missing: string[] = [];
  for (let patch = first[2] + 1; patch < last[2]; patch++) {
    const v = `${first[0]}.${first[1]}.${patch}`;
    if (!builds.includes(v)) missing.push(v);
  }
  const range = `${builds[0]} to ${builds[builds.length - 1]}`;
  return missing.length === 0 ? range : `${range} except ${missing.join(', ')}`;
}

/** The tag of a `…/pause:<tag>` image, when it is a version. */
function pauseTag(image: string): string | undefined {
  return /(^|\/)pause:([0-9]+\.[0-9]+(\.[0-9]+)?)$/.exec(image)?.[2];
}

function pauseFindings(image: string | undefined, minor: number): VersionFinding[] {
  const tag = image === undefined ? undefined : pauseTag(image);
  const entry = kubernetesMinor(minor);
  if (tag === undefined || entry === undefined || tag === entry.pause.value) return [];
  return [
    {
      severity: 'warning',
      field: PAUSE_IMAGE,
      why: `tag ${tag}, but kubeadm 1.${minor} expects pause ${entry.pause.value}; its join preflight warns about the difference`,
      allowed: `the same image at tag ${entry.pause.value}, or no pauseImage: the default, registry.k8s.io/pause:${entry.pause.value}, follows kubernetesVersion`,
    },
  ];
}
