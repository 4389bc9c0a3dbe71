/**
 * The command line, round 3 of hostile input: file names after `--`, help for a command that does not
 * exist, paths with line breaks or invisible characters, init writing what validate refuses, and diff on
 * a Secret-shaped file hand-edited into the output folder. Each: exit 2 (or the diff's 1) with a message,
 * never a stack trace, nothing written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { crashLines, runCli } from './support/cli';
import { exampleClusters, exampleYaml } from './support/clusters';
import { runMain } from './support/main';
import { cleanTempDirs, snapshotTree, tempDir } from './support/tree';

jest.setTimeout(60_000);
afterAll(cleanTempDirs);

function workspace(synthesized = false): string {
  const root = tempDir('cli-hostile');
  exampleClusters(root);
  if (synthesized) expect(runMain(root, ['synth']).code).toBe(0);
  return root;
}

describe('file names after --', () => {
  test.each([['validate'], ['synth'], ['diff'], ['check']])(
    'GIVEN %s -- missing.yaml THEN the file is named and refused, not dropped (exit 2, nothing written)',
    (command) => {
      const root = workspace();
      const before = snapshotTree(root);
      const result = runMain(root, [command, '--', 'missing.yaml']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('missing.yaml');
      expect(snapshotTree(root)).toEqual(before);
    },
  );

  test('GIVEN validate -- with a file name that starts with "-" THEN it is taken as a file (and refused by its name), not as a flag', () => {
    const root = workspace();
    fs.writeFileSync(path.join(root, '-odd.yaml'), exampleYaml());
    const result = runMain(root, ['validate', '--', '-odd.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      '"-odd.yaml": found a file name with characters other than letters, digits, ".", "_" and "-"; allowed: a cluster file named like idc-hangzhou.yaml: letters, digits, ".", "_", "-", starting with a letter or digit; rename the file',
      'error: 1 problem in 1 file',
    ]);
  });

  test('GIVEN a command that takes no files, with arguments after -- THEN it is a usage error', () => {
    const result = runMain(workspace(), ['init', '--', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: init takes no arguments after "--"; found "x"\nRun \'ack-hybrid --help\' for the commands and their options.');
  });
});

describe('help for a command that does not exist', () => {
  test.each([[['help', 'synthesize']], [['synthesize', '--help']], [['synthesize', '-h']]])(
    'GIVEN %j THEN exit 2, naming the command and the closest one',
    (args) => {
      const result = runCli(args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'error: unknown command "synthesize" (did you mean "synth"?); the commands are synth, validate, diff, check, init, seal, help, completion, schema\n' +
          "Run 'ack-hybrid --help' for the commands and their options.\n",
      );
    },
  );
});

describe('paths with line breaks or invisible characters', () => {
  test.each([
    ['synth', '--out', 'dist\nclusters/idc-hangzhou.yaml:1:1: name: found nothing; allowed: anything'],
    ['diff', '--out', 'di\u202est'],
    ['validate', '--clusters', 'clusters\u200b'],
    ['init', '--file', 'clusters/a\u{e0041}.yaml'],
    ['validate', 'clusters/idc-hangzhou.yaml\r'],
  ])('GIVEN %s %s %j THEN exit 2 with the character escaped, on one line, nothing written', (...args) => {
    const root = workspace();
    const before = snapshotTree(root);
    const result = runMain(root, args);
    expect(result.code).toBe(2);
    const [first, ...rest] = result.stderr.split('\n');
    expect(first).toMatch(
      /^error: (--out|--clusters|--file|a file argument): found "[^\n]*"; allowed: a path with no control, invisible or reordering characters \(\\(n|u\{?[0-9a-f]+\}?|r) at character [0-9]+ is invisible or reorders the text: delete it\)$/,
    );
    expect(rest).toEqual(["Run 'ack-hybrid --help' for the commands and their options."]);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('init writes only what validate accepts', () => {
  const HASH = `sha256:${'ab'.repeat(32)}`;
  const flags = (name: string, id: string, url: string) => [
    '--interactive',
    'false',
    '--vpc-id',
    'none',
    '--name',
    name,
    '--cluster-id',
    id,
    '--region',
    'ap-southeast-1',
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
    'vsw-node1:ap-southeast-1a:10.1.0.0/24',
    '--pod-vswitch',
    'vsw-pod1:ap-southeast-1a:10.1.1.0/24',
    '--security-group',
    'sg-one',
    '--script-url',
    url,
    '--ca-cert-hash',
    HASH,
    '--token-ram-role',
    'HybridNodeRole',
  ];
  const EXAMPLE_ID = 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9';
  const EXAMPLE_URL = 'https://example-bucket.oss-cn-hangzhou-internal.aliyuncs.com/init-node-ecs.sh';

  test('GIVEN another cluster file of the folder with the same clusterId and scriptUrl WHEN init runs THEN exit 2 naming both, nothing written, and validate still passes', () => {
    const root = workspace();
    const before = snapshotTree(root);
    const result = runMain(root, ['init', ...flags('idc-second', EXAMPLE_ID, EXAMPLE_URL)]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      `clusters/idc-second.yaml:4:12: clusterId: found "${EXAMPLE_ID}", already the clusterId of cluster "idc-hangzhou" in clusters/idc-hangzhou.yaml:5; allowed: a clusterId no other file in the folder uses: one file per ACK cluster`,
      expect.stringMatching(
        /^clusters\/idc-second\.yaml:[0-9]+:[0-9]+: nodeInit\.scriptUrl: found "https:\/\/example-bucket\.oss-cn-hangzhou-internal\.aliyuncs\.com…", already the scriptUrl of cluster "idc-hangzhou" in clusters\/idc-hangzhou\.yaml:[0-9]+; allowed: /,
      ),
      'error: 2 problems with the other cluster files; nothing written',
    ]);
    expect(snapshotTree(root)).toEqual(before);
    expect(runMain(root, ['validate']).code).toBe(0);
  });

  test.each([['clusters/my cluster.yaml'], ['clusters/idc.txt'], ['clusters/.hidden.yaml']])(
    'GIVEN --file %j, a name validate refuses or skips THEN exit 2, nothing written',
    (file) => {
      const root = workspace();
      const before = snapshotTree(root);
      const result = runMain(root, ['init', '--file', file, ...flags('idc-second', `c${'2'.repeat(32)}`, 'https://b.example.com/second/init-node-ecs.sh')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `error: --file: found ${JSON.stringify(path.basename(file))}, a name validate and synth refuse; allowed: a cluster file named like idc-hangzhou.yaml: letters, digits, ".", "_", "-", starting with a letter or digit`,
      );
      expect(snapshotTree(root)).toEqual(before);
    },
  );
});

describe('diff on a Secret-shaped file written into the output folder by hand', () => {
  const DATA = 'c3VwZXItc2VjcmV0LXZhbHVl'; // base64 of a value that is not credential-shaped: only the redaction hides it

  test.each([
    ['a Secret that does not parse', 'idc-hangzhou/extra.yaml', `apiVersion: v1\nkind: Secret\ndata:\n  value: ${DATA}\n  bad: [unclosed\n`],
    ['a Secret under a name that is not YAML', 'idc-hangzhou/notes.txt', `kind: Secret\ndata:\n  value: ${DATA}\n`],
    ['a Secret in JSON', 'idc-hangzhou/extra.json', `{"apiVersion": "v1", "kind": "Secret", "data": {"value": "${DATA}"}}\n`],
    ['a YAML file that does not parse, kind hidden in an escape', 'idc-hangzhou/other.yaml', `kind: "Secr\\x65t"\ndata:\n  value: ${DATA}\n  bad: [unclosed\n`],
  ])('GIVEN %s WHEN diff runs (text and json) THEN its data is not printed', (_what, file, text) => {
    const root = workspace(true);
    fs.writeFileSync(path.join(root, 'dist', file), text);
    for (const output of ['text', 'json']) {
      const result = runMain(root, ['diff', '--output', output]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(file);
      expect(`${result.stdout}\n${result.stderr}`).not.toContain(DATA);
      expect(crashLines(result.stderr)).toEqual([]);
    }
  });
});
