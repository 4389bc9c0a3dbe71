/**
 * The JSON Schema for editors (issue 14, item 3): derived from the zod schema, committed in
 * schema/cluster.schema.json, and accepting what the loader accepts in the example and golden files.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { parseClusterFile } from '../src/config/load';
import { clusterJsonSchema, renderJsonSchema } from '../src/config/json-schema';
import { runCli } from './support/cli';
import { REPO_ROOT } from './support/clusters';
import { goldenCases } from './support/golden';
import { tempDir } from './support/tree';

const COMMITTED = path.join(REPO_ROOT, 'schema', 'cluster.schema.json');
const yamlFiles = (dir: string) =>
  fs
    .readdirSync(path.join(REPO_ROOT, dir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(dir, f));
const goldenInputs = () => goldenCases().flatMap((c) => yamlFiles(path.join('test', 'golden', c, 'clusters')));
/** Every cluster file we ship or test against as valid. */
const VALID_FILES = [...yamlFiles('clusters'), ...yamlFiles(path.join('schema', 'examples')), ...goldenInputs()];

let compiled: ReturnType<Ajv2020['compile']> | undefined;
function validator() {
  // strict: an unknown keyword or a malformed schema is an error, not ignored.
  compiled ??= new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(fs.readFileSync(COMMITTED, 'utf8')));
  return compiled;
}

/** A parsed cluster file or JSON Schema node: arbitrary JSON, read field by field in these tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary parsed YAML/JSON, checked by the assertions
type JsonNode = Record<string, any>;
const readYaml = (file: string) => parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')) as JsonNode;

describe('schema/cluster.schema.json', () => {
  test('GIVEN the zod schema and the examples WHEN the JSON Schema is generated THEN it equals the committed file', () => {
    // On failure: node build/ack-hybrid.js schema > schema/cluster.schema.json, review, commit.
    expect(renderJsonSchema()).toBe(fs.readFileSync(COMMITTED, 'utf8'));
  });

  test('GIVEN the built CLI WHEN `ack-hybrid schema` runs THEN it prints the committed file', () => {
    const result = runCli(['schema']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(fs.readFileSync(COMMITTED, 'utf8'));
  });

  test.each(VALID_FILES)('GIVEN %s WHEN checked with the JSON Schema (ajv, draft 2020-12) THEN it is valid', (file) => {
    const validate = validator();
    expect(validate(readYaml(file))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  test.each(yamlFiles(path.join('schema', 'examples')))('GIVEN the example %s WHEN loaded THEN the loader accepts it too', (file) => {
    const result = parseClusterFile(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
    expect(result.problems).toEqual([]);
  });

  test.each([
    ['at the top', (c: JsonNode) => ({ ...c, nodepools: [] }), ''],
    ['in a nested object', (c: JsonNode) => ({ ...c, onPrem: { ...c.onPrem, calico: { instal: 'operator' } } }), '/onPrem/calico'],
    [
      'in a list item',
      (c: JsonNode) => ({ ...c, cloud: { ...c.cloud, podVSwitches: [{ ...c.cloud.podVSwitches[0], zoneId: 'x' }] } }),
      '/cloud/podVSwitches/0',
    ],
  ])('GIVEN a valid file with a misspelt key %s WHEN checked THEN the JSON Schema refuses it', (_where, edit, instancePath) => {
    const validate = validator();
    expect(validate(edit(readYaml('clusters/idc-hangzhou.yaml')))).toBe(false);
    expect(validate.errors).toEqual([expect.objectContaining({ keyword: 'additionalProperties', instancePath })]);
  });

  test('GIVEN the schema WHEN its fields are listed THEN each has a description, and each that is not an object an example', () => {
    const missing: string[] = [];
    const walk = (node: JsonNode, at: string) => {
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, JsonNode>)) {
        const field = `${at}${key}`;
        if (!child.description) missing.push(`${field}: description`);
        // A discriminated union (credentials, tokenSource) is a choice of objects: its members' fields are checked.
        const options = (child.oneOf ?? child.anyOf ?? []) as JsonNode[];
        const union = options.length > 0 && options.every((option) => option.type === 'object');
        const holdsObjects = union || child.type === 'object' || (child.type === 'array' && child.items?.type === 'object');
        if (!holdsObjects && !Array.isArray(child.examples)) missing.push(`${field}: examples`);
        walk(child, `${field}.`);
        for (const option of union ? options : []) walk(option, `${field}.`);
        if (child.items) walk(child.items, `${field}[].`);
      }
    };
    walk(clusterJsonSchema(), '');
    expect(missing).toEqual([]);
  });

  test.each(VALID_FILES)('GIVEN %s WHEN opened in an editor THEN its first line points yaml-language-server at the committed schema', (file) => {
    const first = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')[0];
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(match).not.toBeNull();
    expect(path.resolve(REPO_ROOT, path.dirname(file), match![1])).toBe(COMMITTED);
  });

  test('GIVEN a cluster file written by init WHEN opened outside this repository THEN its first line names the schema of the published package version', () => {
    const clusters = tempDir('schema-init');
    const flags = [
      '--name',
      'idc-beijing',
      '--cluster-id',
      'c00000000000000000000000000000001',
      '--region',
      'cn-beijing',
      '--api-server',
      '192.168.1.10:6443',
      '--node-cidr',
      '192.168.1.0/24',
      '--pod-cidr',
      '10.100.0.0/16',
      '--service-cidr',
      '10.96.0.0/16',
      '--vpc-cidr',
      '10.0.0.0/12',
      '--node-vswitch',
      'vsw-node1:cn-beijing-a:10.1.0.0/24',
      '--pod-vswitch',
      'vsw-pod1:cn-beijing-a:10.1.1.0/24',
      '--security-group',
      'sg-one',
      '--kubernetes-version',
      '1.33.0',
      '--token-ram-role',
      'hybrid-node',
      '--script-url',
      'https://example.com/init-node-ecs.sh',
      '--ca-cert-hash',
      `sha256:${'ab'.repeat(32)}`,
      '--vpc-id',
      'none',
    ];
    expect(runCli(['init', '--clusters', clusters, ...flags]).status).toBe(0);
    const text = fs.readFileSync(path.join(clusters, 'idc-beijing.yaml'), 'utf8');
    // A path relative to the file, to this package's schema: editors load it offline (the package is not on npm).
    const line = text.split('\n')[0];
    expect(line).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+.*schema\/cluster\.schema\.json$/);
    const ref = line.replace('# yaml-language-server: $schema=', '');
    expect(fs.readFileSync(path.resolve(clusters, ref), 'utf8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'cluster.schema.json'), 'utf8'));
    expect(validator()(parse(text))).toBe(true);
  });
});

describe('patterns for editors', () => {
  /** Every `pattern` of the schema, with its path. */
  function patterns(node: unknown, at: string, found: [string, string][] = []): [string, string][] {
    if (Array.isArray(node)) node.forEach((child, i) => patterns(child, `${at}[${i}]`, found));
    else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'pattern' && typeof child === 'string') found.push([at, child]);
        else patterns(child, `${at}.${key}`, found);
      }
    }
    return found;
  }

  test('GIVEN the schema THEN formats checked by one regular expression carry it as a pattern that compiles without the u flag', () => {
    const all = patterns(clusterJsonSchema(), '');
    expect(all.length).toBeGreaterThan(30);
    for (const [, source] of all) expect(() => new RegExp(source)).not.toThrow();
  });

  test.each([
    ['clusterId', ['clusterId'], 'C0A1'],
    ['a pod vSwitch ID', ['cloud', 'podVSwitches', 0, 'id'], 'vsw_bad'],
    ['the Argo CD namespace', ['gitops', 'argocd', 'namespace'], 'Argo'],
  ])('GIVEN %s that validate refuses THEN the editor schema refuses it too', (_, at, value) => {
    const doc = parse(fs.readFileSync(path.join(REPO_ROOT, 'clusters', 'idc-hangzhou.yaml'), 'utf8')) as Record<string, unknown>;
    let node: Record<string | number, unknown> = doc;
    for (const key of at.slice(0, -1)) node = (node[key] ??= {}) as Record<string | number, unknown>;
    node[at[at.length - 1]] = value;
    expect(validator()(doc)).toBe(false);
    expect(parseClusterFile('c.yaml', JSON.stringify(doc)).problems.length).toBeGreaterThan(0);
  });
});
