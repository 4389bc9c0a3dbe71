/**
 * Every link of the prose a user reads (README, docs/, the examples' READMEs, the generated RUNBOOKs) resolves:
 * a relative link names a file of the repository, and its `#anchor` a heading of that file as GitHub slugs it
 * (issue 21: stale paths and anchors that do not exist). Parsed with commonmark, so links in code are not links.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { Node as MdNode, Parser } from 'commonmark';
import { REPO_ROOT } from './support/clusters';

const PAGES = execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: REPO_ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => /^(README\.md|docs\/.+\.md|examples\/.+\.md|dist\/[^/]+\/RUNBOOK\.md)$/.test(file))
  .sort();

function parse(file: string): MdNode {
  return new Parser().parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
}

/** The text of a node as GitHub shows it (code spans by their content). */
function textOf(node: MdNode): string {
  let text = '';
  const walker = node.walker();
  for (let event = walker.next(); event !== null; event = walker.next()) {
    if (event.entering && (event.node.type === 'text' || event.node.type === 'code')) text += event.node.literal ?? '';
  }
  return text;
}

/** GitHub's heading anchor: lower case, punctuation dropped but "-" and "_", spaces to "-"; repeats get -1, -2. */
export function slugsOf(root: MdNode): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  const walker = root.walker();
  for (let event = walker.next(); event !== null; event = walker.next()) {
    if (!event.entering || event.node.type !== 'heading') continue;
    const base = textOf(event.node)
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

function linksOf(root: MdNode): string[] {
  const links: string[] = [];
  const walker = root.walker();
  for (let event = walker.next(); event !== null; event = walker.next()) {
    if (event.entering && (event.node.type === 'link' || event.node.type === 'image') && event.node.destination) links.push(event.node.destination);
  }
  return links;
}

describe('links in the docs', () => {
  test('GIVEN the pages WHEN listed THEN the README, docs/ and the RUNBOOKs are among them', () => {
    expect(PAGES).toContain('README.md');
    expect(PAGES).toContain('docs/cluster-file.md');
    expect(PAGES.some((page) => page.endsWith('/RUNBOOK.md'))).toBe(true);
  });

  test.each(PAGES)('GIVEN %s WHEN each relative link is followed THEN its file exists and its anchor is a heading there', (page) => {
    const broken: string[] = [];
    for (const link of linksOf(parse(page))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:: not ours to check offline
      const [target, anchor] = link.split('#') as [string, string | undefined];
      const file = target === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURIComponent(target)));
      if (file.startsWith('..') || !fs.existsSync(path.join(REPO_ROOT, file))) {
        broken.push(`${link}: no file ${file}`);
        continue;
      }
      if (anchor === undefined || anchor === '' || !file.endsWith('.md')) continue;
      if (!slugsOf(parse(file)).has(decodeURIComponent(anchor))) broken.push(`${link}: no heading #${anchor} in ${file}`);
    }
    expect(broken).toEqual([]);
  });

  test('GIVEN headings with code, punctuation and repeats WHEN slugged THEN as GitHub does', () => {
    const root = new Parser().parse('# Shared defaults (`_defaults.yaml`)\n\n## Step 1: run it\n\n## Step 1: run it\n');
    expect([...slugsOf(root)]).toEqual(['shared-defaults-_defaultsyaml', 'step-1-run-it', 'step-1-run-it-1']);
  });
});
