/**
 * `ack-hybrid schema`: prints the JSON Schema of a cluster file, for editors (see src/config/json-schema.ts).
 */
import type { CommandModule } from 'yargs';
import { renderJsonSchema } from '../config/json-schema';
import { ExitCode, Io } from './common';

/** Prints the JSON Schema (draft 2020-12) of a cluster file on stdout. */
export function schema(io: Io): number {
  io.stdout(renderJsonSchema().trimEnd());
  return ExitCode.Ok;
}

export function schemaCommand(io: Io, setExit: (code: number) => void): CommandModule<object, object> {
  return {
    command: 'schema',
    describe: 'Print the JSON Schema (draft 2020-12) of a cluster file, for editors (yaml-language-server)',
    builder: (yargs) => yargs.example('$0 schema > cluster.schema.json', 'then start cluster files with: # yaml-language-server: $schema=cluster.schema.json'),
    handler: () => setExit(schema(io)),
  };
}
