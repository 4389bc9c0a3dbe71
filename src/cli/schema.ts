/**
 * `ack-hybrid schema [kind]`: prints the JSON Schema of a cluster file, or of a fleet's defaults file, or of
 * a cluster file over one, for editors (see src/config/json-schema.ts).
 */
import { withExamples } from './examples';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { jsonSchemaOf, renderJsonSchema, SCHEMA_KINDS, SchemaKind } from '../config/json-schema';
import { ExitCode, Io } from './common';

export interface SchemaArgs {
  readonly kind?: SchemaKind;
}

/** Prints the JSON Schema (draft 2020-12) of a kind of file on stdout: a cluster file unless told. */
export function schema(io: Io, kind: SchemaKind = 'cluster'): number {
  io.stdout(renderJsonSchema(jsonSchemaOf(kind)).trimEnd());
  return ExitCode.Ok;
}

export function schemaCommand(io: Io, setExit: (code: number) => void): CommandModule<object, SchemaArgs> {
  return {
    command: 'schema [kind]',
    describe: 'Print the JSON Schema (draft 2020-12) of a cluster file, for editors (yaml-language-server)',
    builder: (yargs) =>
      withExamples(
        (yargs as Argv<object>).positional('kind', {
          choices: SCHEMA_KINDS,
          default: 'cluster' as SchemaKind,
          describe: "cluster: a complete cluster file; defaults: a fleet's _defaults.yaml; cluster-over-defaults: a cluster file beside one",
        }) as Argv<SchemaArgs>,
        [
          ['$0 schema > cluster.schema.json', 'then start cluster files with: # yaml-language-server: $schema=cluster.schema.json'],
          ['$0 schema defaults > defaults.schema.json', 'the schema of clusters/_defaults.yaml'],
        ],
      ),
    handler: (argv: ArgumentsCamelCase<SchemaArgs>) => setExit(schema(io, argv.kind)),
  };
}
