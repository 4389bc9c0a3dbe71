/**
 * The platform facts ack-hybrid works from (Kubernetes minors, containerd lines and Docker's builds of them, the
 * pause image per kubeadm minor, containerd's config versions, distributions, key fingerprints), typed. The facts
 * themselves, each with its source and the date it was read, are data in versions.data.json: the one file a
 * maintainer updates (docs/versions.md says how; tools/refresh-versions.js reads the upstream repositories).
 * This module only reads them; what is refused or warned about is version-policy.ts.
 */
import data from './versions.data.json';

/** Where a fact was read: a repository (`owner/name`, path, ref) or a page, and when. */
export interface Source {
  readonly from: string;
  readonly path?: string;
  readonly ref?: string;
  /** The date of the source itself (a commit's date), when it matters. */
  readonly date?: string;
  /** The date a maintainer read it. */
  readonly read: string;
  /** True when no upstream source confirmed the value: it is an inference, said in `note`. */
  readonly unverified?: boolean;
  readonly note?: string;
}

export interface Fact<T> {
  readonly value: T;
  readonly source: Source;
  readonly why?: string;
}

export interface KubernetesMinor {
  readonly minor: number;
  readonly released: Fact<string>;
  readonly endOfLife: Fact<string>;
  /** The pause image tag kubeadm of this minor expects (its preflight warns when the runtime's differs). */
  readonly pause: Fact<string>;
}

export interface ScheduledMinor {
  readonly minor: number;
  readonly released: Fact<string>;
}

export interface ContainerdLine {
  /** `major.minor`, such as "2.3". */
  readonly line: string;
  readonly endOfLife: Fact<string>;
  /** The `version = N` of config.toml this line reads without migrating it. */
  readonly configVersion: Fact<number>;
  /** Every containerd.io build of the line Docker published, oldest first; empty when none. */
  readonly dockerBuilds: Fact<readonly string[]>;
}

export interface DebSystem {
  readonly id: string;
  readonly version: string;
  readonly codename: string;
  readonly name: string;
}

export interface RefusedDebSystem extends DebSystem {
  readonly why: string;
  readonly source: Source;
}

export interface RpmSystem {
  readonly id: string;
  readonly version: string;
  /** The Enterprise Linux major whose Docker repository (`/linux/rhel/<el>`) it uses. */
  readonly el: number;
  readonly name: string;
}

export interface Targets {
  readonly value: readonly string[];
  readonly sources: readonly Source[];
}

export interface VersionsData {
  readonly checked: string;
  readonly kubernetes: {
    readonly oldestMinor: Fact<number>;
    readonly minors: readonly KubernetesMinor[];
    readonly scheduled: readonly ScheduledMinor[];
  };
  readonly containerd: {
    readonly kubernetesSupport: { readonly rows: Readonly<Record<string, readonly string[]>>; readonly sources: readonly Source[] };
    readonly lines: readonly ContainerdLine[];
  };
  readonly defaults: { readonly kubernetesVersion: Fact<string>; readonly containerdVersion: Fact<string> };
  readonly distributions: {
    readonly deb: { readonly supported: readonly DebSystem[]; readonly refused: readonly RefusedDebSystem[]; readonly dockerTargets: Targets };
    readonly rpm: { readonly supported: readonly RpmSystem[]; readonly dockerTargets: Targets };
  };
  readonly keys: { readonly kubernetes: Fact<string>; readonly dockerDeb: Fact<string>; readonly dockerRpm: Fact<string> };
}

/** The data file, checked against the types above when this module compiles (and in test/versions-data.test.ts). */
export const VERSIONS: VersionsData = data;

/** The date the data was last checked against its sources. */
export const VERSIONS_CHECKED = VERSIONS.checked;

/** Kubernetes minors (1.y) of the table: from kubeadm v1beta4's first minor to the newest released one. */
export const KUBERNETES_MINORS = {
  oldest: VERSIONS.kubernetes.oldestMinor.value,
  newest: Math.max(...VERSIONS.kubernetes.minors.map((m) => m.minor)),
} as const;

/** What `init` and the shipped example use (see `why` in the data file). */
export const DEFAULT_KUBERNETES_VERSION = VERSIONS.defaults.kubernetesVersion.value;
export const DEFAULT_CONTAINERD_VERSION = VERSIONS.defaults.containerdVersion.value;

export type Triple = readonly [number, number, number];

export function parseVersion(version: string): Triple | undefined {
  const m = /^([0-9]+)\.([0-9]+)\.([0-9]+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** A version from the data file; a malformed one is a bug in the data, not a user mistake. */
export function known(version: string): Triple {
  const parsed = parseVersion(version);
  if (parsed === undefined) throw new Error(`src/config/versions.data.json holds a malformed version: ${version}`);
  return parsed;
}

export function compareVersions(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** "2.3" of 2.3.1. */
export const lineOf = (v: Triple): string => `${v[0]}.${v[1]}`;

function compareLines(a: string, b: string): number {
  return compareVersions(known(`${a}.0`), known(`${b}.0`));
}

/** The table's entry for Kubernetes 1.`minor`, if it has one. */
export function kubernetesMinor(minor: number): KubernetesMinor | undefined {
  return VERSIONS.kubernetes.minors.find((m) => m.minor === minor);
}

/** A minor upstream has scheduled but the table does not hold yet (1.38 when it was read). */
export function scheduledMinor(minor: number): ScheduledMinor | undefined {
  return VERSIONS.kubernetes.scheduled.find((m) => m.minor === minor);
}

/**
 * containerd's "Kubernetes Support" row for 1.`minor`: the minimum patch of each line. Minors newer than the
 * last row use the last row (containerd: "there is always a supported version of containerd for every supported
 * version of Kubernetes").
 */
export function containerdRow(minor: number): readonly string[] {
  const rows = VERSIONS.containerd.kubernetesSupport.rows;
  const last = Math.max(...Object.keys(rows).map(Number));
  return rows[String(Math.min(minor, last))] ?? [];
}

/** The newest Kubernetes minor containerd's table has a row for. */
export const NEWEST_CONTAINERD_ROW = Math.max(...Object.keys(VERSIONS.containerd.kubernetesSupport.rows).map(Number));

/** The table's containerd lines, newest first. */
export const CONTAINERD_LINES: readonly ContainerdLine[] = [...VERSIONS.containerd.lines].sort((a, b) => compareLines(b.line, a.line));

export function containerdLine(line: string): ContainerdLine | undefined {
  return CONTAINERD_LINES.find((l) => l.line === line);
}

/** Whether `line` is newer than every line the table knows (2.5 when the table ends at 2.4). */
export function newerThanKnownLines(line: string): boolean {
  return CONTAINERD_LINES.every((l) => compareLines(line, l.line) > 0);
}

/**
 * The config.toml `version` for this containerd version: its line's, or for a line the table does not know the
 * newest one of its major (a newer line reads it; 1.x: 2).
 */
export function configVersionFor(containerdVersion: string): number {
  const v = known(containerdVersion);
  const line = containerdLine(lineOf(v));
  if (line) return line.configVersion.value;
  const sameMajor = CONTAINERD_LINES.filter((l) => l.line.startsWith(`${v[0]}.`));
  return sameMajor.length > 0 ? sameMajor[0].configVersion.value : CONTAINERD_LINES[0].configVersion.value;
}

/** The pause image tag kubeadm 1.`minor` expects; for a minor newer than the table, the newest minor's. */
export function pauseTagFor(minor: number): string {
  const entry = kubernetesMinor(Math.min(Math.max(minor, KUBERNETES_MINORS.oldest), KUBERNETES_MINORS.newest));
  return entry!.pause.value;
}

/** The default `nodeInit.containerd.pauseImage`: kubeadm's own, from registry.k8s.io. */
export function defaultPauseImage(kubernetesVersion: string): string {
  return `registry.k8s.io/pause:${pauseTagFor(Number(kubernetesVersion.split('.')[1]))}`;
}

/** Key fingerprints of the upstream repositories, by what they sign. */
export const REPOSITORY_KEYS = {
  kubernetes: VERSIONS.keys.kubernetes.value,
  docker: { deb: VERSIONS.keys.dockerDeb.value, rpm: VERSIONS.keys.dockerRpm.value },
} as const;

/** `containerd/containerd RELEASES.md @301026e5`: a source as a message or a doc names it. */
export function cite(source: Source): string {
  const where = [source.from, source.path].filter((s) => s !== undefined).join(' ');
  return source.ref === undefined ? where : `${where} @${source.ref}`;
}
