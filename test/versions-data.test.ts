/**
 * src/config/versions.data.json, the facts a maintainer updates by hand: each well-formed, sourced and dated,
 * and consistent with the others, so that a slip in an update fails here rather than in a user's message.
 */
import { compareVersions, known, lineOf, Source, VERSIONS } from '../src/config/versions';

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** Every object of the data file with a `source` or `sources`, with where it is. */
function sources(): Array<{ at: string; source: Source }> {
  const found: Array<{ at: string; source: Source }> = [];
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}[${i}]`));
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'source') found.push({ at, source: value as Source });
        else if (key === 'sources') (value as Source[]).forEach((source, i) => found.push({ at: `${at}.sources[${i}]`, source }));
        else walk(value, `${at}.${key}`);
      }
    }
  };
  walk(VERSIONS, 'data');
  return found;
}

describe('versions.data.json', () => {
  test('GIVEN every source WHEN read THEN it names where (from) and when it was read, never after the checked date', () => {
    expect(sources().length).toBeGreaterThan(30);
    for (const { at, source } of sources()) {
      expect({ at, from: typeof source.from === 'string' && source.from.length > 0 }).toEqual({ at, from: true });
      expect({ at, read: source.read }).toEqual({ at, read: expect.stringMatching(DATE) });
      expect(source.read <= VERSIONS.checked).toBe(true);
      // What no source confirms says so, and why the value was kept.
      if (source.unverified) expect({ at, note: typeof source.note }).toEqual({ at, note: 'string' });
    }
  });

  test('GIVEN the Kubernetes minors WHEN read THEN they are consecutive from the oldest, each released before its end of life', () => {
    const minors = VERSIONS.kubernetes.minors.map((m) => m.minor);
    expect(minors[0]).toBe(VERSIONS.kubernetes.oldestMinor.value);
    expect(minors).toEqual(minors.map((_, i) => minors[0] + i));
    for (const m of VERSIONS.kubernetes.minors) {
      expect(m.released.value).toMatch(DATE);
      expect(m.endOfLife.value).toMatch(DATE);
      expect(m.released.value < m.endOfLife.value).toBe(true);
      expect(m.pause.value).toMatch(/^[0-9]+\.[0-9]+(\.[0-9]+)?$/);
    }
    for (const s of VERSIONS.kubernetes.scheduled) expect(s.minor).toBeGreaterThan(minors[minors.length - 1]);
  });

  test("GIVEN containerd's support rows WHEN read THEN each minimum is of a line the table knows", () => {
    const lines = VERSIONS.containerd.lines.map((l) => l.line);
    for (const [minor, row] of Object.entries(VERSIONS.containerd.kubernetesSupport.rows)) {
      expect(VERSIONS.kubernetes.minors.map((m) => String(m.minor))).toContain(minor);
      for (const min of row) expect({ minor, line: lines.includes(lineOf(known(min))) }).toEqual({ minor, line: true });
    }
  });

  test("GIVEN Docker's builds WHEN read THEN each is of its own line, in ascending order, once", () => {
    for (const line of VERSIONS.containerd.lines) {
      const builds = line.dockerBuilds.value.map(known);
      for (const b of builds) expect(lineOf(b)).toBe(line.line);
      for (let i = 1; i < builds.length; i++) expect(compareVersions(builds[i - 1], builds[i])).toBeLessThan(0);
      expect(line.endOfLife.value).toMatch(DATE);
      expect([2, 3, 4]).toContain(line.configVersion.value);
    }
  });

  test("GIVEN the defaults WHEN read THEN the Kubernetes one is of the newest minor containerd's table has a row for, the containerd one Docker's newest build of its line", () => {
    const rows = Object.keys(VERSIONS.containerd.kubernetesSupport.rows).map(Number);
    expect(known(VERSIONS.defaults.kubernetesVersion.value)[1]).toBe(Math.max(...rows));
    const containerd = known(VERSIONS.defaults.containerdVersion.value);
    const builds = VERSIONS.containerd.lines.find((l) => l.line === lineOf(containerd))!.dockerBuilds.value;
    expect(builds[builds.length - 1]).toBe(VERSIONS.defaults.containerdVersion.value);
  });

  test('GIVEN the key fingerprints WHEN read THEN each is 40 upper-case hex digits', () => {
    for (const key of Object.values(VERSIONS.keys)) expect(key.value).toMatch(/^[0-9A-F]{40}$/);
  });
});
