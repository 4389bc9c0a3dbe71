/**
 * Rules that span fields: the network plan, zones of the region, pool sizes, unique IDs.
 *
 * These run on the raw parsed data, not on a validated spec, so that a file with a malformed ID *and*
 * an overlapping range reports both at once. A field that is itself malformed is skipped here: the
 * shape check has already reported it.
 */
import { Cidr, contains, overlaps, parseCidr } from './cidr';
import { CIDR, REGION, ZONE, zoneInRegion } from './formats';
import { describeValue, fieldPath, Problem } from './problems';
import { TerwaySchema } from './schema';
import { locate, ParsedSource, valueAt } from './source';

type Path = readonly (string | number)[];

/** The node label that makes Terway merge `eni-config-<pool>` over `eni-config`. */
export const TERWAY_CONFIG_LABEL = 'terway-config';

interface NamedRange {
  readonly path: Path;
  readonly cidr: Cidr;
}

interface VSwitchEntry {
  readonly path: Path;
  readonly id?: string;
  readonly zone?: string;
  readonly range?: NamedRange;
}

export function checkPlan(source: ParsedSource): Problem[] {
  const problems: Problem[] = [];
  const report = (path: Path, found: string, allowed: string) =>
    problems.push({ file: source.file, ...locate(source, path), field: fieldPath(path), found, allowed });
  const lineOf = (path: Path) => locate(source, path).line;
  const rangeAt = (path: Path): NamedRange | undefined => {
    const text = valueAt(source.data, path);
    if (typeof text !== 'string' || !CIDR.test(text)) return undefined;
    return { path, cidr: parseCidr(text)! };
  };
  const named = (r: NamedRange) => `${fieldPath(r.path)} "${r.cidr.canonical}" (line ${lineOf(r.path)})`;

  // On-premises ranges: none may overlap another, nor the VPC (routes across CEN would be ambiguous).
  const vpc = rangeAt(['cloud', 'vpcCidr']);
  const onPrem = (['nodeCidr', 'podCidr', 'serviceCidr'] as const)
    .map((key) => rangeAt(['onPrem', key]))
    .filter((r): r is NamedRange => r !== undefined);
  for (const [i, range] of onPrem.entries()) {
    for (const earlier of onPrem.slice(0, i)) {
      if (overlaps(range.cidr, earlier.cidr)) {
        report(range.path, `"${range.cidr.canonical}", which ${relation(range.cidr, earlier.cidr)} ${named(earlier)}`,
          'on-premises node, pod and service ranges that do not overlap each other');
      }
    }
    if (vpc && overlaps(range.cidr, vpc.cidr)) {
      report(range.path, `"${range.cidr.canonical}", which ${relation(range.cidr, vpc.cidr)} ${named(vpc)}`,
        'an on-premises range outside cloud.vpcCidr: pick a range the VPC does not use, or a smaller VPC range');
    }
  }

  // vSwitches: inside the VPC, in the region, and no two different vSwitches sharing addresses.
  const region = valueAt(source.data, ['region']);
  const regionOk = typeof region === 'string' && REGION.test(region);
  // Node pools' vSwitches follow the same rules as the cluster's: one address plan for the whole VPC.
  const pools = listAt(source.data, ['nodePools']);
  const vSwitchLists: Path[] = [
    ['cloud', 'nodeVSwitches'],
    ['cloud', 'podVSwitches'],
    ...pools.flatMap((_, i): Path[] => [['nodePools', i, 'nodeVSwitches'], ['nodePools', i, 'podVSwitches']]),
  ];
  const vSwitches = vSwitchLists.flatMap((list) => listAt(source.data, list).map(
    (item, index): VSwitchEntry => {
      const path: Path = [...list, index];
      const id = valueAt(item, ['id']);
      const zone = valueAt(item, ['zone']);
      return {
        path,
        id: typeof id === 'string' ? id : undefined,
        zone: typeof zone === 'string' && ZONE.test(zone) ? zone : undefined,
        range: rangeAt([...path, 'cidr']),
      };
    }));
  for (const [i, vsw] of vSwitches.entries()) {
    if (regionOk && vsw.zone !== undefined && !zoneInRegion(vsw.zone, region)) {
      report([...vsw.path, 'zone'], `${describeValue(vsw.zone)}, a zone outside region "${region}" (line ${lineOf(['region'])})`,
        `a zone of region ${region}, such as ${region}${/[0-9]$/.test(region) ? 'a' : '-a'}`);
    }
    if (vsw.range && vpc && !contains(vpc.cidr, vsw.range.cidr)) {
      report(vsw.range.path, `"${vsw.range.cidr.canonical}", which is not inside ${named(vpc)}`,
        'a vSwitch range inside cloud.vpcCidr');
    }
    for (const earlier of vSwitches.slice(0, i)) {
      if (vsw.id !== undefined && vsw.id === earlier.id) {
        // One vSwitch may serve nodes and pods (Terway's shared mode); it must then be described alike.
        const sameList = fieldPath(vsw.path.slice(0, -1)) === fieldPath(earlier.path.slice(0, -1));
        const alike = vsw.zone === earlier.zone && vsw.range?.cidr.canonical === earlier.range?.cidr.canonical;
        if (sameList || !alike) {
          report([...vsw.path, 'id'], `${describeValue(vsw.id)}, already at ${fieldPath(earlier.path)} (line ${lineOf(earlier.path)})${sameList ? '' : ' with another zone or range'}`,
            sameList ? 'each vSwitch once per list' : 'the same zone and range wherever one vSwitch ID appears');
          break; // once per vSwitch: its other appearances say nothing new
        }
      } else if (vsw.range && earlier.range && overlaps(vsw.range.cidr, earlier.range.cidr)) {
        report(vsw.range.path, `"${vsw.range.cidr.canonical}", which ${relation(vsw.range.cidr, earlier.range.cidr)} ${named(earlier.range)}`,
          'vSwitch ranges that do not overlap: each vSwitch owns its own addresses');
      }
    }
  }

  for (const list of [['cloud', 'securityGroupIds'], ...pools.map((_, i) => ['nodePools', i, 'securityGroupIds'])]) {
    const groups = listAt(source.data, list);
    groups.forEach((id, i) => {
      const first = groups.indexOf(id);
      if (typeof id === 'string' && first < i) {
        const earlier = [...list, first];
        report([...list, i], `${describeValue(id)}, already at ${fieldPath(earlier)} (line ${lineOf(earlier)})`, 'each security group once');
      }
    });
  }

  // Pool names become ConfigMap names (eni-config-<pool>); the terway-config label is ours to set.
  pools.forEach((pool, i) => {
    const name = valueAt(pool, ['name']);
    const first = pools.findIndex((other) => valueAt(other, ['name']) === name);
    if (typeof name === 'string' && first < i) {
      report(['nodePools', i, 'name'], `${describeValue(name)}, already the name of nodePools[${first}] (line ${lineOf(['nodePools', first, 'name'])})`,
        'a pool name used once per cluster');
    }
    const labels = valueAt(pool, ['labels']);
    if (labels !== null && typeof labels === 'object' && TERWAY_CONFIG_LABEL in labels) {
      report(['nodePools', i, 'labels', TERWAY_CONFIG_LABEL], `the label ${JSON.stringify(TERWAY_CONFIG_LABEL)}`,
        'labels other than terway-config: ack-hybrid sets it to eni-config-<pool> when the pool needs its own Terway settings');
    }
  });

  // Terway clamps min_pool_size to max_pool_size silently; a plan that relies on that is a mistake.
  // Only when both sizes are valid on their own: a negative maxPoolSize is reported once, by the schema.
  const min = valueAt(source.data, ['terway', 'minPoolSize']);
  const max = valueAt(source.data, ['terway', 'maxPoolSize']) ?? 5;
  if (isPoolSize(min) && isPoolSize(max) && min > max) {
    report(['terway', 'minPoolSize'], `${min}, above terway.maxPoolSize ${max}`, 'a minPoolSize from 0 to maxPoolSize');
  }

  // The bootstrap objects sit in <out>/gitops/<name>/ beside <out>/<name>/: the path must name that folder.
  const name = valueAt(source.data, ['name']);
  const repoPath = valueAt(source.data, ['gitops', 'path']);
  if (typeof name === 'string' && typeof repoPath === 'string' && repoPath !== name && !repoPath.endsWith(`/${name}`)) {
    report(['gitops', 'path'], `${describeValue(repoPath)}, which does not end in the cluster's name ${describeValue(name)}`,
      `the repository path of the cluster's output folder, <out>/${name} (default dist/${name})`);
  }
  return problems;
}

function isPoolSize(value: unknown): value is number {
  return TerwaySchema.shape.maxPoolSize.safeParse(value).success;
}

function relation(a: Cidr, b: Cidr): string {
  if (contains(b, a)) return a.prefix === b.prefix ? 'is the same range as' : 'lies inside';
  if (contains(a, b)) return 'contains';
  return 'overlaps';
}

function listAt(data: unknown, path: Path): unknown[] {
  const value = valueAt(data, path);
  return Array.isArray(value) ? value : [];
}
