/**
 * Hints name the command as the user ran it: `ack-hybrid synth`, `npx ack-hybrid synth`, `node
 * bin/ack-hybrid.js synth` or, in this repository, `npm run synth --`; with the same `--clusters` and `--out`
 * when they are not the defaults, so that the hint works where it is printed. A hint that said `npm run
 * synth` in a GitOps repository that installs the tool as a dependency (no such script there) was a dead end.
 */
import * as path from 'path';
import { shellWord } from '../artifacts/markdown';

/**
 * What decides how the tool was run: the script node was given (bin/ack-hybrid.js makes it the bundle,
 * build/ack-hybrid.js) and the working directory. npm's lifecycle variables are not needed: under npx or an
 * npm script that runs `ack-hybrid`, the bundle lies in a node_modules folder; under this repository's npm
 * scripts (`node bin/ack-hybrid.js …`, run from the package root), in the clone.
 */
export interface Invocation {
  /** `process.argv[1]`: the script node runs. */
  readonly script?: string;
  readonly cwd: string;
}

export function currentInvocation(): Invocation {
  return {
    script: process.argv[1],
    cwd: process.cwd(),
  };
}

/** The folders of a run, for the hint's flags. */
export interface HintFolders {
  readonly clusters?: string;
  readonly out?: string;
}

/** The command line that runs `command` (with `args`) the way this run was started. */
export function commandHint(command: string, folders: HintFolders = {}, args: readonly string[] = [], how: Invocation = currentInvocation()): string {
  // As the user sees them: relative to the working directory, where the hint is run.
  const clusters = folders.clusters === undefined ? undefined : fromHere(folders.clusters, how.cwd);
  const out = folders.out === undefined ? undefined : fromHere(folders.out, how.cwd);
  const flags = [
    ...(clusters !== undefined && clusters !== 'clusters' ? ['--clusters', clusters] : []),
    ...(out !== undefined && out !== 'dist' ? ['--out', out] : []),
    ...args,
  ].map(shellWord);
  return [...program(how), command, ...flags].join(' ');
}

function program(how: Invocation): string[] {
  // The installed command on the PATH; or a host that runs the CLI in its own process (a test, a library user).
  if (how.script === undefined || path.basename(how.script) !== 'ack-hybrid.js') return ['ack-hybrid'];
  // bin/ack-hybrid.js runs build/ack-hybrid.js as the main module: name the bin, as the user would run it.
  const bin = path.basename(path.dirname(how.script)) === 'build' ? path.join(path.dirname(how.script), '..', 'bin', 'ack-hybrid.js') : how.script;
  // An installed package (a project's node_modules, or a global one): npx finds its command in either.
  if (bin.split(path.sep).includes('node_modules')) return ['npx', 'ack-hybrid'];
  return ['node', shellWord(fromHere(bin, how.cwd))];
}

/** `p` relative to the working directory (`..` included): what runs from there, and no absolute path in a message. */
function fromHere(p: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, p));
  return relative === '' ? '.' : relative;
}
