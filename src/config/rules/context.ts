/**
 * What every rule across fields gets: the parsed file, a way to report a located problem, and the small
 * readers rules share (a range at a path, the vSwitches of every list).
 *
 * Rules run on the raw parsed data, not on a validated spec, so that a file with a malformed ID *and* an
 * overlapping range reports both at once. A field that is itself malformed is skipped by the rules: the
 * shape check (shape.ts) has already reported it.
 */
import { Cidr, contains, parseCidr } from '../cidr';
import { REGION, ZONE } from '../formats';
import { Problem } from '../problems';
import { fieldPath } from '../describe';
import { locate, ParsedSource, valueAt } from '../source';

export type Path = readonly (string | number)[];

export interface NamedRange {
  readonly path: Path;
  readonly cidr: Cidr;
}

export interface VSwitchEntry {
  /** Where the vSwitch is, such as ['nodePools', 0, 'podVSwitches', 1]. */
  readonly path: Path;
  readonly id?: string;
  /** Only when well-formed. */
  readonly zone?: string;
  readonly range?: NamedRange;
}

export interface RuleContext {
  readonly source: ParsedSource;
  readonly data: unknown;
  /** Adds a problem at `path`: what was found there, and what is allowed instead. */
  report(path: Path, found: string, allowed: string): void;
  /**
   * Where `path` is, for a message that names another field: `line 12`; in a file merged over the defaults
   * file, with the file it is in (`line 12 of clusters/_defaults.yaml`), since the problem may be in the other one.
   */
  at(path: Path): string;
  /** The CIDR at `path` when it is a well-formed one. */
  rangeAt(path: Path): NamedRange | undefined;
  /** `onPrem.podCidr "10.100.0.0/16" (line 10)`: a range as messages name it. */
  named(range: NamedRange): string;
}

export function ruleContext(source: ParsedSource, problems: Problem[]): RuleContext {
  const at = (path: Path) => {
    const position = locate(source, path);
    return source.defaults === undefined ? `line ${position.line}` : `line ${position.line} of ${position.file ?? source.file}`;
  };
  return {
    source,
    data: source.data,
    report: (path, found, allowed) => problems.push({ file: source.file, ...locate(source, path), field: fieldPath(path), found, allowed }),
    at,
    rangeAt: (path) => {
      const text = valueAt(source.data, path);
      // Parsed once, and well-formed only in canonical form, as the CIDR format says (formats.ts).
      const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
      return cidr !== undefined && cidr.canonical === text ? { path, cidr } : undefined;
    },
    named: (r) => `${fieldPath(r.path)} "${r.cidr.canonical}" (${at(r.path)})`,
  };
}

/**
 * The most items of one list that rules look at: as many as the longest list the schema takes (nodePools:
 * 100). A longer list is refused by the schema anyway, and comparing 70,000 pasted node pools with each
 * other only printed 70,000 lines more: the work stays bounded by what the tool accepts.
 */
export const MAX_RULE_ITEMS = 100;

export function listAt(data: unknown, path: Path): unknown[] {
  const value = valueAt(data, path);
  return Array.isArray(value) ? value.slice(0, MAX_RULE_ITEMS) : [];
}

export function stringAt(data: unknown, path: Path): string | undefined {
  const value = valueAt(data, path);
  return typeof value === 'string' ? value : undefined;
}

/** The region when it is a well-formed one; rules that compare zones with it skip a malformed one. */
export function regionAt(data: unknown): string | undefined {
  const region = stringAt(data, ['region']);
  return region !== undefined && REGION.test(region) ? region : undefined;
}

/** The vSwitches of one list, such as ['cloud', 'podVSwitches']. */
export function vSwitchesAt(ctx: RuleContext, list: Path): VSwitchEntry[] {
  return listAt(ctx.data, list).map((item, index): VSwitchEntry => {
    const path: Path = [...list, index];
    const id = valueAt(item, ['id']);
    const zone = valueAt(item, ['zone']);
    return {
      path,
      id: typeof id === 'string' ? id : undefined,
      zone: typeof zone === 'string' && ZONE.test(zone) ? zone : undefined,
      range: ctx.rangeAt([...path, 'cidr']),
    };
  });
}

/** Every vSwitch list of the file: the cluster's, then each node pool's. One address plan for the whole VPC. */
export function vSwitchLists(data: unknown): Path[] {
  return [
    ['cloud', 'nodeVSwitches'],
    ['cloud', 'podVSwitches'],
    ...listAt(data, ['nodePools']).flatMap((_, i): Path[] => [
      ['nodePools', i, 'nodeVSwitches'],
      ['nodePools', i, 'podVSwitches'],
    ]),
  ];
}

/** How two ranges relate, for a message: "lies inside", "contains", "overlaps". */
export function relation(a: Cidr, b: Cidr): string {
  if (contains(b, a)) return a.prefix === b.prefix ? 'is the same range as' : 'lies inside';
  if (contains(a, b)) return 'contains';
  return 'overlaps';
}
