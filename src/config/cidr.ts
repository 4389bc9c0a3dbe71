/**
 * IPv4 CIDR arithmetic for the network plan. Addresses are unsigned 32-bit integers held in JS numbers,
 * so a range is [first, last] inclusive and all comparisons are exact.
 */
export interface Cidr {
  /** The first address of the range. */
  readonly first: number;
  /** The last address of the range. */
  readonly last: number;
  readonly prefix: number;
  /** The range written with its network address, e.g. "10.0.0.0/8" for "10.1.2.3/8". */
  readonly canonical: string;
}

/**
 * "a.b.c.d/n": four decimal parts without leading zeros, each up to 255, and a prefix up to 32 without a
 * leading zero, as ipaddr.js's isValidFourPartDecimal and our own checks accepted it (test/cidr.property.test.ts
 * compares the two). Parsed by hand: the rules parse every range of every file several times.
 */
const CIDR_TEXT = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\/(0|[1-9][0-9]?)$/;

/**
 * Ranges already parsed: the rules ask for each range of a file several times, and a fleet repeats its
 * ranges. Bounded: emptied when full, so memory stays small whatever the input.
 */
const parsed = new Map<string, Cidr | undefined>();
const MAX_PARSED = 4096;

/** Parses "a.b.c.d/n" (four decimal parts, no leading zeros); undefined when it is not one. */
export function parseCidr(text: string): Cidr | undefined {
  // "255.255.255.255/32" is the longest: a longer text is none, and is not kept.
  if (text.length > 18) return undefined;
  let cidr = parsed.get(text);
  if (cidr === undefined && !parsed.has(text)) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    cidr = parseCidrText(text);
    parsed.set(text, cidr === undefined ? undefined : Object.freeze(cidr));
  }
  return cidr;
}

function parseCidrText(text: string): Cidr | undefined {
  const m = CIDR_TEXT.exec(text);
  if (!m) return undefined;
  const octets = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const prefix = Number(m[5]);
  if (prefix > 32 || octets.some((octet) => octet > 255)) return undefined;
  const value = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const first = value - (value % size);
  return { first, last: first + size - 1, prefix, canonical: `${numberToAddress(first)}/${prefix}` };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** An IPv4 address as a number (0 to 2^32-1) in dotted form. */
export function numberToAddress(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}
