/**
 * Values of a cluster file, round 3 of hostile input, as open-ended classes:
 *
 * - Credentials in another encoding: base64 (padded or not, at any offset within a larger text),
 *   base64url, hex, percent-encoding, and one encoding inside another. The detector finds them, validate
 *   refuses them in any field (label values and external-secret keys were accepted and written to dist/),
 *   and nothing of them reaches a message.
 * - Invisible and reordering characters (Unicode categories Cc, Cf with bidi controls and tag
 *   characters, Zl, Zp, Zs other than the space, default-ignorable code points): refused in every field
 *   that becomes a URL, name, path or command, and escaped in every message.
 */
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { parseClusterFile } from '../src/config/load';
import { formatProblem } from '../src/config/problems';
import { findSecrets, maskSecrets } from '../src/config/secrets';
import { exampleYaml } from './support/clusters';
import { FAKE_SECRETS, findSecrets as findLeaks } from './support/secret-scan';

const SECRETS = [FAKE_SECRETS.accessKeyId.value, FAKE_SECRETS.accessKeySecret.value, FAKE_SECRETS.joinToken.value, FAKE_SECRETS.securityToken.value];

/** Credentials of each shape, not only the fixed fakes: the detector must not know them by heart. */
const alnum = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: n, maxLength: n });
const lowerAlnum = (n: number) => fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: n, maxLength: n });
const secret = fc.oneof(
  fc.constantFrom(...SECRETS),
  alnum(20).map((s) => `LTAI${s}`),
  fc.tuple(lowerAlnum(6), lowerAlnum(16)).map(([a, b]) => `${a}.${b}`),
  fc.tuple(alnum(27), fc.constantFrom('aZ9', 'Q1x', '7bB')).map(([s, mix]) => `${s}${mix}`),
);

const bytes = (text: string) => Buffer.from(text, 'utf8');
const percentAll = (text: string) => [...bytes(text)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
type Encoding = readonly [string, (text: string) => string];
const ENCODINGS: readonly Encoding[] = [
  ['base64', (t) => bytes(t).toString('base64')],
  ['base64 without padding', (t) => bytes(t).toString('base64').replace(/=+$/, '')],
  ['base64url', (t) => bytes(t).toString('base64url')],
  ['hex', (t) => bytes(t).toString('hex')],
  ['HEX', (t) => bytes(t).toString('hex').toUpperCase()],
  ['percent-encoded', percentAll],
  ['base64 of a line (echo | base64)', (t) => bytes(`${t}\n`).toString('base64')],
  ['base64 of base64', (t) => bytes(bytes(t).toString('base64')).toString('base64')],
  ['percent-encoded base64', (t) => encodeURIComponent(bytes(t).toString('base64'))],
];
const encoding = fc.constantFrom(...ENCODINGS);
/** Text around the encoded run: the encoding of a longer text (offsets 1 and 2 of base64), or words beside it. */
const context = fc.constantFrom<readonly [string, string]>(['', ''], ['x', ''], ['xy', ''], ['', '\n'], ['key=', ''], ['prefix ', ' suffix']);

describe('credentials in another encoding', () => {
  test('GIVEN a credential of any shape, encoded any way, in any context THEN the detector finds it and masking removes every form of it', () => {
    fc.assert(
      fc.property(secret, encoding, context, (value, [, encode], [before, after]) => {
        const inner = before === 'x' || before === 'xy' ? encode(`${before}${value}${after}`) : `${before}${encode(value)}${after}`;
        expect(findSecrets(inner)).not.toEqual([]);
        expect(findLeaks({ masked: maskSecrets(inner) }, [{ label: 'secret', value }])).toEqual([]);
      }),
      { numRuns: 400 },
    );
    // And nothing in values that only look encoded: hashes, IDs, fingerprints, paths, the example itself.
    const quiet = [
      exampleYaml(),
      'sha256:7c1a2f0e9d8b3c4a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5',
      '9DC858229FC7DD38854AE2D88D81803C0EBFCD88 DE15B14486CD377B9E876E1A234654DA9A296436',
      'registry.aliyuncs.com/google_containers/pause:3.10 ack-hybrid-idc-hangzhou-join-token',
      'https://mirrors.aliyun.com/kubernetes-new/core/stable https://example.com/x?ref=main&Expires=1141889120',
    ];
    for (const text of quiet) expect(findSecrets(text)).toEqual([]);
  });

  /** Fields where an encoded credential fits the format (a label value takes 63 letters and digits). */
  const FIELDS: readonly (readonly (string | number)[])[] = [
    ['nodePools', 0, 'labels', 'team'],
    ['terway', 'credentials', 'externalSecret', 'accessKeyId', 'key'],
    ['terway', 'credentials', 'externalSecret', 'accessKeySecret', 'property'],
    ['gitops', 'revision'],
  ];

  function withValue(at: readonly (string | number)[], value: string): string {
    const doc = parseDocument(exampleYaml());
    doc.setIn(
      ['nodePools'],
      doc.createNode([
        { name: 'gpu', nodeVSwitches: [{ id: 'vsw-bp1node0000000000000a', zone: 'cn-hangzhou-h', cidr: '10.10.24.0/24' }], labels: { team: 'a' } },
      ]),
    );
    doc.setIn(
      ['terway', 'credentials'],
      doc.createNode({
        mode: 'external-secrets',
        externalSecret: { storeName: 'kms', accessKeyId: { key: 'terway/id' }, accessKeySecret: { key: 'terway/secret', property: 'p' } },
      }),
    );
    doc.setIn(at, value);
    return doc.toString();
  }

  test('GIVEN the example with an encoded credential in a label value, an external-secret key or a revision THEN validate refuses it there, and no message shows it in any form', () => {
    fc.assert(
      fc.property(secret, encoding, fc.constantFrom(...FIELDS), (value, [name, encode], field) => {
        const encoded = encode(value);
        const { problems, spec } = parseClusterFile('c.yaml', withValue(field, encoded));
        expect(spec).toBeUndefined();
        const lines = problems.map(formatProblem);
        expect(lines.join('\n')).toContain('which looks like');
        expect({ name, leaks: findLeaks({ messages: lines.join('\n') }, [{ label: 'secret', value }]) }).toEqual({ name, leaks: [] });
        expect(lines.join('\n')).not.toContain(encoded.slice(0, 12));
      }),
      { numRuns: 150 },
    );
  });
});

/** Characters that show as nothing, as a space, or reorder what follows. */
const HIDDEN = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u0085',
  '\u00ad',
  '\u061c',
  '\u115f',
  '\u180e',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2028',
  '\u2029',
  '\u2060',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u3000',
  '\u00a0',
  '\u3164',
  '\ufe0f',
  '\ufeff',
  '\uffa0',
  '\u{e0001}',
  '\u{e0041}',
  '\u{e007f}',
  '\u{e0100}',
  '\u{f0000}',
];

/** Every string field of the example that becomes a URL, name, path, ID or command argument. */
const STRING_FIELDS: readonly (readonly (string | number)[])[] = [
  ['name'],
  ['clusterId'],
  ['region'],
  ['onPrem', 'apiServerEndpoint'],
  ['onPrem', 'nodeCidr'],
  ['cloud', 'nodeVSwitches', 0, 'id'],
  ['cloud', 'nodeVSwitches', 0, 'zone'],
  ['cloud', 'securityGroupIds', 0],
  ['nodeInit', 'kubernetesVersion'],
  ['nodeInit', 'scriptUrl'],
  ['nodeInit', 'kubernetesRepository'],
  ['nodeInit', 'containerd', 'repository'],
  ['nodeInit', 'containerd', 'pauseImage'],
  ['nodeInit', 'join', 'caCertHash'],
  ['nodeInit', 'join', 'tokenSource', 'name'],
  ['nodeInit', 'join', 'tokenSource', 'ramRoleName'],
  ['gitops', 'repoUrl'],
  ['gitops', 'revision'],
  ['gitops', 'path'],
];

describe('invisible and reordering characters', () => {
  test('GIVEN any field that becomes a URL, name, path or command, with a hidden character anywhere in it THEN validate refuses that field, and the line shows the character escaped', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STRING_FIELDS), fc.constantFrom(...HIDDEN), fc.nat(), (field, hidden, at) => {
        const doc = parseDocument(exampleYaml());
        const value = String(doc.getIn(field));
        const position = at % (value.length + 1);
        doc.setIn(field, `${value.slice(0, position)}${hidden}${value.slice(position)}`);
        const { problems, spec } = parseClusterFile('c.yaml', doc.toString());
        expect(spec).toBeUndefined();
        const lines = problems.map(formatProblem);
        const path = field
          .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
          .join('')
          .replace(/^\./, '')
          .replace(/\.\[/g, '[');
        expect(lines.some((line) => line.includes(` ${path}: `))).toBe(true);
        for (const line of lines) {
          expect(line).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\u3000\u00a0\u3164\uffa0\u115f]|\ufe0f|\u{e0100}/u);
          expect(line.split('\n')).toHaveLength(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('GIVEN the same characters in a free-text field (an external-secret key) THEN it is refused too', () => {
    for (const hidden of HIDDEN) {
      const doc = parseDocument(exampleYaml());
      doc.setIn(['terway', 'credentials'], {
        mode: 'external-secrets',
        externalSecret: { storeName: 'kms', accessKeyId: { key: `terway/${hidden}id` }, accessKeySecret: { key: 'terway/secret' } },
      });
      const { problems } = parseClusterFile('c.yaml', doc.toString());
      expect(problems.map((p) => p.field)).toContain('terway.credentials.externalSecret.accessKeyId.key');
    }
  });
});
