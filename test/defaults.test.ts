/**
 * A fleet's defaults file (`clusters/_defaults.yaml`, src/config/defaults.ts): merged under each cluster file
 * with the documented precedence, located in messages, known to the JSON Schema and to init, and a fleet with
 * one synthesizes the same bytes as the same fleet written out in full.
 */
import { DEFAULT_KUBERNETES_VERSION } from '../src/config/versions';
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { fleetClusterFile, fleetDefaults, overDefaults, writeFleet } from '../bench/fleet';
import { buildBundle } from '../src/build/bundle';
import { mergeOver } from '../src/config/defaults';
import { jsonSchemaOf, renderJsonSchema } from '../src/config/json-schema';
import { displayPath, loadClusters } from '../src/config/load';
import { InvalidClustersError } from '../src/config/problems';
import { toYaml } from '../src/kubernetes/render';
import { runCli } from './support/cli';
import { REPO_ROOT } from './support/clusters';
import { readTree } from '../src/output/write';
import { tempDir } from './support/tree';

/** A clusters folder: `_defaults.yaml` (when given) and cluster files, name → text. */
function folder(files: Readonly<Record<string, string>>): string {
  const dir = tempDir('defaults');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The first cluster of the benchmark fleet, as YAML over `defaults` (both objects). */
const clusterOver = (defaults: Record<string, unknown>, i = 0) => toYaml(overDefaults(fleetClusterFile(i, { gitops: 'argocd' }), defaults));

function problemsOf(dir: string): string[] {
  try {
    loadClusters(dir);
  } catch (error) {
    if (error instanceof InvalidClustersError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('precedence: schema defaults < _defaults.yaml < cluster file (an RFC 7396 merge patch)', () => {
  test('GIVEN a value in both WHEN merged THEN the cluster file wins; mappings merge key by key; a list is replaced whole', () => {
    const merged = mergeOver(
      { nodeInit: { kubernetesVersion: '1.33.0', os: 'deb' }, cloud: { securityGroupIds: ['sg-a', 'sg-b'] } },
      { nodeInit: { os: 'rpm' }, cloud: { securityGroupIds: ['sg-c'] } },
      [],
    );
    expect(merged).toEqual({ nodeInit: { kubernetesVersion: '1.33.0', os: 'rpm' }, cloud: { securityGroupIds: ['sg-c'] } });
  });

  test('GIVEN null in the cluster file WHEN merged THEN it removes the default; where there is no default, null stays for the schema to refuse', () => {
    expect(mergeOver({ gitops: { tool: 'argocd' }, region: 'cn-hangzhou' }, { gitops: null, terway: null }, [])).toEqual({
      region: 'cn-hangzhou',
      terway: null,
    });
  });

  test('GIVEN the cluster file picks another variant of a union WHEN merged THEN its mapping replaces the default whole', () => {
    const defaults = { nodeInit: { join: { tokenSource: { type: 'oos-secret-parameter', ramRoleName: 'node' } } } };
    expect(mergeOver(defaults, { nodeInit: { join: { tokenSource: { type: 'env' } } } }, [])).toEqual({ nodeInit: { join: { tokenSource: { type: 'env' } } } });
    expect(mergeOver(defaults, { nodeInit: { join: { tokenSource: { name: 'p' } } } }, [])).toEqual({
      nodeInit: { join: { tokenSource: { type: 'oos-secret-parameter', ramRoleName: 'node', name: 'p' } } },
    });
  });

  test('GIVEN a key named __proto__ WHEN merged THEN it is a key, not the prototype', () => {
    const merged = mergeOver({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}'), []) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['a', '__proto__']);
  });

  test('GIVEN a default, a schema default and a cluster value WHEN built THEN each field takes the highest', () => {
    const shared = fleetDefaults({ gitops: 'argocd' });
    const defaults = { ...shared, nodeInit: { ...(shared.nodeInit as object), os: 'deb' }, terway: { maxPoolSize: 9 } };
    const own = { ...overDefaults(fleetClusterFile(0, { gitops: 'argocd' }), shared), terway: { maxPoolSize: 7 } };
    const [cluster] = loadClusters(folder({ '_defaults.yaml': toYaml(defaults), 'fleet-0000.yaml': toYaml(own) }));
    expect(cluster.spec.terway.maxPoolSize).toBe(7); // cluster file over defaults file
    expect(cluster.spec.nodeInit.os).toBe('deb'); // defaults file over the schema's rpm
    expect(cluster.spec.terway.minPoolSize).toBe(0); // the schema's, set by neither
    expect(cluster.spec.gitops?.tool).toBe('argocd');
  });
});

describe('a fleet with a defaults file', () => {
  test('GIVEN the benchmark fleet in full and over a defaults file WHEN built THEN the bundles are the same bytes', () => {
    const dir = tempDir('defaults-fleet');
    writeFleet(path.join(dir, 'full'), 30);
    writeFleet(path.join(dir, 'shared'), 30, { defaults: true });
    expect(fs.readFileSync(path.join(dir, 'shared', 'fleet-0000.yaml'), 'utf8')).toContain('gitops: null');
    expect(fs.readFileSync(path.join(dir, 'shared', 'fleet-0000.yaml'), 'utf8')).not.toContain('kubernetesVersion');
    expect(buildBundle(loadClusters(path.join(dir, 'shared')))).toEqual(buildBundle(loadClusters(path.join(dir, 'full'))));
  });

  test('GIVEN a synthesized fleet WHEN one default changes THEN diff shows every cluster, and diff of _defaults.yaml alone selects them all', () => {
    const dir = tempDir('defaults-diff');
    const clusters = path.join(dir, 'clusters');
    const out = path.join(dir, 'dist');
    writeFleet(clusters, 3, { defaults: true, gitops: 'none' });
    expect(runCli(['synth', '--clusters', clusters, '--out', out]).status).toBe(0);
    const defaultsFile = path.join(clusters, '_defaults.yaml');
    fs.writeFileSync(
      defaultsFile,
      fs.readFileSync(defaultsFile, 'utf8').replace(`kubernetesVersion: ${DEFAULT_KUBERNETES_VERSION}`, 'kubernetesVersion: 1.35.0'),
    );
    for (const args of [[], [defaultsFile]]) {
      const diff = runCli(['diff', '--name-only', '--clusters', clusters, '--out', out, ...args]);
      expect(diff.status).toBe(1);
      expect(diff.stdout.split('\n').filter((line) => line.startsWith('== cluster '))).toEqual([
        expect.stringMatching(/^== cluster fleet-0000: \d+ changed$/),
        expect.stringMatching(/^== cluster fleet-0001: \d+ changed$/),
        expect.stringMatching(/^== cluster fleet-0002: \d+ changed$/),
      ]);
    }
  });

  test('GIVEN a defaults file that is a link into the output folder WHEN synth runs THEN it is refused as an input the swap would delete', () => {
    const dir = tempDir('defaults-input');
    const clusters = path.join(dir, 'clusters');
    const out = path.join(dir, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'shared.yaml'), toYaml(fleetDefaults({ gitops: 'none' })));
    writeFleet(clusters, 1, { gitops: 'none', defaults: true });
    fs.rmSync(path.join(clusters, '_defaults.yaml'));
    fs.symlinkSync(path.join(out, 'shared.yaml'), path.join(clusters, '_defaults.yaml'));
    const synth = runCli(['synth', '--clusters', clusters, '--out', out]);
    expect(synth.status).toBe(2);
    expect(synth.stderr).toMatch(/: it holds .*_defaults\.yaml .*, an input of this run, which replacing it would delete/);
  });
});

describe('messages name the file and line a value came from', () => {
  const defaults = fleetDefaults({ gitops: 'argocd' });

  test('GIVEN a bad value in the defaults file WHEN loaded THEN it is reported once, at its line in the defaults file', () => {
    const text = toYaml(defaults).replace(`kubernetesVersion: ${DEFAULT_KUBERNETES_VERSION}`, 'kubernetesVersion: "1.99.0"');
    const dir = folder({ '_defaults.yaml': text, 'fleet-0000.yaml': clusterOver(defaults, 0), 'fleet-0001.yaml': clusterOver(defaults, 1) });
    const problems = problemsOf(dir);
    expect(problems.filter((p) => p.includes('kubernetesVersion'))).toEqual([
      expect.stringMatching(new RegExp(`^${displayPath(dir)}/_defaults\\.yaml:6:22: nodeInit\\.kubernetesVersion: found "1\\.99\\.0"; allowed: `)),
    ]);
    expect(problems[problems.length - 1]).toBe('1 problem in 1 file');
  });

  test('GIVEN a default that clashes with one cluster file WHEN loaded THEN the problem names both files and lines', () => {
    const clash = { ...defaults, onPrem: { ...(defaults.onPrem as object), podCidr: '10.0.1.0/24' } };
    const dir = folder({ '_defaults.yaml': toYaml(clash), 'fleet-0000.yaml': clusterOver(defaults, 0), 'fleet-0001.yaml': clusterOver(defaults, 1) });
    const shown = displayPath(dir);
    const problems = problemsOf(dir);
    // fleet-0001's VPC is 10.0.1.0/25: inside the default pod range, which is reported where it is written.
    expect(problems).toContain(
      `${shown}/_defaults.yaml:3:12: onPrem.podCidr: found "10.0.1.0/24", which contains cloud.vpcCidr "10.0.1.0/25" (line 7 of ${shown}/fleet-0001.yaml); ` +
        `allowed: an on-premises range outside cloud.vpcCidr: pick a range the VPC does not use, or a smaller VPC range (merged into ${shown}/fleet-0001.yaml)`,
    );
    expect(problems.some((p) => p.includes('fleet-0000.yaml)'))).toBe(false);
  });

  test('GIVEN a cluster value that clashes with a default WHEN loaded THEN it is reported in the cluster file, naming the default where it is', () => {
    const own = {
      ...overDefaults(fleetClusterFile(0, { gitops: 'argocd' }), defaults),
      onPrem: { apiServerEndpoint: '172.16.0.10:6443', nodeCidr: '10.0.0.128/25' },
    };
    const dir = folder({ '_defaults.yaml': toYaml(defaults), 'fleet-0000.yaml': toYaml(own) });
    const shown = displayPath(dir);
    expect(problemsOf(dir)[0]).toBe(
      `${shown}/fleet-0000.yaml:4:22: onPrem.apiServerEndpoint: found "172.16.0.10:6443", inside onPrem.podCidr "172.16.0.0/16" (line 3 of ${shown}/_defaults.yaml): ` +
        'a virtual pod address a node cannot reach before it has joined; allowed: the address of the on-premises API server (or its load balancer) that cloud nodes reach across CEN',
    );
  });

  test('GIVEN fields each cluster sets itself in the defaults file WHEN loaded THEN each is refused there, and nothing else is reported', () => {
    const text = toYaml({ name: 'all', ...defaults, nodeInit: { ...(defaults.nodeInit as object), scriptUrl: 'https://example.com/init.sh' } });
    const dir = folder({ '_defaults.yaml': text, 'fleet-0000.yaml': clusterOver(defaults) });
    const shown = displayPath(dir);
    expect(problemsOf(dir)).toEqual([
      `${shown}/_defaults.yaml:1:1: name: found "all" in the defaults file; allowed: name in each cluster file, not in _defaults.yaml: it names the cluster and its output folder`,
      `${shown}/_defaults.yaml:11:3: nodeInit.scriptUrl: found "https://example.com/init.sh" in the defaults file; allowed: nodeInit.scriptUrl in each cluster file, not in _defaults.yaml: each cluster's nodes must run its own script`,
      '2 problems in 1 file',
    ]);
  });

  test('GIVEN a file named like the defaults file with another ending WHEN loaded THEN it is refused with the one name', () => {
    const dir = folder({ '_defaults.yml': toYaml(defaults), 'fleet-0000.yaml': toYaml(fleetClusterFile(0)) });
    expect(problemsOf(dir)[0]).toMatch(
      /"_defaults\.yml": found a file name .*\(the one name starting with "_" is _defaults\.yaml, the defaults file of the folder\)$/,
    );
  });
});

describe('the JSON Schemas of the defaults file and of a cluster file over it', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validDefaults = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'defaults.schema.json'), 'utf8')));
  const validOver = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'cluster-over-defaults.schema.json'), 'utf8')));

  test.each(['defaults', 'cluster-over-defaults'] as const)(
    'GIVEN the zod schema WHEN the %s schema is generated THEN it equals the committed file',
    (kind) => {
      // On failure: node build/ack-hybrid.js schema <kind> > schema/<kind>.schema.json, review, commit.
      expect(renderJsonSchema(jsonSchemaOf(kind))).toBe(fs.readFileSync(path.join(REPO_ROOT, 'schema', `${kind}.schema.json`), 'utf8'));
      expect(runCli(['schema', kind]).stdout).toBe(renderJsonSchema(jsonSchemaOf(kind)));
    },
  );

  test('GIVEN the benchmark fleet over a defaults file WHEN checked with the schemas THEN both kinds of file are valid', () => {
    const dir = tempDir('defaults-schema');
    writeFleet(dir, 11, { defaults: true });
    expect(validDefaults(parse(fs.readFileSync(path.join(dir, '_defaults.yaml'), 'utf8')))).toBe(true);
    for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('fleet-'))) {
      expect({ name, valid: validOver(parse(fs.readFileSync(path.join(dir, name), 'utf8'))), errors: validOver.errors ?? [] }).toEqual({
        name,
        valid: true,
        errors: [],
      });
    }
  });

  test('GIVEN a field each cluster sets itself, or a misspelt key WHEN checked THEN the defaults schema refuses it; a cluster file over it needs its name', () => {
    expect(validDefaults({ name: 'a' })).toBe(false);
    expect(validDefaults({ nodeInit: { scriptUrl: 'https://example.com/init.sh' } })).toBe(false);
    expect(validDefaults({ nodeInit: { kubernetesVerison: '1.33.0' } })).toBe(false);
    expect(validOver({ clusterId: 'c0' })).toBe(false);
  });
});

describe('init over a defaults file', () => {
  const flags = (name: string, i: number) => [
    '--vpc-id',
    'none',
    '--name',
    name,
    '--cluster-id',
    `c${String(i).padStart(32, '0')}`,
    '--api-server',
    `10.0.${i}.130:6443`,
    '--node-cidr',
    `10.0.${i}.128/25`,
    '--vpc-cidr',
    `10.0.${i}.0/25`,
    '--node-vswitch',
    `vsw-node${i}:cn-hangzhou-h:10.0.${i}.0/26`,
    '--pod-vswitch',
    `vsw-pod${i}:cn-hangzhou-h:10.0.${i}.64/26`,
    '--security-group',
    'sg-one',
    '--token-ram-role',
    'hybrid-node',
    '--script-url',
    `https://example.com/${name}/init-node-ecs.sh`,
    '--ca-cert-hash',
    `sha256:${'ab'.repeat(32)}`,
  ];

  test('GIVEN a folder with a defaults file WHEN init runs THEN it asks and writes only what the defaults file does not give, and the fleet is valid', () => {
    const defaults = { ...fleetDefaults({ gitops: 'flux' }), nodeInit: { ...(fleetDefaults().nodeInit as object), os: 'deb' } };
    const dir = folder({ '_defaults.yaml': toYaml(defaults) });
    const result = runCli(['init', '--clusters', dir, ...flags('idc-one', 1), '--os', 'rpm']);
    expect(result.stderr).toBe('');
    const text = fs.readFileSync(path.join(dir, 'idc-one.yaml'), 'utf8');
    const ref = text.split('\n')[0].replace('# yaml-language-server: $schema=', '');
    expect(ref).toMatch(/^(\.\.\/)+.*schema\/cluster-over-defaults\.schema\.json$/);
    expect(fs.existsSync(path.resolve(dir, ref))).toBe(true);
    const written = parse(text) as Record<string, Record<string, unknown>>;
    // Region, versions, token source type and GitOps come from the defaults file; rpm (the schema's default) is written, as it differs from it.
    expect(written.region).toBeUndefined();
    expect(written.gitops).toBeUndefined();
    expect(written.nodeInit).toEqual(expect.objectContaining({ os: 'rpm' }));
    expect(written.nodeInit.kubernetesVersion).toBeUndefined();
    expect((written.nodeInit.join as Record<string, Record<string, unknown>>).tokenSource).toEqual({
      name: 'ack-hybrid-idc-one-join-token',
      ramRoleName: 'hybrid-node',
    });
    expect(runCli(['init', '--clusters', dir, ...flags('idc-two', 2), '--gitops', 'none']).status).toBe(0);
    expect(parse(fs.readFileSync(path.join(dir, 'idc-two.yaml'), 'utf8')).gitops).toBeNull();
    const [one, two] = loadClusters(dir);
    expect([one.spec.nodeInit.os, one.spec.gitops?.tool, two.spec.nodeInit.os, two.spec.gitops]).toEqual(['rpm', 'flux', 'deb', undefined]);
    expect(readTree(dir)!.size).toBe(3);
  });
});
