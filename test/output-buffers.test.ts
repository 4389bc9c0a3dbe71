/**
 * Comparing and writing reuse one buffer from file to file (src/fs/utf8.ts, src/output/folder.ts), except for
 * texts and files over a mebibyte (a fleet's manifest), which get buffers of their own so that the run does not
 * keep them. Either way the bytes must be the file's or the text's, whatever was read or encoded before.
 */
import * as fs from 'fs';
import * as path from 'path';
import { encodeUtf8 } from '../src/fs/utf8';
import { listOutput, readOutputFile, sameOutputFile } from '../src/output/folder';
import { tempDir } from './support/tree';

const LARGE = `${'é'.repeat(300_000)}\n${'x'.repeat(500_000)}\n`;
const SMALL = 'apiVersion: v1\nkind: ConfigMap\n';

describe('reused buffers', () => {
  test('GIVEN a large text encoded, then a small one WHEN the large one is read back THEN it is intact', () => {
    const large = encodeUtf8(LARGE);
    const small = encodeUtf8(SMALL);
    expect(small.toString('utf8')).toBe(SMALL);
    expect(large.toString('utf8')).toBe(LARGE);
  });

  test('GIVEN small and large files in turn WHEN compared and read THEN each is its own content', () => {
    const dir = tempDir('buffers');
    fs.writeFileSync(path.join(dir, 'a.yaml'), SMALL);
    fs.writeFileSync(path.join(dir, 'b.txt'), LARGE);
    fs.writeFileSync(path.join(dir, 'c.yaml'), `${SMALL}data: {}\n`);
    expect(listOutput(dir)?.files).toEqual(['a.yaml', 'b.txt', 'c.yaml']);
    const results = [
      sameOutputFile(dir, 'a.yaml', SMALL),
      sameOutputFile(dir, 'b.txt', LARGE),
      sameOutputFile(dir, 'b.txt', `${LARGE.slice(0, -2)}y\n`),
      sameOutputFile(dir, 'c.yaml', SMALL),
      readOutputFile(dir, 'b.txt') === LARGE,
      readOutputFile(dir, 'c.yaml'),
    ];
    expect(results).toEqual([true, true, false, false, true, `${SMALL}data: {}\n`]);
  });
});
