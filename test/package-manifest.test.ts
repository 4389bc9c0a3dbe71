/**
 * What `npm pack` makes of this repository: the package says where it lives and where bugs go, installs
 * without running any script of its own, and ships the documentation its generated files and messages point to.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';

interface Manifest {
  readonly repository?: { readonly url?: string };
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly files: readonly string[];
  readonly scripts: Readonly<Record<string, string>>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** The files `npm pack` would put in the tarball, without running prepack (which builds). */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return pack.files.map((f) => f.path);
}

describe('the package', () => {
  test('GIVEN package.json WHEN read THEN it names the repository, the homepage and where bugs go', () => {
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs?.url).toMatch(/^https:\/\//);
  });

  test('GIVEN the packed package.json WHEN the tarball is installed THEN no script of ours runs (npm 11 flags them), prepack builds it', () => {
    // npm pack copies the scripts as they are: an install-time script would run, or be flagged, on `npm i -g ./ack-hybrid-*.tgz`.
    for (const lifecycle of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts[lifecycle]).toBeUndefined();
    expect(manifest.scripts.prepack).toContain('build');
  });

  test('GIVEN generated files and messages that point into docs/ WHEN packed THEN docs/ is in the package', () => {
    const files = packedFiles();
    const named = new Set<string>();
    for (const dir of ['dist', 'scripts-templates']) {
      const walk = (d: string): void => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
          const full = path.join(d, entry.name);
          if (entry.isDirectory()) walk(full);
          else for (const m of fs.readFileSync(full, 'utf8').matchAll(/\bdocs\/[a-z0-9-]+\.md\b/g)) named.add(m[0]);
        }
      };
      walk(path.join(REPO_ROOT, dir));
    }
    expect(named.size).toBeGreaterThan(0);
    for (const doc of named) expect(files).toContain(doc);
    expect(files).toContain('package.json');
  });

  test('GIVEN a fresh clone (no build/) WHEN npm run synth runs THEN it builds the CLI first and synthesizes', () => {
    // The README's first command is `npm ci && npm run synth`: without `prepare`, the npm scripts build what is missing.
    const clone = tempDir('fresh-clone');
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' });
    for (const file of listed.split('\0').filter((f) => f !== '' && fs.existsSync(path.join(REPO_ROOT, f)))) {
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, file), path.join(clone, file));
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(clone, 'node_modules'));
    expect(fs.existsSync(path.join(clone, 'build'))).toBe(false);
    const result = spawnSync('npm', ['run', '--silent', 'synth', '--', '--out', 'fresh-dist'], { cwd: clone, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^synthesized \d+ clusters? \(\d+ files\) into fresh-dist: updated\n$/);
    expect(fs.existsSync(path.join(clone, 'build', 'ack-hybrid.js'))).toBe(true);
  });
});
