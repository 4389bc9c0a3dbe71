/**
 * IPv4 CIDR arithmetic for the network plan. Addresses are unsigned 32-bit integers held in JS numbers,
 * so a range is [first, last] inclusive and all comparisons are exact.
 */
import * as ipaddr from 'ipaddr.js';

export interface Cidr {
  /** The first address of the range. */
  readonly first: number;
  /** The last address of the range. */
  readonly last: number;
  readonly prefix: number;
  /** The range written with its network address, e.g. "10.0.0.0/8" for "10.1.2.3/8". */
  readonly canonical: string;
}

/** Parses "a.b.c.d/n" (four decimal parts, no leading zeros); undefined when it is not one. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]?)$/.test(prefixText) || !ipaddr.IPv4.isValidFourPartDecimal(address)) return undefined;
  if (address.split('.').some((part) => part.length > 1 && part.startsWith('0'))) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const value = ipaddr.IPv4.parse(address)
    .toByteArray()
    .reduce((acc, byte) => acc * 256 + byte, 0);
  const size = 2 ** (32 - prefix);
  const first = value - (value % size);
  const network = ipaddr.IPv4.parse(numberToAddress(first)).toString();
  return { first, last: first + size - 1, prefix, canonical: `${network}/${prefix}` };
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
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
