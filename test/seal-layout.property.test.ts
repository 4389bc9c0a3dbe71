/**
 * seal edits one node of the user's file: for generated layouts of terway.credentials (block or flow, with or
 * without an old encryptedData, comments, CRLF, a final newline or not), the written text must validate, hold
 * the new values, and keep every byte outside terway: as it was.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { parseClusterFile } from '../src/config/load';
import { withEncryptedData } from '../src/credentials/encrypted-data-node';
import { clusterYaml } from './gitops-helpers';
import { FAKE_SEALED_ID, FAKE_SEALED_SECRET } from './support/sealed';

const VALUES = { 'access-key-id': FAKE_SEALED_ID, 'access-key-secret': FAKE_SEALED_SECRET };
const CERT = 'certificate: certs/sealed-secrets.pem';

const layout = fc.record({
  flow: fc.boolean(),
  old: fc.constantFrom('none', 'block', 'flow', 'empty'),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  last: fc.boolean(),
  poolSizeAfter: fc.boolean(),
});

type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

function terwayBlock(l: Layout): string {
  const oldFlow = '{ access-key-id: old, access-key-secret: old }';
  if (l.flow) {
    const old = l.old === 'none' ? '' : `, encryptedData: ${l.old === 'empty' ? '{}' : oldFlow}`;
    return ` { maxPoolSize: 5, credentials: { mode: sealed-secrets, ${CERT}${old} } }${l.comments ? '   # flow' : ''}`;
  }
  const comment = (text: string) => (l.comments ? `   # ${text}` : '');
  const lines = ['', `  credentials:${comment('credentials')}`, `    mode: sealed-secrets${comment('mode')}`, `    ${CERT}`];
  if (l.old === 'block') lines.push('    encryptedData:', '      access-key-id: old', `      access-key-secret: old${comment('old')}`);
  if (l.old === 'flow') lines.push(`    encryptedData: ${oldFlow}`);
  if (l.old === 'empty') lines.push('    encryptedData:');
  if (l.comments) lines.push('    # the end of credentials');
  if (l.poolSizeAfter) lines.push('  maxPoolSize: 5');
  return lines.join('\n');
}

/** The cluster file; with `last`, terway is the last section (so the edit may touch the end of the file). */
function fileOf(l: Layout): string {
  let text = clusterYaml('a', { terway: terwayBlock(l) });
  if (l.last) {
    const [before, after] = text.split(/\nterway:/);
    const [terway, ...rest] = after.split(/\n(?=nodeInit:)/);
    text = `${before}\n${rest.join('\n')}\nterway:${terway}`.replace(/\n+/g, '\n');
  }
  text = text.replace(/\n*$/, l.finalNewline ? '\n' : '');
  return l.crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Everything outside the terway section, line by line. */
function outsideTerway(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('terway:'));
  let end = start + 1;
  while (end < lines.length && (lines[end].startsWith(' ') || lines[end] === '')) end++;
  return [...lines.slice(0, start), ...lines.slice(end)];
}

test('GIVEN any layout of terway.credentials WHEN encryptedData is written THEN it validates, holds the values, and nothing outside terway changed', () => {
  fc.assert(
    fc.property(layout, (l) => {
      const text = fileOf(l);
      const { source, problems } = parseClusterFile('a.yaml', text);
      expect(problems.filter((p) => !p.field.startsWith('terway.credentials.encryptedData'))).toEqual([]);

      const written = withEncryptedData(source!, text, VALUES);

      expect(parseClusterFile('a.yaml', written).problems).toEqual([]);
      expect((parse(written) as { terway: { credentials: { encryptedData: unknown } } }).terway.credentials.encryptedData).toEqual(VALUES);
      expect(outsideTerway(written)).toEqual(outsideTerway(text));
      expect(written.includes('\r\n')).toBe(l.crlf);
      if (l.crlf) expect(written.replace(/\r\n/g, '')).not.toContain('\n');
      expect(written.endsWith('\n')).toBe(text.endsWith('\n'));
    }),
    { numRuns: 200 },
  );
});
