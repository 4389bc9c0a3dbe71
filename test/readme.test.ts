/** The README is the first thing a user copies from: its minimal cluster file must validate as shown. */
import * as fs from 'fs';
import * as path from 'path';
import { parseClusterFile } from '../src/config/load';
import { REPO_ROOT } from './support/clusters';

test('GIVEN the minimal cluster file of the README WHEN its placeholder hash is filled in THEN it validates', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const text = block![1].replace('sha256:<64 hex>', `sha256:${'ab'.repeat(32)}`);
  const { spec, problems } = parseClusterFile('README.md', text);
  expect(problems).toEqual([]);
  expect(spec?.nodeInit.join.tokenSource.type).toBe('oos-secret-parameter');
});
