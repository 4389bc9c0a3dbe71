import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import { buildBundle } from '../bundle';
import { displayPath, loadClusters } from '../config/load';
import { compareOutput, FileChange } from '../diff';
import { readOutput } from '../output';
import { ExitCode, FolderArgs, Io, plural, withFolders } from './common';

const VERDICT: Record<FileChange['kind'], string> = {
  changed: 'differs (stale or hand-edited)',
  added: 'missing (synth would write it)',
  removed: 'not synthesized by any cluster file (synth would remove it)',
};

/** For CI: fails, naming the files, when the output folder is not exactly what the cluster files synthesize. */
export function check(args: FolderArgs, io: Io): number {
  const clusters = loadClusters(args.clusters);
  const bundle = buildBundle(clusters, process.env, { outDir: args.out });
  const changes = compareOutput(bundle, readOutput(args.out));
  const out = displayPath(args.out);
  const clustersDir = displayPath(args.clusters);
  if (changes.length === 0) {
    io.stdout(`${out} is up to date: ${plural(bundle.size, 'file')} of ${plural(clusters.length, 'cluster')}, as ${clustersDir} synthesizes`);
    return ExitCode.Ok;
  }
  io.stderr(`error: ${out} is not what ${clustersDir} synthesizes: ${plural(changes.length, 'file')} out of date`);
  for (const change of changes) io.stderr(`  ${out}/${change.file}: ${VERDICT[change.kind]}`);
  io.stderr(`Run 'npm run synth' and commit ${out}; 'npm run diff' shows the changes.`);
  return ExitCode.Differs;
}

export function checkCommand(io: Io, setExit: (code: number) => void): CommandModule<object, FolderArgs> {
  return {
    command: 'check',
    describe: 'Fail (exit 1) when the output folder is not what the cluster files synthesize: for CI',
    builder: (yargs) => withFolders(yargs).example('$0 check', 'in CI: is the committed dist/ current?'),
    handler: (argv: ArgumentsCamelCase<FolderArgs>) => setExit(check(argv, io)),
  };
}
