/**
 * bin/ack-hybrid.js, the installed command: runs the bundle exactly as `node build/ack-hybrid.js` does
 * (output, exit codes), with V8's code cache in the user's cache folder (issue 14, item 8). Start-up time
 * itself is measured by `npm run bench`, never here.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './support/clusters';
import { tempDir } from './support/tree';

const LAUNCHER = path.join(REPO_ROOT, 'bin', 'ack-hybrid.js');
const BUNDLE = path.join(REPO_ROOT, 'build', 'ack-hybrid.js');

function run(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ACK_HYBRID_NO_CACHE: '', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

/** What the bundle itself gives for `args`, which the launcher must give too: run once per argument list. */
const bundleRuns = new Map<string, ReturnType<typeof run>>();
function bundle(args: readonly string[]): ReturnType<typeof run> {
  const key = JSON.stringify(args);
  if (!bundleRuns.has(key)) bundleRuns.set(key, run(BUNDLE, args));
  return bundleRuns.get(key)!;
}

describe('bin/ack-hybrid.js', () => {
  test('GIVEN an empty cache folder WHEN the command runs twice THEN both runs print what the bundle prints, and one cache file of this build and Node is written, private to the user', () => {
    const cache = tempDir('launcher');
    const expected = bundle(['validate']);
    expect(run(LAUNCHER, ['validate'], { XDG_CACHE_HOME: cache })).toEqual(expected);
    const build = /^#![^\n]*\n\/\/ ack-hybrid build ([0-9a-f]+)\n/.exec(fs.readFileSync(BUNDLE, 'utf8'))![1];
    const dir = path.join(cache, 'ack-hybrid');
    expect(cacheFiles(dir)).toEqual([`${build}-${process.version}-${process.arch}.v8cache`]);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, cacheFiles(dir)[0])).mode & 0o777).toBe(0o600);
    const written = fs.statSync(path.join(dir, cacheFiles(dir)[0])).mtimeMs;
    expect(run(LAUNCHER, ['validate'], { XDG_CACHE_HOME: cache })).toEqual(expected);
    // Accepted, so not written again.
    expect(fs.statSync(path.join(dir, cacheFiles(dir)[0])).mtimeMs).toBe(written);
  });

  test('GIVEN a corrupt cache file WHEN the command runs THEN V8 refuses it, the run is unaffected and the cache is rewritten', () => {
    const cache = tempDir('launcher');
    run(LAUNCHER, ['validate'], { XDG_CACHE_HOME: cache });
    const file = path.join(cache, 'ack-hybrid', cacheFiles(path.join(cache, 'ack-hybrid'))[0]);
    fs.writeFileSync(file, Buffer.alloc(4096, 7));
    expect(run(LAUNCHER, ['validate'], { XDG_CACHE_HOME: cache })).toEqual(bundle(['validate']));
    expect(fs.readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  test('GIVEN a cache location that cannot be written WHEN the command runs THEN it runs without the cache', () => {
    const blocked = path.join(tempDir('launcher'), 'a-file');
    fs.writeFileSync(blocked, '');
    expect(run(LAUNCHER, ['validate'], { XDG_CACHE_HOME: blocked })).toEqual(bundle(['validate']));
  });

  test('GIVEN ACK_HYBRID_NO_CACHE WHEN the command runs THEN no cache is written', () => {
    const cache = tempDir('launcher');
    expect(run(LAUNCHER, ['validate'], { XDG_CACHE_HOME: cache, ACK_HYBRID_NO_CACHE: '1' }).status).toBe(0);
    expect(cacheFiles(path.join(cache, 'ack-hybrid'))).toEqual([]);
  });

  test.each([
    ['a user mistake', ['validate', '--clusters', 'no-such-folder'], 2],
    ['a mistyped command', ['synthesise'], 2],
    ['the help', ['--help'], 0],
  ])("GIVEN %s WHEN run through the launcher THEN exit code and output are the bundle's", (_what, args, status) => {
    const cache = tempDir('launcher');
    const result = run(LAUNCHER, args, { XDG_CACHE_HOME: cache });
    expect(result).toEqual(bundle(args));
    expect(result.status).toBe(status);
  });
});
