import { Cidr, contains } from '../cidr';
import { zoneInRegion } from '../formats';
import { describeValue, fieldPath } from '../describe';
import { regionAt, relation, vSwitchesAt, vSwitchLists, VSwitchEntry } from './context';
import { Rule } from './rule';

export const vSwitches: Rule = {
  name: 'vswitches',
  description: 'vSwitches lie inside cloud.vpcCidr, in zones of the region, and no two different vSwitches share addresses',
  check(ctx) {
    const region = regionAt(ctx.data);
    const vpc = ctx.rangeAt(['cloud', 'vpcCidr']);
    const all = vSwitchLists(ctx.data).flatMap((list) => vSwitchesAt(ctx, list));
    const seen = new SeenVSwitches();
    for (const [i, vsw] of all.entries()) {
      if (region !== undefined && vsw.zone !== undefined && !zoneInRegion(vsw.zone, region)) {
        ctx.report(
          [...vsw.path, 'zone'],
          `${describeValue(vsw.zone)}, a zone outside region "${region}" (${ctx.at(['region'])})`,
          `a zone of region ${region}, such as ${region}${/[0-9]$/.test(region) ? 'a' : '-a'}`,
        );
      }
      if (vsw.range && vpc && !contains(vpc.cidr, vsw.range.cidr)) {
        ctx.report(vsw.range.path, `"${vsw.range.cidr.canonical}", which is not inside ${ctx.named(vpc)}`, 'a vSwitch range inside cloud.vpcCidr');
      }
      // One vSwitch may serve nodes and pods (Terway's shared mode); it must then be described alike, and
      // appear once per list. The earliest earlier appearance that breaks this is named.
      const twin = seen.sameIdProblem(vsw);
      if (twin !== undefined) {
        ctx.report(
          [...vsw.path, 'id'],
          `${describeValue(vsw.id)}, already at ${fieldPath(twin.entry.path)} (${ctx.at(twin.entry.path)})${twin.sameList ? '' : ' with another zone or range'}`,
          twin.sameList ? 'each vSwitch once per list' : 'the same zone and range wherever one vSwitch ID appears',
        );
      }
      const overlapping = seen.firstOverlap(vsw);
      if (vsw.range && overlapping?.range && (twin === undefined || overlapping.index < twin.index)) {
        ctx.report(
          vsw.range.path,
          `"${vsw.range.cidr.canonical}", which ${relation(vsw.range.cidr, overlapping.range.cidr)} ${ctx.named(overlapping.range)}`,
          'vSwitch ranges that do not overlap: each vSwitch owns its own addresses',
        );
      }
      seen.add(vsw, i);
    }
  },
};

interface Indexed extends VSwitchEntry {
  readonly index: number;
}

/**
 * The first entry of a key, and the first one after it with another identity: enough to answer "the
 * earliest entry whose identity differs from X" for any X without keeping every entry.
 */
class FirstTwo {
  constructor(
    private first: Indexed,
    private other?: Indexed,
  ) {}

  add(entry: Indexed, identity: (e: Indexed) => string): void {
    if (this.other === undefined && identity(entry) !== identity(this.first)) this.other = entry;
  }

  earliestNot(value: string, identity: (e: Indexed) => string): Indexed | undefined {
    return identity(this.first) !== value ? this.first : this.other;
  }
}

/**
 * What the earlier vSwitches were, kept so that each new one is checked in a bounded number of lookups
 * instead of against every earlier one (a file of thousands of vSwitches took a minute). CIDR blocks either
 * nest or are apart, so two overlap exactly when one is the other's block at some prefix length: each range
 * is filed under its own block (`exact`) and under each of its 33 enclosing blocks (`within`).
 */
class SeenVSwitches {
  private readonly byList = new Map<string, Indexed>();
  private readonly byId = new Map<string, FirstTwo>();
  private readonly exact = new Map<number, FirstTwo>();
  private readonly within = new Map<number, FirstTwo>();

  /** The earliest earlier entry with this ID that is in the same list or described otherwise. */
  sameIdProblem(vsw: VSwitchEntry): { entry: Indexed; index: number; sameList: boolean } | undefined {
    if (vsw.id === undefined) return undefined;
    const sameList = this.byList.get(listKey(vsw.path, vsw.id));
    const unlike = this.byId.get(vsw.id)?.earliestNot(description(vsw), description);
    const entry = sameList !== undefined && (unlike === undefined || sameList.index <= unlike.index) ? sameList : unlike;
    return entry === undefined ? undefined : { entry, index: entry.index, sameList: entry === sameList };
  }

  /** The earliest earlier entry of another vSwitch whose range overlaps this one's. */
  firstOverlap(vsw: VSwitchEntry): Indexed | undefined {
    if (vsw.range === undefined) return undefined;
    const cidr = vsw.range.cidr;
    const me = identity(vsw);
    const candidates = [this.within.get(blockKey(cidr.first, cidr.prefix))?.earliestNot(me, identity)];
    for (let prefix = 0; prefix <= cidr.prefix; prefix++) candidates.push(this.exact.get(blockKey(cidr.first, prefix))?.earliestNot(me, identity));
    return candidates.reduce<Indexed | undefined>((best, c) => (c !== undefined && (best === undefined || c.index < best.index) ? c : best), undefined);
  }

  add(vsw: VSwitchEntry, index: number): void {
    const entry: Indexed = { ...vsw, index };
    if (vsw.id !== undefined) {
      const key = listKey(vsw.path, vsw.id);
      if (!this.byList.has(key)) this.byList.set(key, entry);
      file(this.byId, vsw.id, entry, description);
    }
    if (vsw.range === undefined) return;
    const cidr: Cidr = vsw.range.cidr;
    file(this.exact, blockKey(cidr.first, cidr.prefix), entry, identity);
    for (let prefix = 0; prefix <= cidr.prefix; prefix++) file(this.within, blockKey(cidr.first, prefix), entry, identity);
  }
}

function file<K>(map: Map<K, FirstTwo>, key: K, entry: Indexed, identity: (e: Indexed) => string): void {
  const existing = map.get(key);
  if (existing === undefined) map.set(key, new FirstTwo(entry));
  else existing.add(entry, identity);
}

/** The block of `prefix` bits that holds `address`, as one number (exact: 33 × 2^32 < 2^53), not a text per lookup. */
function blockKey(address: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return prefix * 2 ** 32 + (address - (address % size));
}

function listKey(path: VSwitchEntry['path'], id: string): string {
  return `${fieldPath(path.slice(0, -1))}\u0000${id}`;
}

/** A vSwitch's ID; one without a readable ID is a vSwitch of its own. */
function identity(vsw: VSwitchEntry): string {
  return vsw.id ?? `\u0000${fieldPath(vsw.path)}`;
}

function description(vsw: VSwitchEntry): string {
  return `${vsw.zone}\u0000${vsw.range?.cidr.canonical}`;
}
