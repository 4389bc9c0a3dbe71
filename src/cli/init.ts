import * as readline from 'node:readline';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { answerValues, INIT_QUESTIONS, InitAnswers, writeClusterFile } from '../init';
import { ExitCode, Io, report } from './common';

export interface InitArgs {
  readonly clusters: string;
  readonly file?: string;
  readonly [flag: string]: unknown;
}

/** Writes a new cluster file from the answers given as flags. */
export function init(args: InitArgs, io: Io): number {
  const result = writeClusterFile(answersFromArgs(args), args.clusters, args.file);
  io.stdout(`wrote ${result.file}: cluster ${result.name}; check it with 'npm run validate', write its bundle with 'npm run synth'`);
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
 * Asks, on a terminal, for what the flags left out; every answer is checked before the next question.
 * The one asynchronous path of the CLI: it sets process.exitCode itself when done.
 */
export async function askMissing(given: InitAnswers, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<InitAnswers> {
  const rl = readline.createInterface({ input, output, terminal: (output as { isTTY?: boolean }).isTTY === true });
  const ask = (text: string) => new Promise<string>((resolve) => rl.question(text, resolve));
  const answers: Record<string, string | readonly string[] | undefined> = { ...given };
  try {
    for (const q of INIT_QUESTIONS) {
      if (answerValues(q, answers[q.flag]).length > 0) continue;
      for (;;) {
        const raw = (await ask(`${q.question}${q.default ? ` [${q.default}]` : ''}: `)).trim();
        const answer = raw === '' && q.default ? q.default : raw;
        const values = answerValues(q, answer);
        if (values.length > 0 && values.every(q.test) && (q.list || values.length === 1)) {
          answers[q.flag] = answer;
          break;
        }
        output.write(`  allowed: ${q.allowed}\n`);
      }
    }
  } finally {
    rl.close();
  }
  return answers;
}

export function initCommand(io: Io, setExit: (code: number) => void): CommandModule<object, InitArgs> {
  return {
    command: 'init',
    describe: 'Write a new cluster file from flags, or ask for what is missing on a terminal',
    builder: (yargs) => {
      let y = yargs
        .option('clusters', { type: 'string', default: 'clusters', describe: 'folder of cluster files; the new file is <clusters>/<name>.yaml', normalize: true })
        .option('file', { type: 'string', describe: 'write here instead of <clusters>/<name>.yaml', normalize: true })
        .option('interactive', { type: 'boolean', describe: 'ask for missing values (default: when stdin and stdout are a terminal)' });
      for (const q of INIT_QUESTIONS) {
        y = y.option(q.flag, {
          type: 'string',
          array: q.list === true,
          describe: `${q.question}${q.default ? ` (default ${q.default})` : ''}`,
          group: 'Cluster:',
        });
      }
      return (y as Argv<InitArgs>)
        .example('$0 init', 'on a terminal: asks for every value')
        .example(
          '$0 init --name idc-beijing --region cn-beijing --node-vswitch vsw-a:cn-beijing-a:10.1.0.0/24 …',
          'from flags (CI, scripts); repeat --node-vswitch, --pod-vswitch and --security-group for more',
        );
    },
    handler: (argv: ArgumentsCamelCase<InitArgs>) => {
      const interactive = typeof argv.interactive === 'boolean' ? argv.interactive : process.stdin.isTTY === true && process.stdout.isTTY === true;
      if (!interactive) {
        setExit(init(argv, io));
        return;
      }
      setExit(ExitCode.Ok);
      // main() has returned by the time the answers are in: the exit code is set here when they are.
      askMissing(answersFromArgs(argv), process.stdin, process.stdout)
        .then((answers) => init({ ...argv, ...answers }, io))
        .catch((error: unknown) => report(error, io))
        .then((code) => {
          process.exitCode = code;
        });
    },
  };
}
