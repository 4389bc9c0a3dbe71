/**
 * The built command line, run as users run it (`npm test` builds it first).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { githubAnnotation } from '../src/cli/report-format';
import { readTree } from '../src/output/write';
import { CLI, CliResult, copyOfExampleSynth, hintProgram, runCli } from './support/cli';
import { clustersDir, editedExample, exampleYaml, renamedExample, REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';

describe('synth', () => {
  test('writes the example and says so in one line', () => {
    const out = path.join(tempDir(), 'dist');
    const result = runCli(['synth', '--clusters', 'clusters', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    // The files of the cluster; the manifest that lists them is not counted.
    const files = readTree(path.join(REPO_ROOT, 'dist'))!.size - 1;
    expect(result.stdout).toMatch(new RegExp(`^synthesized 1 cluster \\(${files} files\\) into .*dist: updated\n$`));
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
  });

  test('gives the same bytes in any time zone, locale and working directory', () => {
    const a = path.join(tempDir(), 'dist');
    const b = path.join(tempDir(), 'dist');
    const ra = runCli(['synth', '--clusters', path.join(REPO_ROOT, 'clusters'), '--out', a], {
      env: { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    });
    const rb = runCli(['synth', '--clusters', path.join(REPO_ROOT, 'clusters'), '--out', b], {
      cwd: tempDir(),
      env: { TZ: 'America/Adak', LANG: 'C', LC_ALL: 'C' },
    });
    // Both must succeed: two failures would leave two missing folders, which compare equal.
    expect([ra.status, ra.stderr, rb.status, rb.stderr]).toEqual([0, '', 0, '']);
    expect(readTree(a)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
    expect(readTree(b)).toEqual(readTree(a));
  });

  test('bad input: exit 2, every problem named, no stack trace, the output folder untouched', () => {
    // GIVEN a previous good output
    const out = path.join(tempDir(), 'dist');
    copyOfExampleSynth(out);
    const before = readTree(out);
    // WHEN a cluster file with two mistakes is synthesized into it
    const clusters = clustersDir({
      'idc-hangzhou.yaml': editedExample([
        [['cloud', 'vpcCidr'], '10.0.0.0/8'],
        [['region'], 'Hangzhou'],
      ]),
    });
    const result = runCli(['synth', '--clusters', clusters, '--out', out]);
    // THEN
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\S*idc-hangzhou\.yaml:6:9: region: found "Hangzhou"; allowed: an Alibaba Cloud region ID/);
    expect(lines[1]).toMatch(/idc-hangzhou\.yaml:10:12: onPrem\.podCidr: found "10\.100\.0\.0\/16", which lies inside cloud\.vpcCidr "10\.0\.0\.0\/8"/);
    expect(lines[3]).toBe('error: 3 problems in 1 file');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readTree(out)).toEqual(before);
  });

  test('a cluster whose file is removed disappears from the output', () => {
    const out = path.join(tempDir(), 'dist');
    // Another cluster: its own name, ACK cluster ID and script URL (a folder may share none of them).
    const second = exampleYaml()
      .replace('name: idc-hangzhou', 'name: idc-second')
      .replace('path: dist/idc-hangzhou', 'path: dist/idc-second\n  argocd:\n    destinationServer: https://idc-second.k8s.example.com:6443')
      .replace(/clusterId: .*/, `clusterId: c${'2'.repeat(32)}`)
      .replace('/init-node-ecs.sh', '/idc-second/init-node-ecs.sh');
    expect(runCli(['synth', '--clusters', clustersDir({ 'a.yaml': exampleYaml(), 'b.yaml': second }), '--out', out]).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['ack-hybrid-manifest.txt', 'gitops', 'idc-hangzhou', 'idc-second']);
    expect(runCli(['synth', '--clusters', clustersDir({ 'a.yaml': exampleYaml() }), '--out', out]).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['ack-hybrid-manifest.txt', 'gitops', 'idc-hangzhou']);
    expect(fs.readdirSync(path.join(out, 'gitops')).sort()).toEqual(['applicationset.argocd.ack-hybrid.yaml', 'idc-hangzhou', 'kustomization.yaml']);
  });

  test('an unchanged output is left alone', () => {
    // GIVEN the output of a synth of the example
    const out = path.join(tempDir(), 'dist');
    copyOfExampleSynth(out);
    // WHEN synth runs again THEN it says so and exits 0
    const result = runCli(['synth', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/: already up to date\n$/);
  });

  test('refuses to replace a folder holding files it did not write', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const result = runCli(['synth', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /refusing to replace .*: it holds "notes\.txt", which ack-hybrid cannot tell it wrote \(the folder has no ack-hybrid-manifest\.txt from an earlier synth\)/,
    );
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('refuses an output folder that contains the working directory', () => {
    const cwd = tempDir();
    fs.cpSync(path.join(REPO_ROOT, 'clusters'), path.join(cwd, 'clusters'), { recursive: true });
    const result = runCli(['synth', '--out', '.'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/refusing to write into .*: it contains the working directory/);
    expect(fs.readdirSync(cwd)).toEqual(['clusters']);
  });

  test('puts back an output folder left by a run killed between its two renames', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    copyOfExampleSynth(out);
    const before = readTree(out);
    fs.renameSync(out, path.join(parent, '.dist.ack-hybrid-old'));
    expect(runCli(['synth', '--out', out]).stdout).toMatch(/already up to date/);
    expect(readTree(out)).toEqual(before);
    expect(fs.existsSync(path.join(parent, '.dist.ack-hybrid-old'))).toBe(false);
  });
});

describe('validate', () => {
  test('writes nothing', () => {
    const out = path.join(tempDir(), 'dist');
    const result = runCli(['validate', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('1 cluster file valid: clusters/idc-hangzhou.yaml\n');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a missing clusters folder is a clear error', () => {
    const result = runCli(['validate', '--clusters', 'no-such-folder']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `error: the clusters folder no-such-folder does not exist: pass --clusters DIR, a folder with one *.yaml file per cluster, or write the first with: ${hintProgram()} init --clusters no-such-folder\n`,
    );
  });
});

/**
 * Runs that write nothing and whose output several tests below read, each for its own assertions: run once
 * per file (a run is a child process), by the first test that asks.
 */
const readOnlyRuns = new Map<string, CliResult>();
function runReadOnly(args: readonly string[]): CliResult {
  const key = JSON.stringify(args);
  if (!readOnlyRuns.has(key)) readOnlyRuns.set(key, runCli(args));
  return readOnlyRuns.get(key)!;
}

describe('usage', () => {
  test('--help lists the commands', () => {
    const result = runReadOnly(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ack-hybrid synth/);
    expect(result.stdout).toMatch(/ack-hybrid validate/);
  });

  test('an unknown command or flag exits 2 with a pointer to --help', () => {
    for (const args of [['synthesize'], ['synth', '--outdir', 'x'], []]) {
      const result = runReadOnly(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/Run 'ack-hybrid --help'/);
    }
  });
});

describe('command-line conventions', () => {
  test('GIVEN --version or -V WHEN run THEN the package version is printed and it exits 0', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(runCli([flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  test("GIVEN -h or help <command> WHEN run THEN the command's help is printed, the same as --help", () => {
    const long = runCli(['synth', '--help']);
    expect(long.status).toBe(0);
    expect(long.stdout).toContain('--cluster');
    expect(runCli(['synth', '-h'])).toEqual(long);
    expect(runCli(['help', 'synth'])).toEqual(long);
    expect(runCli(['help']).stdout).toBe(runReadOnly(['--help']).stdout);
  });

  test('GIVEN a mistyped command WHEN run THEN it exits 2 suggesting the closest command', () => {
    for (const [typo, meant] of [
      ['synthesize', 'synth'],
      ['vaildate', 'validate'],
      ['chekc', 'check'],
    ]) {
      const result = runReadOnly([typo]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`error: unknown command "${typo}" (did you mean "${meant}"?)`);
    }
  });

  test('GIVEN a mistyped flag WHEN run THEN it exits 2 suggesting a flag of that command', () => {
    expect(runReadOnly(['synth', '--outdir', 'x']).stderr).toMatch(/^error: unknown argument "outdir" \(did you mean --out\?\)\n/);
    expect(runCli(['diff', '--nameonly']).stderr).toMatch(/^error: unknown argument "nameonly" \(did you mean --name-only\?\)\n/);
    const init = runCli(['init', '--regoin', 'cn-beijing']);
    expect(init.status).toBe(2);
    expect(init.stderr).toMatch(/^error: unknown argument "regoin" \(did you mean --region\?\)\n/);
  });

  test('GIVEN --help WHEN printed THEN lines are wrapped at word boundaries: every sentence reads whole once the wrapping is undone', () => {
    // yargs' ESM build cut lines every 100 characters, mid-word ("writ\ne"); the CommonJS build wraps between words.
    const help = runReadOnly(['--help']).stdout;
    expect(help.split('\n').every((line) => line.length <= 100)).toBe(true);
    const unwrapped = help.replace(/\s+/g, ' ');
    expect(unwrapped).toContain('Write the bundle (YAML, node-init script, RAM policy, runbook) of every cluster into the output folder');
    expect(unwrapped).toContain('Show, per cluster and object, what synth would change in the output folder (exit 1 if anything)');
  });

  test('GIVEN completion --help WHEN run THEN the help of completion is printed, not the script', () => {
    for (const args of [
      ['completion', '--help'],
      ['help', 'completion'],
    ]) {
      const result = runCli(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Print a bash/zsh completion script');
      expect(result.stdout).not.toContain('###-begin-ack-hybrid-completions-###');
    }
  });

  test('GIVEN help for an unknown command WHEN run THEN it exits 2 naming the command and the closest one', () => {
    for (const args of [
      ['help', 'synthesize'],
      ['synthesize', '--help'],
    ]) {
      const result = runCli(args);
      expect(result).toMatchObject({ status: 2, stdout: '' });
      expect(result.stderr).toMatch(/^error: unknown command "synthesize" \(did you mean "synth"\?\)/);
    }
  });

  test('GIVEN an 80-column terminal WHEN help is printed THEN no example command is broken across lines', () => {
    // The width comes from the terminal (main.ts): a pseudo-terminal of 80 columns, made by python3's pty.
    const driver = String.raw`
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 80, 0, 0))
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8').replace('\r', ''))
`;
    for (const command of ['synth', 'validate', 'diff', 'check', 'init', 'seal', 'schema', 'completion']) {
      const help = spawnSync('python3', ['-c', driver, process.execPath, CLI, command, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const lines = help.stdout.split('\n');
      expect(lines.filter((line) => line.length > 80)).toEqual([]);
      const examples = lines.slice(lines.indexOf('Examples:') + 1).filter((line) => line.trim() !== '');
      expect(examples.length).toBeGreaterThan(0);
      // Each row is a comment, a whole command, or the continuation of a command that ends in "\".
      examples.forEach((line, i) => {
        const row = line.trim();
        const continued = i > 0 && examples[i - 1].trimEnd().endsWith('\\');
        if (!row.startsWith('#') && !continued) expect(`${command}: ${row}`).toMatch(new RegExp(`^${command}: (NO_COLOR=1 )?ack-hybrid ${command}\\b`));
      });
    }
  });

  test('GIVEN a flag without its value WHEN run THEN it is refused with exit 2 and names the flag', () => {
    for (const args of [
      ['synth', '--out'],
      ['diff', '--clusters', '--out', 'x'],
      ['check', '--cluster'],
      ['validate', '--output'],
    ]) {
      const result = runCli(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^error: --[a-z]+ needs a value/);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  });

  test('GIVEN stdout closed early (diff | head -c 100) WHEN diff writes on THEN it ends quietly: no stack trace, its own exit code', () => {
    const dir = tempDir('epipe');
    const fleet: Record<string, string> = {};
    for (const name of ['idc-a', 'idc-b', 'idc-c', 'idc-d']) fleet[`${name}.yaml`] = renamedExample(name);
    const clusters = clustersDir(fleet);
    // More than a pipe holds (64 KiB on Linux), so the writes after head exits do fail with EPIPE.
    expect(runCli(['diff', '--clusters', clusters, '--out', path.join(dir, 'none')]).stdout.length).toBeGreaterThan(128 * 1024);
    const script = `"${process.execPath}" "${CLI}" diff --clusters "${clusters}" --out "${path.join(dir, 'none')}" 2>"${dir}/err" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('1');
    expect(fs.readFileSync(path.join(dir, 'err'), 'utf8')).toBe('');
  });

  test('GIVEN a synth writing a fleet WHEN Ctrl-C (SIGINT) arrives THEN it exits 130 and leaves the output whole and nothing beside it', async () => {
    const parent = tempDir('sigint');
    const out = path.join(parent, 'dist');
    const fleet: Record<string, string> = {};
    for (let i = 0; i < 40; i++) fleet[`c${i}.yaml`] = renamedExample(`c${i}`);
    const clusters = clustersDir(fleet);
    const child = spawn(process.execPath, [CLI, 'synth', '--clusters', clusters, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once the writer holds its lock: the moment a kill would leave a temporary folder behind.
    let running = true;
    void exited.then(() => (running = false));
    while (running && !fs.existsSync(path.join(parent, '.dist.ack-hybrid-lock'))) await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(parent).filter((name) => name !== 'dist')).toEqual([]);
    // Whole or nothing: no folder, or every cluster's.
    if (fs.existsSync(out)) expect(fs.readdirSync(out).length).toBe(42); // 40 clusters, gitops/ and the manifest
  }, 60_000);

  test('GIVEN a diff (which writes nothing) WHEN Ctrl-C arrives THEN it ends at once by the signal, as the shell reports with 130', async () => {
    const fleet: Record<string, string> = {};
    for (let i = 0; i < 40; i++) fleet[`c${i}.yaml`] = renamedExample(`c${i}`);
    const child = spawn(process.execPath, [CLI, 'diff', '--clusters', clustersDir(fleet), '--out', path.join(tempDir(), 'dist')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
    child.kill('SIGINT');
    // Not caught: a caught Ctrl-C would only act after the whole diff had been printed.
    expect(await ended).toEqual([null, 'SIGINT']);
    expect(stdout).not.toContain('would change');
  }, 60_000);

  test('GIVEN completion WHEN run THEN a shell script is printed, and it completes command names', () => {
    const script = runCli(['completion']);
    expect(script.status).toBe(0);
    expect(script.stdout).toContain('--get-yargs-completions');
    expect(runCli(['--get-yargs-completions', 'syn']).stdout.split('\n')).toContain('synth');
  });
});

describe('cluster files as arguments, --cluster', () => {
  test('GIVEN cluster files as arguments WHEN validated THEN only they are checked, from any folder', () => {
    const good = clustersDir({ 'a.yaml': exampleYaml() });
    const bad = clustersDir({ 'b.yaml': exampleYaml().replace('region: cn-hangzhou', 'region: Hangzhou') });
    expect(runCli(['validate', path.join(good, 'a.yaml')])).toMatchObject({ status: 0, stdout: `1 cluster file valid: ${path.join(good, 'a.yaml')}\n` });
    const result = runCli(['validate', path.join(good, 'a.yaml'), path.join(bad, 'b.yaml')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${path.join(bad, 'b.yaml')}:`);
    expect(result.stderr).not.toContain('a.yaml');
  });

  test("GIVEN a fleet WHEN synth --cluster a runs THEN only a's files change; b's and the shared bootstrap stay byte for byte", () => {
    const second = (text: string) => renamedExample('idc-second', text);
    const clusters = clustersDir({ 'a.yaml': exampleYaml(), 'b.yaml': second(exampleYaml()) });
    const out = path.join(tempDir(), 'dist');
    expect(runCli(['synth', '--clusters', clusters, '--out', out]).status).toBe(0);
    const before = readTree(out)!;
    for (const file of ['a.yaml', 'b.yaml']) {
      fs.writeFileSync(path.join(clusters, file), fs.readFileSync(path.join(clusters, file), 'utf8').replace('maxPoolSize: 5', 'maxPoolSize: 9'));
    }
    const result = runCli(['synth', '--clusters', clusters, '--out', out, '--cluster', 'idc-hangzhou']);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^synthesized 1 cluster of 2 \(\d+ files\) into .*: updated\n$/);
    const after = readTree(out)!;
    const changed = [...after.keys()].filter((file) => after.get(file) !== before.get(file));
    expect(changed).toEqual(['idc-hangzhou/configmap.kube-system.eni-config.yaml']);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
    // The whole folder again: now b changes too.
    expect(runCli(['check', '--clusters', clusters, '--out', out, '--cluster', 'idc-hangzhou']).status).toBe(0);
    expect(runCli(['check', '--clusters', clusters, '--out', out]).status).toBe(1);
  });
});

describe('synth of a selection and the shared bootstrap files', () => {
  test('GIVEN a cluster added to a synthesized fleet WHEN synth --cluster NEW runs THEN it warns that the shared gitops/ files are stale, naming them and the full synth; after a full synth, no warning', () => {
    const clusters = clustersDir({ 'a.yaml': exampleYaml() });
    const out = path.join(tempDir(), 'dist');
    expect(runCli(['synth', '--clusters', clusters, '--out', out]).status).toBe(0);
    const shared = fs.readdirSync(path.join(out, 'gitops')).filter((f) => fs.statSync(path.join(out, 'gitops', f)).isFile());
    expect(shared.length).toBeGreaterThan(0);
    fs.writeFileSync(path.join(clusters, 'b.yaml'), renamedExample('idc-second'));

    const result = runCli(['synth', '--clusters', clusters, '--out', out, '--cluster', 'idc-second']);
    expect(result.status).toBe(0);
    const full = `${hintProgram()} synth --clusters ${path.relative(REPO_ROOT, clusters)} --out ${path.relative(REPO_ROOT, out)}`;
    const files = shared.map((f) => path.join(out, 'gitops', f)).join(', ');
    expect(result.stderr).toContain(`warning: ${files}: shared by every cluster and left as`);
    expect(result.stderr).toContain(`'${full}' (without --cluster) refreshes them\n`);

    expect(runCli(['synth', '--clusters', clusters, '--out', out]).status).toBe(0);
    expect(runCli(['synth', '--clusters', clusters, '--out', out, '--cluster', 'idc-second'])).toMatchObject({ status: 0, stderr: '' });
  });
});

describe('--output github', () => {
  test('GIVEN workflow-command characters WHEN escaped THEN % CR LF in the message, and also : , in properties, as actions/toolkit does', () => {
    expect(githubAnnotation('error', 'a%b\r\nc: d, e', { file: 'dir/a,b:c.yaml', line: 3, col: 5, title: 'x' })).toBe(
      '::error file=dir/a%2Cb%3Ac.yaml,line=3,col=5,title=x::a%25b%0D%0Ac: d, e',
    );
    expect(githubAnnotation('error', 'whole file', { file: 'a.yaml', line: 0, col: 0 })).toBe('::error file=a.yaml::whole file');
  });

  test('GIVEN an invalid cluster file WHEN validated with --output github THEN each problem is an ::error on its line and column, exit 2', () => {
    const clusters = clustersDir({ 'idc-hangzhou.yaml': editedExample([[['region'], 'Hangzhou']]) });
    const cwd = path.dirname(clusters);
    const result = runCli(['validate', '--clusters', path.basename(clusters), '--output', 'github'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(
      new RegExp(
        `^::error file=${path.basename(clusters)}/idc-hangzhou\\.yaml,line=6,col=9,title=region::found "Hangzhou"; allowed: an Alibaba Cloud region ID`,
      ),
    );
    expect(result.stderr).toBe('error: 1 problem in 1 file\n');
  });

  test('GIVEN valid files WHEN validated with --output json THEN the clusters are listed and problems is empty', () => {
    const result = runCli(['validate', '--output', 'json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      clusters: [{ name: 'idc-hangzhou', file: 'clusters/idc-hangzhou.yaml' }],
      problems: [],
      warnings: [],
    });
  });
});
