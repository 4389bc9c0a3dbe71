/**
 * The version policy (src/config/version-policy.ts) on the facts of src/config/versions.data.json: what is
 * refused, what warns, and the defaults the node script gets. Tests run on 2026-12-07 (test/setup-env.ts) unless
 * they pin another day.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderNodeInitScript } from '../src/artifacts/node-init-script';
import { parseClusterFile } from '../src/config/load';
import { formatProblem, UserError } from '../src/config/problems';
import { today } from '../src/config/today';
import { buildRange, containerdAdvice } from '../src/config/version-policy';
import { configVersionFor, defaultPauseImage, KUBERNETES_MINORS, VERSIONS } from '../src/config/versions';

const RPM_CLUSTER = fs.readFileSync(path.join(__dirname, 'scripts/clusters/rpm.yaml'), 'utf8');

/** The rpm test cluster (1.33.0, containerd 1.7.28) with other versions and extra nodeInit lines. */
function cluster(kubernetes: string, containerd: string, extra = ''): string {
  return RPM_CLUSTER.replace('kubernetesVersion: "1.33.0"', `kubernetesVersion: "${kubernetes}"`)
    .replace('version: "1.7.28"', `version: "${containerd}"`)
    .replace('  join:\n', `${extra}  join:\n`);
}

const ALLOW = '  allowUntestedVersions: true\n';

/** Problems and the version warnings (the fixture's env token source has a warning of its own, warnings.test.ts). */
function parse(text: string): { errors: string[]; warnings: string[] } {
  const result = parseClusterFile('c.yaml', text);
  const versions = result.warnings.filter((w) => !w.field.startsWith('nodeInit.join.'));
  return { errors: result.problems.map(formatProblem), warnings: versions.map(formatProblem) };
}

/** Runs `body` with ACK_HYBRID_TODAY set to `date`. */
function on<T>(date: string, body: () => T): T {
  const saved = process.env.ACK_HYBRID_TODAY;
  process.env.ACK_HYBRID_TODAY = date;
  try {
    return body();
  } finally {
    process.env.ACK_HYBRID_TODAY = saved;
  }
}

describe('containerd.io: only builds Docker published (docker/packaging tags, docker/containerd-packaging)', () => {
  test('GIVEN containerd 1.6.36, which the 1.33 row names, WHEN parsed THEN it is refused: Docker built 1.6 only up to 1.6.33', () => {
    const { errors } = parse(cluster('1.33.0', '1.6.36'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      `nodeInit.containerd.version: found "1.6.36"; allowed: containerd 1.6.36 is not in Docker's repository: Docker's newest containerd.io 1.6 build is 1.6.33`,
    );
    // 1.6 has reached its end of life: no later build will come, so no escape hatch is offered.
    expect(errors[0]).not.toContain('allowUntestedVersions');
  });

  test.each(Array.from({ length: KUBERNETES_MINORS.newest - KUBERNETES_MINORS.oldest + 1 }, (_, i) => KUBERNETES_MINORS.oldest + i))(
    'GIVEN Kubernetes 1.%i WHEN the advice is written THEN it names only builds Docker published (no 1.6.x: none is in any row)',
    (minor) => {
      const advice = containerdAdvice(minor, '2024-01-01');
      expect(advice).not.toMatch(/1\.6\./);
      // Every version named, but those named as missing ("2.2.0 to 2.2.6 except 2.2.2").
      for (const version of advice.replace(/ except [0-9.]+(, [0-9.]+)*/g, '').match(/[0-9]+\.[0-9]+\.[0-9]+/g) ?? []) {
        const line = VERSIONS.containerd.lines.find((l) => version.startsWith(`${l.line}.`))!;
        expect(line.dockerBuilds.value).toContain(version);
      }
    },
  );

  test("GIVEN containerd 2.3.4, above Docker's newest 2.3 build in the table WHEN parsed THEN it is refused, with the way to accept it", () => {
    const { errors } = parse(cluster('1.36.4', '2.3.4'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      "Docker's newest containerd.io 2.3 build is 2.3.3 (docker/packaging release tags containerd/v2.3.* @fc7ef54c, checked 2026-12-07)",
    );
    expect(errors[0]).toContain('for Kubernetes 1.36 use 2.3.1 to 2.3.3');
    expect(errors[0]).toContain('if your repository has containerd.io 2.3.4 by now, set nodeInit.allowUntestedVersions: true');
  });

  test('GIVEN containerd 2.2.2, a release Docker skipped WHEN parsed THEN it is refused naming the builds there are', () => {
    const { errors } = parse(cluster('1.36.4', '2.2.2'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Docker built no containerd.io 2.2.2 (its 2.2 builds: 2.2.0 to 2.2.6 except 2.2.2)');
  });

  test('GIVEN containerd 2.4.0 (released upstream, no Docker build in the table) WHEN parsed THEN refused; with allowUntestedVersions a warning', () => {
    const refused = parse(cluster('1.36.4', '2.4.0'));
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toContain('Docker published no containerd.io 2.4.x');
    expect(refused.errors[0]).toContain('set nodeInit.allowUntestedVersions: true');
    const accepted = parse(cluster('1.36.4', '2.4.0', ALLOW));
    expect(accepted.errors).toEqual([]);
    expect(accepted.warnings).toEqual([
      expect.stringContaining('c.yaml:22:14: warning: nodeInit.containerd.version: found "2.4.0": not a containerd.io build of'),
    ]);
  });

  test("GIVEN allowUntestedVersions WHEN a pair is outside containerd's support table THEN it is still refused", () => {
    const { errors } = parse(cluster('1.36.4', '1.7.29', ALLOW));
    expect(errors).toEqual([expect.stringContaining("containerd 1.7.29 is not in containerd's support table for Kubernetes 1.36")]);
  });

  test('GIVEN build lists WHEN shown THEN a range says which builds are missing', () => {
    expect(buildRange(['2.3.1', '2.3.2', '2.3.3'])).toBe('2.3.1 to 2.3.3');
    expect(buildRange(['2.1.5'])).toBe('2.1.5');
    expect(buildRange(['2.2.0', '2.2.1', '2.2.3'])).toBe('2.2.0 to 2.2.3 except 2.2.2');
  });
});

describe('Kubernetes minors newer than the table', () => {
  test("GIVEN 1.38.0 WHEN parsed THEN it is refused, naming the table, its date, 1.38's schedule and the way forward", () => {
    const { errors } = parse(cluster('1.38.0', '2.3.3'));
    expect(errors).toEqual([
      'c.yaml:18:22: nodeInit.kubernetesVersion: found "1.38.0"; allowed: a Kubernetes minor from 1.31 to 1.37 (ack-hybrid\'s version table, checked 2026-12-07) ' +
        '(1.38.0 was scheduled for 2026-12-16 (kubernetes/sig-release releases/release-1.38/README.md); to use 1.38 before an ack-hybrid release knows it, ' +
        'set nodeInit.allowUntestedVersions: true (docs/versions.md))',
    ]);
  });

  test('GIVEN 1.38.0 and allowUntestedVersions WHEN parsed and rendered THEN a warning, and the script uses the newest known pause image', () => {
    const text = cluster('1.38.0', '2.3.3', ALLOW);
    const { errors, warnings } = parse(text);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^c\.yaml:18:22: warning: nodeInit\.kubernetesVersion: found "1\.38\.0": Kubernetes 1\.38 is newer than ack-hybrid's version table/,
      ),
    ]);
    const script = renderNodeInitScript(parseClusterFile('c.yaml', text).spec!, 'c.yaml');
    expect(script).toContain("readonly KUBERNETES_MINOR='1.38'\n");
    expect(script).toContain("readonly PAUSE_IMAGE='registry.k8s.io/pause:3.10.2'\n");
  });

  test('GIVEN 1.39.0, not even scheduled in the table WHEN parsed THEN the refusal says the table knows no such release', () => {
    expect(parse(cluster('1.39.0', '2.3.3')).errors[0]).toContain('the table knows of no 1.39 release');
  });
});

describe('end of life: warnings on the day, not before', () => {
  test('GIVEN Kubernetes 1.33 (end of life 2026-06-28) WHEN parsed on 2026-12-07 THEN a warning names the date and the supported minors', () => {
    const { errors, warnings } = parse(cluster('1.33.0', '2.3.3'));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'c.yaml:18:22: warning: nodeInit.kubernetesVersion: found "1.33.0": Kubernetes 1.33 reached its end of life on 2026-06-28 (https://kubernetes.io/releases/1.33/): ' +
        'no more patches, security fixes included; allowed: a minor upstream still supports on 2026-12-07: 1.35 to 1.37; upgrade the on-premises cluster first, then kubernetesVersion',
    ]);
  });

  test('GIVEN Kubernetes 1.33 WHEN parsed on 2026-06-27 THEN no warning', () => {
    expect(on('2026-06-27', () => parse(cluster('1.33.0', '2.3.3')).warnings)).toEqual([]);
  });

  test('GIVEN containerd 2.2 (end of life 2026-11-06) WHEN parsed on 2026-12-07 THEN a warning points at 2.3; on 2026-11-05 none', () => {
    expect(parse(cluster('1.36.4', '2.2.6')).warnings).toEqual([
      'c.yaml:22:14: warning: nodeInit.containerd.version: found "2.2.6": containerd 2.2 reached its end of life on 2026-11-06 (containerd/containerd RELEASES.md @301026e5); ' +
        'allowed: a line still supported on 2026-12-07: 2.3.1 to 2.3.3 for Kubernetes 1.36',
    ]);
    expect(on('2026-11-05', () => parse(cluster('1.36.4', '2.2.6')).warnings)).toEqual([]);
  });

  test("GIVEN no containerd section and Kubernetes 1.36 WHEN parsed THEN the defaults (containerd 2.3.3, kubeadm's pause) raise no warning", () => {
    const text = RPM_CLUSTER.replace('  containerd:\n    version: "1.7.28"\n', '').replace('"1.33.0"', '"1.36.4"');
    expect(parse(text).warnings).toEqual([]);
  });

  test('GIVEN ACK_HYBRID_TODAY WHEN malformed THEN it is refused as a user mistake naming the form', () => {
    expect(() => today({ ACK_HYBRID_TODAY: '07.12.2026' })).toThrow(UserError);
    expect(() => today({ ACK_HYBRID_TODAY: '07.12.2026' })).toThrow('ACK_HYBRID_TODAY: found "07.12.2026"; allowed: a date YYYY-MM-DD');
    expect(today({}, new Date('2026-12-07T23:30:00Z'))).toBe('2026-12-07');
  });
});

describe("pause image: kubeadm's own for the minor", () => {
  test.each([
    ['1.33.0', 'registry.k8s.io/pause:3.10'],
    ['1.34.2', 'registry.k8s.io/pause:3.10.1'],
    ['1.35.0', 'registry.k8s.io/pause:3.10.1'],
    ['1.36.4', 'registry.k8s.io/pause:3.10.2'],
    ['1.37.1', 'registry.k8s.io/pause:3.10.2'],
  ])('GIVEN Kubernetes %s and no pauseImage WHEN rendered THEN the script pins %s', (kubernetes, image) => {
    expect(defaultPauseImage(kubernetes)).toBe(image);
    const script = renderNodeInitScript(parseClusterFile('c.yaml', cluster(kubernetes, '2.3.3')).spec!, 'c.yaml');
    expect(script).toContain(`readonly PAUSE_IMAGE='${image}'\n`);
  });

  test("GIVEN pauseImage at tag 3.10 with Kubernetes 1.36 WHEN parsed THEN a warning names kubeadm's 3.10.2; at 3.10.2 none", () => {
    const at = (tag: string) =>
      cluster('1.36.4', '2.3.3')
        .replace('  join:\n', '')
        .replace(
          'containerd:\n    version: "2.3.3"\n',
          `containerd:\n    version: "2.3.3"\n    pauseImage: registry.aliyuncs.com/google_containers/pause:${tag}\n  join:\n`,
        );
    expect(parse(at('3.10')).warnings).toEqual([
      expect.stringContaining(
        'warning: nodeInit.containerd.pauseImage: found "registry.aliyuncs.com/google_containers/pause:3.10": tag 3.10, but kubeadm 1.36 expects pause 3.10.2',
      ),
    ]);
    expect(parse(at('3.10.2')).warnings).toEqual([]);
  });
});

describe('config.toml version per containerd line', () => {
  test.each([
    ['1.7.29', 2],
    ['2.1.5', 3],
    ['2.2.6', 3],
    ['2.3.3', 4],
    ['2.4.0', 4],
    ['2.9.0', 4],
  ])('GIVEN containerd %s WHEN its config is written THEN version = %i', (version, expected) => {
    expect(configVersionFor(version)).toBe(expected);
  });
});
