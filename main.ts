#!/usr/bin/env node
/**
 * ack-hybrid: the command line. Commands are registered one by one (yargs' commandDir only loads .js);
 * each parses its flags and calls a library function. Errors are turned into messages in one place.
 */
// yargs through require(), not import: esbuild resolves an `import` with the package's "import" condition,
// which gives yargs' ESM build, whose cliui (index.mjs) wraps help text with its own minimal wrap() that
// cuts every `width` characters, mid-word (cliui 8.0.1 build/lib/string-utils.js: "Minimal replacement
// for ansi string helpers"). The CommonJS build (yargs.cjs → cliui/build/index.cjs) uses wrap-ansi and
// string-width, which wrap at word boundaries. See yargs 17.7.3 package.json "exports" and cliui 8.0.1's.
import Yargs = require('yargs/yargs');
import * as v8 from 'v8';
import { version } from './package.json';
import { ExitCode, guardIo, Io, processIo, report } from './src/cli/common';
import { checkCommand } from './src/cli/check';
import { diffCommand } from './src/cli/diff';
import { initCommand } from './src/cli/init';
import { sealCommand } from './src/cli/seal';
import { handleInterrupts } from './src/cli/interrupt';
import { synthCommand } from './src/cli/synth';
import { validateCommand } from './src/cli/validate';
import { didYouMean } from './src/config/shape';
import { schemaCommand } from './src/cli/schema';
import { withExamples } from './src/cli/examples';
import type { Argv, CommandModule } from 'yargs';
import { hiddenCharacterProblem, VISIBLE_TEXT } from './src/config/formats';
import { escapeForTerminal } from './src/escape/terminal';

export function main(argv: readonly string[], given: Io = processIo): number {
  // Every line printed is masked and escaped here, whichever command printed it.
  const io = guardIo(given);
  let exitCode: number = ExitCode.Ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  try {
    const commands = [
      synthCommand(io, setExit),
      validateCommand(io, setExit),
      diffCommand(io, setExit),
      checkCommand(io, setExit),
      initCommand(io, setExit),
      sealCommand(io, setExit),
    ] as const;
    const names = [...commands.map((c) => String(c.command).split(' ')[0]), 'help', 'completion', 'schema'];
    const args = helpCommandAsFlag(argv);
    refuseUnknownCommandWithHelp(args, names);
    let y = Yargs([...args])
      .scriptName('ack-hybrid')
      .usage('$0 <command> [options]\n\nTurns clusters/*.yaml into the GitOps bootstrap and node scripts of ACK One hybrid clusters.')
      // Arguments after `--` are kept apart (argv['--']), then taken as file names (filesAfterDashes).
      .parserConfiguration({ 'populate--': true })
      .middleware((parsed) => {
        filesAfterDashes(parsed);
        refuseHiddenCharactersInPaths(parsed);
      });
    for (const command of commands) y = y.command(command as CommandModule);
    y.command('help [command]', 'Show the help of a command', (h) => h.positional('command', { type: 'string' }))
      // bash and zsh: `ack-hybrid completion >> ~/.bashrc` (yargs' completion script, 17.7.3 docs/api.md). Our
      // own command prints it: yargs' completion command prints the script whenever its name is on the command
      // line, `completion --help` included (yargs-factory.js, runYargsParserAndExecuteCommands). yargs keeps
      // answering the script's `--get-yargs-completions` calls under a hidden name that nobody types.
      .command(
        'completion',
        'Print a bash/zsh completion script: ack-hybrid completion >> ~/.bashrc',
        (c: Argv) => withExamples(c, [['$0 completion >> ~/.bashrc', 'bash: complete commands and flags in new shells (zsh: ~/.zshrc)']]),
        () => (y as unknown as CompletionScript).showCompletionScript('ack-hybrid', 'completion'),
      )
      .completion(HIDDEN_COMPLETION_COMMAND, false)
      .command(schemaCommand(io, setExit))
      .demandCommand(1, 'Name a command.')
      .strict()
      .help()
      .alias('h', 'help')
      .version('version', 'Show the version', version)
      .alias('V', 'version')
      // Deterministic when not on a terminal (logs, tests); the terminal's width, up to 100, on one.
      .wrap(Math.min(100, process.stdout.isTTY === true ? (process.stdout.columns ?? 100) : 100))
      .exitProcess(false)
      .fail((message, error, usage) => {
        // yargs' own validation errors (YError) are the user's; anything else thrown in a command is ours.
        if (error && error.name !== 'YError') throw error;
        throw new UsageError(usageMessage(message ?? error.message, usage as unknown as YargsUsage, args));
      })
      .parse();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\nRun 'ack-hybrid --help' for the commands and their options.`);
      return ExitCode.Error;
    }
    return report(error, io);
  }
  return exitCode;
}

class UsageError extends Error {}

/**
 * yargs 17.7.3 takes the program and the command to name in the script's install line
 * (yargs-factory.js: showCompletionScript($0, cmd)); @types/yargs declares it without arguments.
 */
interface CompletionScript {
  showCompletionScript($0: string, cmd: string): void;
}

/** The name yargs' own completion command is registered under, hidden: `completion` is ours (see main). */
const HIDDEN_COMPLETION_COMMAND = '__yargs-completion-script';

/** Commands that take cluster files as arguments (`[files..]`). */
const FILE_COMMANDS: ReadonlySet<string> = new Set(['synth', 'validate', 'diff', 'check']);

/**
 * `validate -- -odd.yaml missing.yaml`: what follows `--` are file names, even when they start with "-". They
 * were dropped (validate exited 0, synth fell back to the whole fleet); now they join the files given before
 * `--`, and a command that takes no files refuses them.
 */
function filesAfterDashes(parsed: Record<string, unknown>): void {
  const after = parsed['--'];
  if (!Array.isArray(after) || after.length === 0) return;
  const command = String((parsed._ as unknown[] | undefined)?.[0] ?? '');
  if (!FILE_COMMANDS.has(command)) {
    throw new UsageError(
      `${command === '' ? 'ack-hybrid' : command} takes no arguments after "--"; found ${after.map((a) => JSON.stringify(String(a))).join(', ')}`,
    );
  }
  const before = Array.isArray(parsed.files) ? parsed.files.map(String) : [];
  parsed.files = [...before, ...after.map(String)];
  delete parsed['--'];
}

/**
 * A folder or file named on the command line reaches messages and, for --out, the file system: a line break
 * in it would forge a problem line, a bidi override or zero-width character make it look like another path.
 * Such paths are refused before anything runs, the character shown escaped.
 */
function refuseHiddenCharactersInPaths(parsed: Record<string, unknown>): void {
  for (const flag of ['clusters', 'out', 'file', 'files']) {
    const values = parsed[flag] === undefined ? [] : Array.isArray(parsed[flag]) ? parsed[flag] : [parsed[flag]];
    for (const value of values) {
      const problem = hiddenCharacterProblem(String(value));
      if (problem === undefined) continue;
      const name = flag === 'files' ? 'a file argument' : `--${flag}`;
      throw new UsageError(`${name}: found ${escapeForTerminal(JSON.stringify(String(value)))}; allowed: a path with ${VISIBLE_TEXT} (${problem})`);
    }
  }
}

/**
 * `help synthesize` and `synthesize --help`: help for a command that does not exist. yargs printed the
 * general help and exited 0, as if the command were known; the first word that is not a flag names the
 * command, and an unknown one is a usage error (exit 2) with the closest known command.
 */
function refuseUnknownCommandWithHelp(args: readonly string[], commands: readonly string[]): void {
  const end = args.indexOf('--');
  const flags = end < 0 ? args : args.slice(0, end);
  if (!flags.some((a) => a === '--help' || a === '-h')) return;
  const first = flags.find((a) => !a.startsWith('-'));
  if (first === undefined || commands.includes(first)) return;
  const hint = suggest(first, commands);
  throw new UsageError(`unknown command ${escapeForTerminal(JSON.stringify(first))}${hint ? ` (${hint})` : ''}; the commands are ${commands.join(', ')}`);
}

/** `help synth` is `synth --help`; `help` alone is `--help`. */
function helpCommandAsFlag(argv: readonly string[]): readonly string[] {
  if (argv[0] !== 'help') return argv;
  return argv.length > 1 ? [argv[1], '--help', ...argv.slice(2)] : ['--help'];
}

/**
 * "did you mean …?": a known word the typed one starts with, or that starts with it (`synthesize`, `outdir`),
 * else the closest by edit distance (the helper that suggests cluster-file keys).
 */
function suggest(typed: string, known: readonly string[]): string | undefined {
  const prefix = known.find((word) => word.length >= 3 && typed.length >= 2 && (typed.startsWith(word) || word.startsWith(typed)));
  return prefix !== undefined ? `did you mean ${JSON.stringify(prefix)}?` : didYouMean(typed, known);
}

/**
 * The third argument of yargs' fail callback: its usage instance (yargs 17.7.3 lib/usage.ts, `fail(msg, err,
 * self)`), which knows the commands and the described flags of the command being parsed. Not in @types/yargs.
 */
interface YargsUsage {
  getCommands?: () => ReadonlyArray<readonly [string, ...unknown[]]>;
  getDescriptions?: () => Record<string, unknown>;
}

/**
 * yargs' own wording, where a clearer one says what to do: a flag without its value, and a mistyped command
 * or flag, with the closest known one. Commands and flags are read from yargs, so a command registered later
 * is known here without a list to keep.
 */
function usageMessage(message: string, usage: YargsUsage, argv: readonly string[]): string {
  const missing = /^Not enough arguments following: (.+)$/.exec(message);
  if (missing) return `--${missing[1]} needs a value: --${missing[1]} VALUE`;
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (!unknown) return message;
  const commands = (usage.getCommands?.() ?? []).map(([command]) => command.replace(/^\$0 /, '').split(' ')[0]);
  const flags = Object.keys(usage.getDescriptions?.() ?? {}).filter((flag) => flag.length > 1 && !/[A-Z]/.test(flag));
  return unknown[1]
    .split(', ')
    .map((arg) => {
      if (commands.length > 0 && arg === argv[0]) {
        const hint = suggest(arg, commands);
        return `unknown command ${JSON.stringify(arg)}${hint ? ` (${hint})` : ''}; the commands are ${commands.join(', ')}`;
      }
      const hint = suggest(arg, flags);
      return `unknown argument ${JSON.stringify(arg)}${hint ? ` (${hint.replace(/"([^"]+)"/, '--$1')})` : ''}`;
    })
    .join('; ');
}

/**
 * The process around main(): a closed pipe ends the run quietly; Ctrl-C exits 130 with nothing
 * half-written (src/cli/interrupt.ts).
 */
function runAsProcess(): void {
  // `ack-hybrid diff | head -1`: head exits, our next write fails with EPIPE. Nothing more can be said,
  // and it is not a bug: end with the exit code the command had.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? ExitCode.Ok);
    });
  }
  handleInterrupts();
  boundHeapGrowth();
  process.exitCode = main(process.argv.slice(2));
  // A Ctrl-C that arrived while main() ran is waiting in libuv's signal pipe; the handle is unref'd, so
  // without one more turn of the event loop (its poll phase reads the pipe) node would exit 0 and drop it.
  setImmediate(() => undefined);
}

/**
 * After each full collection V8 lets the heap grow to up to four times what survived it when collecting
 * is cheap, which it is here: a fleet's run keeps little (the clusters' specs, file names) and makes much
 * short-lived garbage, so at 10,000 clusters 70 MB of live data stood in a heap of 230 MB and 320 MB of
 * resident memory. Growing by 40% instead holds the heap nearer what is live: at 10,000 clusters an up-to-date
 * synth peaked at 261-285 MiB with 40% (12 runs), 263-308 with 60% (10 runs), for about the same CPU
 * (docs/benchmarks.md). heap_growing_percent is read at every collection (V8's heap controller), so setting
 * it here, before any work, takes effect; one given on the command line or in NODE_OPTIONS is kept.
 * bin/ack-hybrid.js sets the same value before it compiles the bundle (V8's code cache checks the flags).
 */
function boundHeapGrowth(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /heap[-_]growing[-_]percent/.test(arg));
  if (!given) v8.setFlagsFromString('--heap-growing-percent=40');
}

if (require.main === module) runAsProcess();
