/**
 * The error catalog: one bad input per folder under test/catalog/<case>/, each its own test.
 *
 *   clusters/        the clusters folder as the user has it (absent: the folder is missing)
 *   expected.txt     exactly what ack-hybrid prints on stderr
 *
 * Every case must exit with 2, print one line per problem (file:line:col: field: found …; allowed: …),
 * no stack trace, and leave the output folder, a previous good synth, unchanged byte for byte.
 * All cases run in process through main(); a representative set also runs the built CLI, which is
 * where a stack trace or a half-written folder would show. CATALOG_CLI=all runs every case there.
 * After an intended change of messages: UPDATE_CATALOG=1 npx jest test/catalog.test.ts, then review.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_FILE_BYTES } from '../src/config/source';
import { crashLines, hintProgram, runCliAsync } from './support/cli';
import { MainResult, runMain } from './support/main';
import { cleanTempDirs, snapshotTree, tempDir } from './support/tree';

const CATALOG = path.join(__dirname, 'catalog');
const GOOD_DIST = path.join(__dirname, '..', 'dist');
const CASES = fs
  .readdirSync(CATALOG, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Inputs not worth committing: made in the temporary copy of the case. */
const GENERATED: Readonly<Record<string, (clusters: string) => void>> = {
  'file-too-large': (clusters) => {
    const line = '# padding: a cluster file is a few hundred lines, this one is over a megabyte\n';
    const text = `name: huge\n${line.repeat(Math.ceil(MAX_FILE_BYTES / line.length))}`;
    fs.writeFileSync(path.join(clusters, 'huge.yaml'), text.slice(0, MAX_FILE_BYTES + 1));
  },
  'file-dangling-symlink': (clusters) => {
    fs.symlinkSync(path.join(clusters, 'moved-away.yaml'), path.join(clusters, 'idc.yaml'));
  },
  // Git cannot hold these: FIFOs, links to devices, names with control characters.
  'file-fifo': (clusters) => mkfifo(path.join(clusters, 'idc.yaml')),
  'file-symlink-to-device': (clusters) => fs.symlinkSync('/dev/zero', path.join(clusters, 'idc.yaml')),
  'file-name-control-characters': (clusters) => {
    fs.writeFileSync(path.join(clusters, 'idc\nerror: 0 problems in 0 files\rx.yaml'), 'name: a\n');
    fs.writeFileSync(path.join(clusters, '\u001b[2J\u001b[31mred.yaml'), 'name: b\n');
  },
  'certificate-symlink-to-device': (clusters) => {
    fs.mkdirSync(path.join(clusters, 'certs'));
    fs.symlinkSync('/dev/zero', path.join(clusters, 'certs', 'sealed-secrets.pem'));
  },
  // A key pair made here: a private key is never committed, not even a throwaway one.
  'certificate-private-key': (clusters) => {
    fs.mkdirSync(path.join(clusters, 'certs'));
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path.join(clusters, 'certs', 'sealed-secrets.pem')], {
      stdio: 'ignore',
    });
  },
  'certificate-weak-key': (clusters) => {
    fs.mkdirSync(path.join(clusters, 'certs'));
    const [key, cert] = ['weak.key', 'sealed-secrets.pem'].map((name) => path.join(clusters, 'certs', name));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=sealed-secret', '-days', '2'], {
      stdio: 'ignore',
    });
  },
  'certificate-fifo': (clusters) => {
    fs.mkdirSync(path.join(clusters, 'certs'));
    mkfifo(path.join(clusters, 'certs', 'sealed-secrets.pem'));
  },
};

/** Node has no mkfifo(); coreutils' does it. */
function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** One of each kind of failure: YAML, file, schema, plan, several files, folder. */
const CLI_CASES = new Set([
  'yaml-tab-indentation',
  'yaml-alias-bomb',
  'file-empty',
  'file-binary',
  'file-too-large',
  'type-version-as-number',
  'unknown-keys-everywhere',
  'overlap-guide-example',
  'url-credentials',
  'duplicate-names-across-files',
  'problems-in-several-files',
  'folder-missing',
  'file-fifo',
  'file-symlink-to-device',
  'file-name-control-characters',
  'terminal-escapes-in-keys-and-values',
  'secret-signed-oss-url-v1',
  'certificate-fifo',
]);

// A file name or key with unusual characters is quoted (JSON), so the separators stay unambiguous.
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
// A warning (a valid file's, printed beside the errors) is marked after its location, as compilers mark theirs.
const PROBLEM_LINE = new RegExp(`^clusters/(?:[^:" ]+|${QUOTED})(:[1-9][0-9]*:[1-9][0-9]*)?: (warning: )?((?:[^ "]|${QUOTED})+: )?found .+; allowed: .+$`);
const SUMMARY_LINE = /^error: ([1-9][0-9]*) problems? in [1-9][0-9]* files?(?: \(and ([1-9][0-9]*) warnings?\))?$/;
const FOLDER_LINE = /^error: (the clusters folder|no cluster files in) clusters\b.*$/;
/** Problems about a file as a whole have no line and column. */
const WHOLE_FILE =
  /^found (an empty file|only comments|an empty document|binary data|a file of [0-9]+ bytes|a file that cannot be read|YAML that cannot be expanded|a FIFO|a character device|a file name with)/;

interface Workspace {
  readonly root: string;
  readonly expected: string;
}

/** A temporary working directory with the case's clusters folder and, in dist/, a previous good synth. */
function workspace(name: string): Workspace {
  const root = tempDir(name);
  const source = path.join(CATALOG, name, 'clusters');
  if (fs.existsSync(source)) fs.cpSync(source, path.join(root, 'clusters'), { recursive: true, verbatimSymlinks: true });
  GENERATED[name]?.(path.join(root, 'clusters'));
  fs.cpSync(GOOD_DIST, path.join(root, 'dist'), { recursive: true, preserveTimestamps: true });
  const expectedFile = path.join(CATALOG, name, 'expected.txt');
  return { root, expected: fs.existsSync(expectedFile) ? fs.readFileSync(expectedFile, 'utf8') : '' };
}

function runInProcess(root: string): MainResult {
  const result = runMain(root, ['synth', '--clusters', 'clusters', '--out', 'dist']);
  // As a terminal shows it: each line ends with a newline.
  return { ...result, stderr: result.stderr === '' ? '' : `${result.stderr}\n` };
}

/** The catalog's promise about the text: one well-formed line per problem, then the count. */
function expectWellFormed(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  if (lines.length === 1 && FOLDER_LINE.test(lines[0])) return;
  const summary = SUMMARY_LINE.exec(lines[lines.length - 1]);
  expect(summary).not.toBeNull();
  const problems = lines.slice(0, -1);
  expect(problems).toHaveLength(Number(summary![1]) + Number(summary![2] ?? 0));
  expect(problems.filter((line) => / warning: /.test(line.replace(/found .*/, '')))).toHaveLength(Number(summary![2] ?? 0));
  for (const line of problems) {
    expect(line).toMatch(PROBLEM_LINE);
    const located = new RegExp(`^clusters/(?:[^:" ]+|${QUOTED}):[0-9]+:[0-9]+: `).test(line);
    const rest = line.replace(new RegExp(`^clusters/(?:[^:" ]+|${QUOTED})(:[0-9]+:[0-9]+)?: `), '');
    if (!located) expect(rest).toMatch(WHOLE_FILE);
  }
}

// Child processes share the machine with the other test files: allow for a slow one.
jest.setTimeout(30_000);
afterAll(cleanTempDirs);

test('the catalog has at least 45 cases, each with its expected output', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(45);
  if (process.env.UPDATE_CATALOG) return;
  expect(CASES.filter((name) => !fs.existsSync(path.join(CATALOG, name, 'expected.txt')))).toEqual([]);
  expect([...CLI_CASES].filter((name) => !CASES.includes(name))).toEqual([]);
});

describe.each(CASES)('catalog case %s', (name) => {
  test('exit code 2, exactly the expected lines, output folder untouched (in process)', () => {
    // GIVEN the bad input next to the output of a previous good synth
    const { root, expected } = workspace(name);
    const before = snapshotTree(root);
    // WHEN synth runs
    const result = runInProcess(root);
    if (process.env.UPDATE_CATALOG) fs.writeFileSync(path.join(CATALOG, name, 'expected.txt'), result.stderr);
    // THEN it refuses with the catalog's message, and nothing on disk has changed
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(expected);
    expectWellFormed(result.stderr);
    expect(snapshotTree(root)).toEqual(before);
  });

  if (CLI_CASES.has(name) || process.env.CATALOG_CLI === 'all') {
    test('the same through the built CLI, without a stack trace', async () => {
      const { root, expected } = workspace(name);
      const before = snapshotTree(root);
      const result = await runCliAsync(['synth', '--clusters', 'clusters', '--out', 'dist'], { cwd: root });
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      // A hint names the command as it was run: the built CLI here, `ack-hybrid` in process.
      expect(result.stderr.split(hintProgram(root)).join('ack-hybrid')).toBe(expected);
      expect(crashLines(result.stderr)).toEqual([]);
      expect(snapshotTree(root)).toEqual(before);
    });
  }
});

test('docs/errors.md shows catalog cases exactly as ack-hybrid prints them', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'docs', 'errors.md'), 'utf8');
  for (const name of ['type-version-as-number', 'unknown-key-wrong-case']) {
    expect(readme).toContain(`\`\`\`text\n${fs.readFileSync(path.join(CATALOG, name, 'expected.txt'), 'utf8')}\`\`\``);
  }
});

describe('bad output folders', () => {
  test.each([
    ['a file', 'notes.txt', /^error: refusing to write into notes\.txt: it is a file, not a folder; choose an output folder, such as dist$/],
    ['the working directory', '.', /^error: refusing to write into .*: it contains the working directory; choose an output folder of its own, such as dist$/],
  ])('--out naming %s is refused with exit 2, and nothing changes', (_what, out, message) => {
    const root = tempDir('bad-out');
    fs.cpSync(path.join(__dirname, '..', 'clusters'), path.join(root, 'clusters'), { recursive: true });
    fs.writeFileSync(path.join(root, 'notes.txt'), 'not an output folder\n');
    const before = snapshotTree(root);
    const { code, stderr } = runMain(root, ['synth', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(snapshotTree(root)).toEqual(before);
  });
});
