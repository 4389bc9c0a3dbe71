import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { withExamples } from './examples';
import { askOnTerminal, AskHidden, Environment } from '../credentials/access-key';
import { sealClusterFile } from '../credentials/seal-cluster-file';
import { ExitCode, Io } from './common';

export interface SealArgs {
  readonly cluster: string;
  readonly clusters: string;
}

/** Where seal gets the AccessKey: the process's environment and terminal, or a test's. */
export interface SealInputs {
  readonly env: Environment;
  readonly ask: AskHidden;
}

/** Seals Terway's AccessKey into one cluster file (the only command that writes a cluster file). */
export function seal(args: SealArgs, io: Io, inputs: SealInputs): number {
  const { file, certificate } = sealClusterFile({ clustersDir: args.clusters, cluster: args.cluster, env: inputs.env, ask: inputs.ask });
  io.stdout(
    `sealed the AccessKey for ${certificate} (strict scope, kube-system/alibaba-addon-secret) into ${file}: ` +
      'terway.credentials.encryptedData; review and commit it, then run synth',
  );
  return ExitCode.Ok;
}

export function sealCommand(
  io: Io,
  setExit: (code: number) => void,
  inputs: SealInputs = { env: process.env, ask: askOnTerminal },
): CommandModule<object, SealArgs> {
  return {
    command: 'seal <cluster>',
    describe:
      "Seal Terway's AccessKey (ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, or asked without echo) for the cluster's sealed-secrets certificate into its cluster file",
    builder: (yargs) =>
      withExamples(
        yargs
          .positional('cluster', { type: 'string', demandOption: true, describe: 'the name: of the cluster file to seal into' })
          .option('clusters', { type: 'string', default: 'clusters', describe: 'folder of cluster files (*.yaml)', normalize: true }) as Argv<SealArgs>,
        [['$0 seal idc-hangzhou', 'writes terway.credentials.encryptedData into the file named idc-hangzhou']],
      ),
    handler: (argv: ArgumentsCamelCase<SealArgs>) => setExit(seal(argv, io, inputs)),
  };
}
