/**
 * The docs show the version facts only through blocks rendered from src/config/versions.data.json
 * (src/config/versions-doc.ts): a page whose block differs from the data fails here. After a change of the data:
 * `UPDATE_DOCS=1 npx jest test/versions-docs.test.ts`, then review the diff. Refused under CI.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderVersionBlocks, VERSION_BLOCK_NAMES } from '../src/config/versions-doc';
import { REPO_ROOT } from './support/clusters';

const update = process.env.UPDATE_DOCS === '1';
if (update && process.env.CI) throw new Error('UPDATE_DOCS is refused under CI: docs change only by a reviewed commit');

const DOCS = path.join(REPO_ROOT, 'docs');
const PAGES = fs
  .readdirSync(DOCS)
  .filter((name) => name.endsWith('.md'))
  .sort();

describe('version facts in docs/', () => {
  test.each(PAGES)('GIVEN docs/%s WHEN its version blocks are rendered from the data THEN the page is unchanged', (page) => {
    const file = path.join(DOCS, page);
    const text = fs.readFileSync(file, 'utf8');
    const rendered = renderVersionBlocks(text);
    if (update && rendered !== text) fs.writeFileSync(file, rendered);
    expect(rendered).toBe(text);
  });

  test('GIVEN the blocks WHEN the pages are read THEN each block is shown somewhere', () => {
    const all = PAGES.map((page) => fs.readFileSync(path.join(DOCS, page), 'utf8')).join('\n');
    for (const name of VERSION_BLOCK_NAMES) expect({ name, shown: all.includes(`<!-- versions:${name} -->`) }).toEqual({ name, shown: true });
  });

  test("GIVEN a page WHEN it names containerd's 1.31 row THEN only through the data's source, never a commit without that row", () => {
    // The old docs cited @9e2357f3, whose 1.31 row is "2.0(wip), 1.7.20+, 1.6.34+", not the row the code used.
    for (const page of PAGES) expect({ page, cites: fs.readFileSync(path.join(DOCS, page), 'utf8').includes('9e2357f3') }).toEqual({ page, cites: false });
  });
});
