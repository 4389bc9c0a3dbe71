/**
 * A fleet's shared defaults: `_defaults.yaml` beside the cluster files holds the fields most clusters share
 * (versions, repositories and mirrors, GitOps, the token source), and each cluster file is merged over it
 * before it is validated, so a fleet states them once, as Helm values files and kustomize bases let a chart
 * or an overlay do.
 *
 * Precedence, lowest first: the schema's defaults, the defaults file, the cluster file. The cluster file is
 * applied as a JSON merge patch (RFC 7396), the rule Terway's pool configurations already follow here:
 * mappings merge key by key, a list or a value replaces the default whole, and `null` removes a default
 * (`gitops: null` for the one cluster without GitOps). One addition: a mapping that names another variant
 * of a union (`type` of the token source, `mode` of Terway's credentials) replaces the default's whole, since
 * the fields of one variant mean nothing in another.
 *
 * The merged values are located back where they came from (source.ts, `locate`), so every message names the
 * file and line of the value: the cluster file's, or the defaults file's.
 */
import { describeValue, fieldPath } from './describe';
import { Problem } from './problems';
import { discriminatorAt } from './shape';
import { ParsedSource, locate, parseSource, valueAt } from './source';

/** The defaults file's name in a clusters folder; no cluster file may have it (cluster file names start with a letter or digit). */
export const DEFAULTS_FILE = '_defaults.yaml';

const ALLOWED = `a mapping of the fields the cluster files of the folder share, such as nodeInit: { kubernetesVersion: "1.36.0" }`;

/**
 * Fields every cluster sets itself, refused in the defaults file: one value shared by the fleet would be
 * wrong for all clusters but one, or refused by the fleet's rules.
 */
export const PER_CLUSTER_FIELDS: readonly { readonly path: readonly string[]; readonly why: string }[] = [
  { path: ['name'], why: 'it names the cluster and its output folder' },
  { path: ['clusterId'], why: 'each file drives its own ACK cluster' },
  { path: ['nodeInit', 'scriptUrl'], why: "each cluster's nodes must run its own script" },
  { path: ['nodeInit', 'join', 'caCertHash'], why: "it is the hash of the cluster's own CA" },
  {
    path: ['nodeInit', 'join', 'tokenSource', 'name'],
    why: "each cluster's join token needs its own parameter (left out, it is ack-hybrid-<name>-join-token)",
  },
  { path: ['gitops', 'path'], why: "it is the cluster's own output folder (left out, it is <out>/<name>)" },
  { path: ['terway', 'credentials', 'encryptedData'], why: "it is sealed for the cluster's own controller by 'ack-hybrid seal'" },
];

/** The defaults file parsed, or its problems: YAML, a mapping, no per-cluster fields. Its values are checked merged into each cluster file. */
export function parseDefaults(file: string, text: string): { source?: ParsedSource; problems: Problem[] } {
  const parsed = parseSource(file, text);
  // Problems about the file as a whole say what a defaults file is, not what a cluster file is.
  const problems = parsed.problems.map((p) => (p.line === 0 ? { ...p, allowed: ALLOWED } : p));
  const source = parsed.source;
  if (!source) return { problems };
  if (!isMapping(source.data)) {
    return { problems: [{ file, ...locate(source, []), field: '', found: Array.isArray(source.data) ? 'a list' : 'a single value', allowed: ALLOWED }] };
  }
  for (const { path, why } of PER_CLUSTER_FIELDS) {
    const value = valueAt(source.data, path);
    if (value === undefined) continue;
    problems.push({
      file,
      ...locate(source, path, true),
      field: fieldPath(path),
      found: `${describeValue(value)} in the defaults file`,
      allowed: `${fieldPath(path)} in each cluster file, not in ${DEFAULTS_FILE}: ${why}`,
    });
  }
  return problems.length > 0 ? { problems } : { source, problems: [] };
}

/** A cluster file's parsed source merged over the defaults file's: its data merged, its positions layered (source.ts). */
export function overDefaults(source: ParsedSource, defaults: ParsedSource | undefined): ParsedSource {
  if (defaults === undefined) return source;
  return { ...source, data: mergeOver(defaults.data, source.data, []), defaults };
}

/** `own` (a cluster file's values) over `defaults`, as the module comment says. Neither is changed. */
export function mergeOver(defaults: unknown, own: unknown, path: readonly PropertyKey[]): unknown {
  if (!isMapping(own) || !isMapping(defaults)) return own;
  const discriminator = discriminatorAt(path);
  if (discriminator !== undefined && own[discriminator] !== undefined && own[discriminator] !== defaults[discriminator]) return own;
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults)) setOwn(merged, key, value);
  for (const [key, value] of Object.entries(own)) {
    const inherited = Object.prototype.hasOwnProperty.call(defaults, key);
    // null removes a default; where there is none, it stays, and the schema says what the key needs.
    if (value === null && inherited) delete merged[key];
    else setOwn(merged, key, inherited ? mergeOver(defaults[key], value, [...path, key]) : value);
  }
  return merged;
}

/** As `target[key] = value`, but a key such as `__proto__` becomes a key, not the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Problems found merged over the defaults file and located in it: reported once, not once per cluster file.
 * A problem every cluster file shares is the defaults file's own; one that only some share comes from what
 * those files add, so it names them.
 */
export function gatherDefaultsProblems(
  found: ReadonlyMap<string, { readonly problem: Problem; readonly files: readonly string[] }>,
  clusterFiles: number,
): Problem[] {
  return [...found.values()].map(({ problem, files }) => {
    if (files.length === clusterFiles) return problem;
    const named = files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
    const merged = `merged into ${named}`;
    return { ...problem, hint: problem.hint === undefined ? merged : `${problem.hint}; ${merged}` };
  });
}
