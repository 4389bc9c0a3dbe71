/**
 * The repository stands alone: users and CI clone only it. No tracked file other than prose may name a
 * path outside the repository (a sibling folder or an absolute path of one machine).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
/** Paths a file may not name: the sibling folder the project was handed material in, or this machine's work folders. */
const OUTSIDE = /(^|[\s'"`=(:])\.\.\/shared\b|\/work\/(main|shared)\b|'\.\.',\s*'shared'/;
/** This test names those paths to check its own pattern. */
const SELF = 'test/standalone.test.ts';
/** Prose may tell the history; code, tests and config may not depend on it. */
const PROSE = /\.md$/;

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
}

test('GIVEN the tracked files WHEN scanned THEN none but prose names a path outside the repository', () => {
  const files = trackedFiles().filter((file) => !PROSE.test(file) && file !== SELF && fs.statSync(path.join(ROOT, file)).isFile());
  expect(files.length).toBeGreaterThan(100);
  const offenders = files.filter((file) => OUTSIDE.test(fs.readFileSync(path.join(ROOT, file), 'latin1')));
  expect(offenders).toEqual([]);
});

test('GIVEN the scan WHEN a file names ../shared or /work/shared THEN it is caught', () => {
  expect(OUTSIDE.test("const CRDS = '../shared/fixtures/crds';")).toBe(true);
  expect(OUTSIDE.test('  - x:=../shared/fixtures/crds/a.yaml')).toBe(true);
  expect(OUTSIDE.test("const F = '/work/shared/fixtures/calico';")).toBe(true);
  expect(OUTSIDE.test("export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');")).toBe(true);
  expect(OUTSIDE.test("const F = path.join(__dirname, 'fixtures');")).toBe(false);
});
