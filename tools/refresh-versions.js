#!/usr/bin/env node
/**
 * `node tools/refresh-versions.js <mirrors>`: reads the upstream facts of src/config/versions.data.json from git
 * repositories fetched beforehand (offline; no network) and prints, fact by fact, what upstream says next to
 * what the data file says. It changes nothing: a maintainer updates the data file by hand, with each fact's
 * source and read date (docs/versions.md, "Refreshing the table"). Exit 0 when everything it can read agrees,
 * 1 when something differs, 2 on bad arguments.
 *
 * <mirrors> holds one git directory per repository, named `owner+name` (or `owner+name/repo`):
 * docker+packaging, docker+containerd-packaging, containerd+containerd,
 * kubernetes+sig-release, docker+docker-ce-packaging. A missing one is reported and skipped.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const DATA = require('../src/config/versions.data.json');

/** Tagged but never shipped: docker/docker-ce-packaging PR #1334, "container.io v2.1.5 is the oldest v2 version we shipped". */
const NOT_SHIPPED = ['2.1.3', '2.1.4'];

/** `git <args>` in a git directory (bare or not), as text; undefined when git fails (a missing ref). */
function git(dir, args) {
  try {
    return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

function findRepo(mirrors, owner, name) {
  for (const candidate of [`${owner}+${name}/repo`, `${owner}+${name}`, name]) {
    const dir = path.join(mirrors, candidate);
    const gitDir = fs.existsSync(path.join(dir, '.git')) ? path.join(dir, '.git') : dir;
    if (fs.existsSync(path.join(gitDir, 'HEAD'))) return gitDir;
  }
  return undefined;
}

const versionKey = (v) => v.split('.').map(Number);
const compareVersions = (a, b) => {
  const [x, y] = [versionKey(a), versionKey(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
const lineOf = (v) => v.split('.').slice(0, 2).join('.');

/** docker/packaging release tags `containerd/v2.3.1-62` → { '2.3': ['2.3.1', …] }, ascending, once each. */
function dockerBuildsFromTags(tags) {
  const builds = {};
  for (const tag of tags) {
    const m = /^containerd\/v([0-9]+\.[0-9]+\.[0-9]+)-[0-9]+$/.exec(tag.trim());
    if (!m) continue;
    (builds[lineOf(m[1])] ??= new Set()).add(m[1]);
  }
  return Object.fromEntries(Object.entries(builds).map(([line, set]) => [line, [...set].sort(compareVersions)]));
}

/** A Debian changelog's `containerd.io (1.6.33-1)` entries → the versions, ascending. */
function buildsFromChangelog(text) {
  const found = new Set([...text.matchAll(/^containerd\.io \(([0-9]+\.[0-9]+\.[0-9]+)-[0-9]+\)/gm)].map((m) => m[1]));
  return [...found].sort(compareVersions);
}

/** RELEASES.md "Kubernetes Support": `| 1.36 | 2.3.0+, 2.2.0+ | v1 |` → { 36: ['2.3.0', '2.2.0'] } (first table only). */
function supportRows(releasesMd) {
  const section = releasesMd.split('### Kubernetes Support')[1] ?? '';
  const table = section.split('Deprecated containerd and kubernetes versions')[0];
  const rows = {};
  for (const m of table.matchAll(/^\|\s*1\.([0-9]+)\s*\|([^|]+)\|/gm)) {
    rows[m[1]] = m[2]
      .split(',')
      .map((v) => v.trim().replace(/\+$/, ''))
      .filter((v) => /^[0-9]+\.[0-9]+\.[0-9]+$/.test(v));
  }
  return rows;
}

/** RELEASES.md "Current State": `| [2.3](…) | LTS | April 30, 2026 | April 30, 2028 | …` → { '2.3': 'April 30, 2028' }. */
function endOfLifeAsWritten(releasesMd) {
  const ends = {};
  for (const m of releasesMd.matchAll(/^\|\s*\[([0-9]+\.[0-9]+)\]\([^)]*\)\s*\|([^|]*)\|([^|]*)\|([^|]*)\|/gm)) ends[m[1]] = m[4].trim();
  return ends;
}

/** `const ConfigVersion = 4` of version/version.go; undefined before 2.0 (1.x reads version 2). */
function configVersion(versionGo) {
  const m = /ConfigVersion = ([0-9]+)/.exec(versionGo ?? '');
  return m ? Number(m[1]) : undefined;
}

/** sig-release README: `**Wednesday 26th August 2026**: Week 15 — Kubernetes v1.37.0 released` → 2026-08-26. */
function releaseDate(readme, minor) {
  const m = new RegExp(`\\*\\*[A-Za-z]+ ([0-9]{1,2})[a-z]{2} ([A-Za-z]+) ([0-9]{4})\\*\\*[^\\n]*Kubernetes v1\\.${minor}\\.0 released`).exec(readme ?? '');
  if (!m) return undefined;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const month = months.indexOf(m[2]) + 1;
  return month === 0 ? undefined : `${m[3]}-${String(month).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

/** Lines of release notes that change the pause image ("Updated the pause image to …", "started using …/pause:3.10"). */
function pauseNotes(notes) {
  return (notes ?? '').split('\n').filter((line) => /^- .*(pause[^ ]* (image|version) to |registry\.k8s\.io\/pause:[0-9])/i.test(line));
}

/** `DEBIAN_VERSIONS ?= debian-bullseye …` of a Makefile → the targets. */
function makefileTargets(makefile, variables) {
  return variables.flatMap((v) => (new RegExp(`^${v} \\?= (.*)$`, 'm').exec(makefile ?? '')?.[1] ?? '').split(/\s+/).filter(Boolean));
}

class Report {
  constructor(print) {
    this.print = print;
    this.differences = 0;
  }
  section(title) {
    this.print(`\n== ${title}`);
  }
  compare(what, upstream, data) {
    const same = JSON.stringify(upstream) === JSON.stringify(data);
    if (!same) this.differences += 1;
    this.print(`${same ? 'same   ' : 'DIFFERS'} ${what}: upstream ${JSON.stringify(upstream)}${same ? '' : `; data ${JSON.stringify(data)}`}`);
  }
  note(text) {
    this.print(`        ${text}`);
  }
}

function refresh(mirrors, print = console.log) {
  const report = new Report(print);
  const repo = (owner, name) => {
    const dir = findRepo(mirrors, owner, name);
    if (!dir) report.print(`skipped ${owner}/${name}: no git directory ${owner}+${name} in ${mirrors}`);
    return dir;
  };
  const head = (dir) => (git(dir, ['log', '-1', '--format=%h %cs']) ?? '').trim();
  const dataLine = (line) => DATA.containerd.lines.find((l) => l.line === line);

  const packaging = repo('docker', 'packaging');
  if (packaging) {
    report.section(`containerd.io builds: docker/packaging release tags (${head(packaging)})`);
    const builds = dockerBuildsFromTags((git(packaging, ['tag', '--list', 'containerd/*']) ?? '').split('\n'));
    for (const [line, list] of Object.entries(builds).sort(([a], [b]) => compareVersions(`${a}.0`, `${b}.0`))) {
      const data = dataLine(line)?.dockerBuilds.value ?? [];
      // The data lists builds from its first relevant one (1.7: from 1.7.18); 1.x builds older than the tags
      // come from docker/containerd-packaging, below.
      const lacking = list.filter((v) => !data.includes(v) && !NOT_SHIPPED.includes(v) && (data.length === 0 || compareVersions(v, data[0]) > 0));
      report.compare(`containerd ${line}: tagged builds the data lacks`, lacking, []);
      if (!line.startsWith('1.')) report.compare(`containerd ${line}: newest build`, list[list.length - 1], data[data.length - 1] ?? null);
    }
    const untagged = DATA.containerd.lines.filter((l) => !(l.line in builds) && compareVersions(`${l.line}.0`, '2.0.0') >= 0);
    for (const l of untagged) report.compare(`containerd ${l.line}: builds (no tag)`, [], l.dockerBuilds.value);
    report.note(`not shipped although tagged: ${NOT_SHIPPED.join(', ')}; 1.6 and 1.7 builds before the tags: below`);
  }
  const oldPackaging = repo('docker', 'containerd-packaging');
  if (oldPackaging) {
    report.section(`containerd.io builds: docker/containerd-packaging debian/changelog (${head(oldPackaging)})`);
    for (const [ref, line] of [
      ['release/1.6', '1.6'],
      ['main', '1.7'],
    ]) {
      const list = buildsFromChangelog(git(oldPackaging, ['show', `${ref}:debian/changelog`]));
      const data = (dataLine(line)?.dockerBuilds.value ?? []).filter((v) => list.includes(v) || compareVersions(v, list[list.length - 1] ?? '0.0.0') <= 0);
      report.compare(
        `containerd ${line} (${ref})`,
        list.filter((v) => data.length === 0 || compareVersions(v, data[0]) >= 0),
        data,
      );
    }
  }
  const containerd = repo('containerd', 'containerd');
  if (containerd) {
    report.section(`containerd/containerd RELEASES.md and version/version.go (${head(containerd)})`);
    const releases = git(containerd, ['show', 'HEAD:RELEASES.md']) ?? '';
    const rows = supportRows(releases);
    for (const [minor, row] of Object.entries(rows)) report.compare(`Kubernetes 1.${minor} row`, row, DATA.containerd.kubernetesSupport.rows[minor] ?? null);
    const kept = Object.keys(DATA.containerd.kubernetesSupport.rows).filter((minor) => !(minor in rows));
    if (kept.length > 0) report.note(`rows the data keeps that RELEASES.md dropped: ${kept.map((m) => `1.${m}`).join(', ')}`);
    const ends = endOfLifeAsWritten(releases);
    const tags = (git(containerd, ['tag', '--list', 'v[0-9]*']) ?? '').split('\n').filter((t) => /^v[0-9]+\.[0-9]+\.[0-9]+$/.test(t));
    for (const line of DATA.containerd.lines) {
      report.note(`${line.line}: end of life as written "${ends[line.line] ?? 'not listed'}", data ${line.endOfLife.value}`);
      const newest = tags
        .filter((t) => lineOf(t.slice(1)) === line.line)
        .sort((a, b) => compareVersions(a.slice(1), b.slice(1)))
        .pop();
      if (newest === undefined) continue;
      const upstream = line.line.startsWith('1.') ? 2 : configVersion(git(containerd, ['show', `${newest}:version/version.go`]));
      report.compare(`containerd ${line.line} config version (${newest})`, upstream, line.configVersion.value);
    }
    const lines = [...new Set(tags.map((t) => lineOf(t.slice(1))))].filter((l) => !dataLine(l) && compareVersions(`${l}.0`, '1.6.0') >= 0);
    if (lines.length > 0) report.compare('released lines the data lacks', lines, []);
  }
  const sigRelease = repo('kubernetes', 'sig-release');
  if (sigRelease) {
    report.section(`Kubernetes releases: kubernetes/sig-release (${head(sigRelease)})`);
    const minors = [...DATA.kubernetes.minors, ...DATA.kubernetes.scheduled];
    const newest = Math.max(...minors.map((m) => m.minor));
    for (let minor = DATA.kubernetes.oldestMinor.value; minor <= newest + 2; minor++) {
      const readme = git(sigRelease, ['show', `HEAD:releases/release-1.${minor}/README.md`]);
      if (readme === undefined) continue;
      const entry = minors.find((m) => m.minor === minor);
      report.compare(`1.${minor} release date`, releaseDate(readme, minor) ?? null, entry?.released.value ?? null);
      for (const line of pauseNotes(git(sigRelease, ['show', `HEAD:releases/release-1.${minor}/release-notes/release-notes-draft.md`]))) {
        report.note(`1.${minor} pause: ${line.slice(0, 160)} (data: ${DATA.kubernetes.minors.find((m) => m.minor === minor)?.pause.value ?? 'no entry'})`);
      }
    }
  }
  const cePackaging = repo('docker', 'docker-ce-packaging');
  if (cePackaging) {
    report.section(`Docker's targets: docker/docker-ce-packaging (${head(cePackaging)})`);
    const debTargets = makefileTargets(git(cePackaging, ['show', 'HEAD:deb/Makefile']), ['DEBIAN_VERSIONS', 'UBUNTU_VERSIONS']);
    report.compare('deb targets', debTargets, DATA.distributions.deb.dockerTargets.value);
    const rpmTargets = makefileTargets(git(cePackaging, ['show', 'HEAD:rpm/Makefile']), ['CENTOS_RELEASES', 'RHEL_RELEASES', 'FEDORA_RELEASES']);
    report.compare('rpm targets', rpmTargets, DATA.distributions.rpm.dockerTargets.value);
  }
  print(
    `\n${report.differences === 0 ? 'everything read agrees with' : `${report.differences} difference(s) from`} src/config/versions.data.json (checked ${DATA.checked})`,
  );
  print('Not read here: end-of-life dates of Kubernetes minors, patch releases, Debian LTS dates, key fingerprints (docs/versions.md).');
  return report.differences;
}

module.exports = {
  dockerBuildsFromTags,
  buildsFromChangelog,
  supportRows,
  endOfLifeAsWritten,
  configVersion,
  releaseDate,
  pauseNotes,
  makefileTargets,
  refresh,
};

if (require.main === module) {
  const [mirrors] = process.argv.slice(2);
  if (mirrors === undefined || !fs.existsSync(mirrors)) {
    console.error('usage: node tools/refresh-versions.js <folder of fetched git repositories, named owner+name>');
    process.exit(2);
  }
  process.exit(refresh(mirrors) === 0 ? 0 : 1);
}
