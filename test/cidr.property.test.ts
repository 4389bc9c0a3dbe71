/**
 * The network plan against brute force: on a small address space every range can be enumerated, so
 * overlap and containment are checked address by address, not by the interval arithmetic under test.
 */
import fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { contains, overlaps, parseCidr } from '../src/config/cidr';
import { CIDR } from '../src/config/formats';
import { parseClusterFile } from '../src/config/load';

/** 192.168.0.0/22: 1024 addresses, small enough to enumerate, large enough for every relation. */
const SPACE_FIRST = (192 * 256 + 168) * 65536;
const SPACE_SIZE = 1024;

function dotted(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Prefix /22 to /32 at any address of the space, host bits included (so also non-canonical text). */
const smallCidr = fc
  .record({ offset: fc.integer({ min: 0, max: SPACE_SIZE - 1 }), prefix: fc.integer({ min: 22, max: 32 }) })
  .map(({ offset, prefix }) => `${dotted(SPACE_FIRST + offset)}/${prefix}`);

/** The addresses of a range, by testing each address of the space against the mask. */
function members(text: string): Set<number> {
  const [address, prefixText] = text.split('/');
  const prefix = Number(prefixText);
  const value = address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const set = new Set<number>();
  for (let i = 0; i < SPACE_SIZE; i++) {
    const candidate = SPACE_FIRST + i;
    if ((candidate & mask) >>> 0 === (value & mask) >>> 0) set.add(candidate);
  }
  return set;
}

const intersects = (a: Set<number>, b: Set<number>) => [...a].some((x) => b.has(x));
const isSubset = (inner: Set<number>, outer: Set<number>) => [...inner].every((x) => outer.has(x));

/** parseCidr as it was written with ipaddr.js, before it parsed by hand: the oracle of what it accepts. */
function parseWithIpaddr(text: string): { first: number; prefix: number; canonical: string } | undefined {
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
  const first = value - (value % 2 ** (32 - prefix));
  return { first, prefix, canonical: `${ipaddr.IPv4.parse(dotted(first)).toString()}/${prefix}` };
}

describe('parseCidr against ipaddr.js', () => {
  const part = fc.oneof(fc.nat(300).map(String), fc.constantFrom('00', '01', '007', '256', '1000', '', ' 1', '1e2', '0x1', '-1'));
  const text = fc.oneof(
    fc.tuple(part, part, part, part, part).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
    fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.', '/'), maxLength: 20 }),
  );

  test('GIVEN any text WHEN parsed THEN it is accepted, placed and written exactly as ipaddr.js did', () => {
    fc.assert(
      fc.property(text, (t) => {
        const parsed = parseCidr(t);
        expect(parsed && { first: parsed.first, prefix: parsed.prefix, canonical: parsed.canonical }).toEqual(parseWithIpaddr(t));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('CIDR arithmetic against enumeration', () => {
  test('overlaps(a, b) exactly when some address is in both', () => {
    fc.assert(
      fc.property(smallCidr, smallCidr, (a, b) => {
        expect(overlaps(parseCidr(a)!, parseCidr(b)!)).toBe(intersects(members(a), members(b)));
      }),
      { numRuns: 400 },
    );
  });

  test('contains(outer, inner) exactly when every address of inner is in outer', () => {
    fc.assert(
      fc.property(smallCidr, smallCidr, (outer, inner) => {
        expect(contains(parseCidr(outer)!, parseCidr(inner)!)).toBe(isSubset(members(inner), members(outer)));
      }),
      { numRuns: 400 },
    );
  });

  test('first and last are the lowest and highest member', () => {
    fc.assert(
      fc.property(smallCidr, (text) => {
        const cidr = parseCidr(text)!;
        const all = [...members(text)];
        expect([cidr.first, cidr.last]).toEqual([Math.min(...all), Math.max(...all)]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('canonical form over the whole IPv4 space', () => {
  const anyCidr = fc
    .record({ address: fc.integer({ min: 0, max: 0xffffffff }), prefix: fc.integer({ min: 0, max: 32 }) })
    .map(({ address, prefix }) => ({ address, prefix, text: `${dotted(address)}/${prefix}` }));

  test('the canonical form zeroes the host bits, and is accepted exactly when it is what was written', () => {
    fc.assert(
      fc.property(anyCidr, ({ address, prefix, text }) => {
        // Reference with BigInt masks, independent of the number arithmetic in cidr.ts.
        const hostBits = (1n << BigInt(32 - prefix)) - 1n;
        const network = Number(BigInt(address) & ~hostBits & 0xffffffffn);
        const canonical = `${dotted(network)}/${prefix}`;
        const cidr = parseCidr(text)!;
        expect(cidr.canonical).toBe(canonical);
        expect(cidr.first).toBe(network);
        expect(cidr.last).toBe(network + Number(hostBits));
        expect(CIDR.test(text)).toBe(text === canonical);
        expect(parseCidr(canonical)!.canonical).toBe(canonical);
      }),
      { numRuns: 1000 },
    );
  });

  const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
  const STRICT = new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12][0-9]|[0-9])$`);
  const nearMiss = fc
    .array(fc.constantFrom('0', '1', '2', '5', '9', '25', '255', '256', '00', '.', '/', '-', ' ', '32', '33', 'x', '+', '0x1', '\n'), {
      maxLength: 12,
    })
    .map((parts) => parts.join(''));

  test('only a.b.c.d/n with decimal octets 0-255, no leading zeros and n from 0 to 32 parses', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nearMiss,
          fc.string(),
          anyCidr.map((c) => c.text),
        ),
        (text) => {
          expect(parseCidr(text) !== undefined).toBe(STRICT.test(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the network plan of a cluster file against enumeration', () => {
  // Small prefixes make every rule fire often: overlaps, containment, vSwitches outside the VPC.
  const canonicalSmall = smallCidr.map((text) => parseCidr(text)!.canonical);
  const plan = fc.record({
    nodeCidr: canonicalSmall,
    podCidr: canonicalSmall,
    serviceCidr: canonicalSmall,
    vpcCidr: canonicalSmall,
    nodeVSwitch: canonicalSmall,
    podVSwitch: canonicalSmall,
  });

  function clusterFile(p: Record<string, string>): string {
    return [
      'name: idc',
      'clusterId: c0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      'region: cn-hangzhou',
      'onPrem:',
      '  apiServerEndpoint: 192.168.0.10:6443',
      `  nodeCidr: ${p.nodeCidr}`,
      `  podCidr: ${p.podCidr}`,
      `  serviceCidr: ${p.serviceCidr}`,
      'cloud:',
      `  vpcCidr: ${p.vpcCidr}`,
      `  nodeVSwitches: [{ id: vsw-node, zone: cn-hangzhou-h, cidr: ${p.nodeVSwitch} }]`,
      `  podVSwitches: [{ id: vsw-pod, zone: cn-hangzhou-h, cidr: ${p.podVSwitch} }]`,
      '  securityGroupIds: [sg-a]',
      'nodeInit:',
      '  kubernetesVersion: "1.33.0"',
      '  scriptUrl: https://example.com/init.sh',
      `  join: { caCertHash: sha256:${'a'.repeat(64)} }`,
      '',
    ].join('\n');
  }

  /** Which fields the network-plan rules (docs/cluster-file.md) must flag, decided address by address. */
  function expectedFields(p: Record<string, string>): string[] {
    const m = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, members(v)]));
    const fields: string[] = [];
    const onPrem = ['nodeCidr', 'podCidr', 'serviceCidr'];
    onPrem.forEach((key, i) => {
      for (const earlier of onPrem.slice(0, i)) if (intersects(m[key], m[earlier])) fields.push(`onPrem.${key}`);
      if (intersects(m[key], m.vpcCidr)) fields.push(`onPrem.${key}`);
    });
    // The API server's address may not be a virtual one of the cluster's own ranges.
    const endpoint = (192 * 256 + 168) * 65536 + 10;
    if (m.serviceCidr.has(endpoint)) fields.push('onPrem.apiServerEndpoint');
    if (m.podCidr.has(endpoint)) fields.push('onPrem.apiServerEndpoint');
    // Alibaba Cloud's prefix limits: VPC /8 to /28, vSwitch /16 to /29 (every range here is /22 or longer).
    const size = (key: string) => m[key].size;
    if (size('vpcCidr') < 2 ** (32 - 28)) fields.push('cloud.vpcCidr');
    if (size('nodeVSwitch') < 2 ** (32 - 29)) fields.push('cloud.nodeVSwitches[0].cidr');
    if (size('podVSwitch') < 2 ** (32 - 29)) fields.push('cloud.podVSwitches[0].cidr');
    if (!isSubset(m.nodeVSwitch, m.vpcCidr)) fields.push('cloud.nodeVSwitches[0].cidr');
    if (!isSubset(m.podVSwitch, m.vpcCidr)) fields.push('cloud.podVSwitches[0].cidr');
    if (intersects(m.podVSwitch, m.nodeVSwitch)) fields.push('cloud.podVSwitches[0].cidr');
    return fields.sort();
  }

  test('a problem for exactly each overlap and each vSwitch outside the VPC', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { problems, spec } = parseClusterFile('idc.yaml', clusterFile(p));
        expect(problems.map((problem) => problem.field).sort()).toEqual(expectedFields(p));
        expect(spec !== undefined).toBe(problems.length === 0);
      }),
      { numRuns: 300 },
    );
  });
});
