#!/usr/bin/env node
/**
 * ack-hybrid: the command line. Commands are registered one by one (yargs' commandDir only loads .js);
 * each parses its flags and calls a library function. Errors are turned into messages in one place.
 */
import yargs from 'yargs';
import { ExitCode, Io, processIo, report } from './src/cli/common';
import { checkCommand } from './src/cli/check';
import { diffCommand } from './src/cli/diff';
import { initCommand } from './src/cli/init';
import { synthCommand } from './src/cli/synth';
import { validateCommand } from './src/cli/validate';
import { schemaCommand } from './src/cli/schema';

export function main(argv: readonly string[], io: Io = processIo): number {
  let exitCode: number = ExitCode.Ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  try {
    yargs([...argv])
      .scriptName('ack-hybrid')
      .usage('$0 <command> [options]\n\nTurns clusters/*.yaml into the GitOps bundle of an ACK One hybrid cluster.')
      .command(synthCommand(io, setExit))
      .command(validateCommand(io, setExit))
      .command(diffCommand(io, setExit))
      .command(checkCommand(io, setExit))
      .command(initCommand(io, setExit))
      .command(schemaCommand(io, setExit))
      .demandCommand(1, 'Name a command.')
      .strict()
      .help()
      .version(false)
      .wrap(100)
      .exitProcess(false)
      .fail((message, error) => {
        if (error) throw error;
        throw new UsageError(message);
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

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
