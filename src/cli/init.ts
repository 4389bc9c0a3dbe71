import { commandHint } from './invocation';
import * as fs from 'fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { displayPath } from '../config/load';
import { UserError } from '../config/problems';
import { INIT_QUESTIONS, InitAnswers, writeClusterFile } from '../init/init';
import { askMissing, Interrupted } from './init-prompt';
import { withExamples } from './examples';
import { shellWord } from '../artifacts/markdown';
import { ExitCode, Io, report } from './common';

export interface InitArgs {
  readonly clusters: string;
  readonly file?: string;
  readonly interactive?: boolean;
  readonly [flag: string]: unknown;
}

/** Writes a new cluster file from the answers given as flags. */
export function init(args: InitArgs, io: Io): number {
  const result = writeClusterFile(answersFromArgs(args), args.clusters, args.file);
  const folders = { clusters: args.clusters };
  const then = `check it with '${commandHint('validate', folders)}', write its bundle with '${commandHint('synth', folders)}'`;
  if (result.unsealed === undefined) {
    io.stdout(`wrote ${result.file}: cluster ${result.name}; ${then}`);
    return ExitCode.Ok;
  }
  // validate refuses the file until seal has written encryptedData: the next step comes first.
  const { seal, certificate } = result.unsealed;
  const fetch = fs.existsSync(certificate) ? '' : `save the controller's certificate with 'kubeseal --fetch-cert > ${shellWord(certificate)}', then `;
  io.stdout(
    `wrote ${result.file}: cluster ${result.name}, not sealed yet (no terway.credentials.encryptedData); ` +
      `${fetch}seal Terway's AccessKey into it with '${seal}'; then ${then}`,
  );
  return ExitCode.Ok;
}

function answersFromArgs(args: InitArgs): Record<string, string | readonly string[] | undefined> {
  const answers: Record<string, string | readonly string[] | undefined> = {};
  for (const q of INIT_QUESTIONS) {
    const value = args[q.flag];
    if (typeof value === 'string') answers[q.flag] = value;
    else if (Array.isArray(value)) answers[q.flag] = value.map(String);
  }
  return answers;
}

/**
 * `ack-hybrid init --name … …`: the answers as one command line, each word quoted for a POSIX shell
 * (shellWord), named as this run was started (commandHint). Init's answers hold no secret (no AccessKey,
 * no join token: the CA hash is of a public key), and every printed line is masked anyway (guardIo).
 */
export function rerunCommand(args: Pick<InitArgs, 'clusters' | 'file'>, answers: InitAnswers): string {
  const flags: string[] = args.file !== undefined ? ['--file', args.file] : [];
  for (const q of INIT_QUESTIONS) {
    const answer = answers[q.flag];
    for (const value of answer === undefined ? [] : typeof answer === 'string' ? [answer] : answer) flags.push(`--${q.flag}`, value);
  }
  return commandHint('init', { clusters: args.clusters }, flags);
}

export function initCommand(io: Io, setExit: (code: number) => void): CommandModule<object, InitArgs> {
  return {
    command: 'init',
    describe: 'Write a new cluster file from flags, or ask for what is missing on a terminal',
    builder: (yargs) => {
      let y = yargs
        .option('clusters', {
          type: 'string',
          default: 'clusters',
          requiresArg: true,
          normalize: true,
          describe: 'folder of cluster files; the new file is <clusters>/<name>.yaml',
        })
        .option('file', { type: 'string', requiresArg: true, describe: 'write here instead of <clusters>/<name>.yaml', normalize: true })
        .option('interactive', { type: 'boolean', describe: 'ask for missing values (default: when stdin and stdout are a terminal)' });
      for (const q of INIT_QUESTIONS) {
        const fallback = q.default?.({});
        y = y.option(q.flag, {
          type: 'string',
          array: q.list === true,
          requiresArg: true,
          choices: q.choices ? [...q.choices] : undefined,
          describe: `${q.label}${fallback !== undefined ? ` (default ${fallback})` : ''}`,
          group: 'Cluster:',
        });
      }
      return withExamples(y as Argv<InitArgs>, [
        ['$0 init', 'on a terminal: asks for every value'],
        [
          '$0 init --name idc-beijing --region cn-beijing \\\n--node-vswitch vsw-a:cn-beijing-a:10.1.0.0/24 …',
          'from flags (CI, scripts); repeat --node-vswitch, --pod-vswitch, --security-group and --node-pool for more',
        ],
      ]);
    },
    handler: (argv: ArgumentsCamelCase<InitArgs>) => {
      const interactive = typeof argv.interactive === 'boolean' ? argv.interactive : process.stdin.isTTY === true && process.stdout.isTTY === true;
      if (!interactive) {
        setExit(init(argv, io));
        return;
      }
      if (argv.file !== undefined && fs.existsSync(argv.file)) {
        throw new UserError(`refusing to overwrite ${displayPath(argv.file)}: it exists; choose another --file, or remove it first`);
      }
      setExit(ExitCode.Ok);
      // main() has returned by the time the answers are in: the exit code is set here when they are.
      let answered: InitAnswers = {};
      askMissing(answersFromArgs(argv), process.stdin, process.stdout, { clusters: argv.clusters, file: argv.file })
        .then((answers) => {
          answered = answers;
          return init({ ...argv, ...answers }, io);
        })
        .catch((error: unknown) => {
          if (error instanceof Interrupted) {
            // The answers so far are not lost: one line runs init again with them (it asks for the rest).
            const resume = Object.keys(error.answers).length > 0 ? `\nto go on from here: ${rerunCommand(argv, error.answers)}` : '';
            io.stderr(`\n${error.message}${resume}`);
            return ExitCode.Interrupted;
          }
          const code = report(error, io);
          // A problem the questions could not catch must not cost the answers: they are given back as flags.
          if (error instanceof UserError && Object.keys(answered).length > 0)
            io.stderr(`your answers, to run again after fixing this: ${rerunCommand(argv, answered)}`);
          return code;
        })
        .then((code) => {
          process.exitCode = code;
        });
    },
  };
}
