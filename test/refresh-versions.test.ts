/**
 * tools/refresh-versions.js reads upstream files offline; its readers, on inputs shaped like upstream's (written
 * here, not copied), so that a maintainer's refresh reads what the files say.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';

interface Tool {
  dockerBuildsFromTags(tags: readonly string[]): Record<string, string[]>;
  buildsFromChangelog(text: string): string[];
  supportRows(text: string): Record<string, string[]>;
  endOfLifeAsWritten(text: string): Record<string, string>;
  configVersion(text: string | undefined): number | undefined;
  releaseDate(text: string | undefined, minor: number): string | undefined;
  pauseNotes(text: string | undefined): string[];
  makefileTargets(text: string | undefined, variables: readonly string[]): string[];
  refresh(mirrors: string, print: (line: string) => void): number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JavaScript tool, typed by the interface above
const tool = require('../tools/refresh-versions.js') as Tool;

describe('tools/refresh-versions.js', () => {
  test("GIVEN docker/packaging's tags WHEN read THEN builds per line, ascending, once, other packages ignored", () => {
    expect(
      tool.dockerBuildsFromTags(['containerd/v2.3.2-66', 'containerd/v2.3.1-62', 'containerd/v2.2.4-60', 'containerd/v2.2.4-63', 'docker-cli/v29.0.0-1']),
    ).toEqual({
      '2.3': ['2.3.1', '2.3.2'],
      '2.2': ['2.2.4'],
    });
  });

  test('GIVEN a Debian changelog WHEN read THEN its containerd.io versions', () => {
    const changelog = 'containerd.io (1.6.33-1) release; urgency=high\n\n  * Update\n\ncontainerd.io (1.6.32-1) release; urgency=medium\n';
    expect(tool.buildsFromChangelog(changelog)).toEqual(['1.6.32', '1.6.33']);
  });

  test("GIVEN RELEASES.md WHEN read THEN the support rows of the first table, and each line's end of life as written", () => {
    const releases = [
      '| [2.2](https://github.com/containerd/containerd/releases/tag/v2.2.5)  | Active | November 5, 2025 | November 6, 2026 | @x |',
      '| [2.3](https://github.com/containerd/containerd/releases/tag/v2.3.2)  | LTS | April 30, 2026 | April 30, 2028 | @x |',
      '### Kubernetes Support',
      '| Kubernetes Version | containerd Version | CRI Version |',
      '| 1.35               | 2.2.0+, 2.1.5+, 1.7.28+          | v1              |',
      '| 1.36               | 2.3.0+, 2.2.0+                   | v1              |',
      'Deprecated containerd and kubernetes versions',
      '| v1.6.15+, v1.7.0+        | 1.26+              | v1 |',
    ].join('\n');
    expect(tool.supportRows(releases)).toEqual({ '35': ['2.2.0', '2.1.5', '1.7.28'], '36': ['2.3.0', '2.2.0'] });
    expect(tool.endOfLifeAsWritten(releases)).toEqual({ '2.2': 'November 6, 2026', '2.3': 'April 30, 2028' });
  });

  test('GIVEN version.go, a sig-release README, release notes and a Makefile WHEN read THEN the facts in them', () => {
    expect(tool.configVersion('// ConfigVersion is the current highest supported configuration version.\nconst ConfigVersion = 4\n')).toBe(4);
    expect(tool.configVersion(undefined)).toBeUndefined();
    expect(tool.releaseDate('- **Wednesday 16th December 2026**: Week 16 — Kubernetes v1.38.0 released', 38)).toBe('2026-12-16');
    expect(tool.releaseDate('- **Wednesday 2nd December 2026**: Week 14 — Docs Freeze', 38)).toBeUndefined();
    const notes = [
      '- Updated the pause image to `v3.10.2`. (#138199)',
      '- Kubeadm: Fixed missing space when printing the warning about pause image mismatch.',
    ].join('\n');
    expect(tool.pauseNotes(notes)).toEqual(['- Updated the pause image to `v3.10.2`. (#138199)']);
    expect(
      tool.makefileTargets('DEBIAN_VERSIONS ?= debian-bullseye debian-bookworm\nUBUNTU_VERSIONS ?= ubuntu-noble ubuntu-resolute\n', [
        'DEBIAN_VERSIONS',
        'UBUNTU_VERSIONS',
      ]),
    ).toEqual(['debian-bullseye', 'debian-bookworm', 'ubuntu-noble', 'ubuntu-resolute']);
  });

  test('GIVEN a folder of mirrors with a docker/packaging whose 2.3 tags go past the data WHEN refreshed THEN the newer build is a difference', () => {
    const mirrors = fs.mkdtempSync(path.join(os.tmpdir(), 'refresh-'));
    try {
      const repo = path.join(mirrors, 'docker+packaging');
      const git = (...args: string[]) =>
        execFileSync('git', ['-C', repo, ...args], {
          stdio: 'ignore',
          env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
        });
      fs.mkdirSync(repo);
      git('init', '-q');
      git('commit', '-q', '--allow-empty', '-m', 'x');
      for (const tag of ['containerd/v2.3.1-62', 'containerd/v2.3.2-66', 'containerd/v2.3.3-68', 'containerd/v2.3.4-70']) git('tag', tag);
      const lines: string[] = [];
      expect(tool.refresh(mirrors, (line) => lines.push(line))).toBeGreaterThan(0);
      expect(lines).toContain('DIFFERS containerd 2.3: tagged builds the data lacks: upstream ["2.3.4"]; data []');
      expect(lines.some((line) => line.startsWith('skipped containerd/containerd'))).toBe(true);
    } finally {
      fs.rmSync(mirrors, { recursive: true, force: true });
    }
  });
});
