import { describeValue } from '../describe';
import { hiddenCharacterProblem, REPO_PATH } from '../formats';
import { stringAt } from './context';
import { Rule } from './rule';

export const gitopsPath: Rule = {
  name: 'gitops-path',
  description: "gitops.path names the cluster's output folder, which ends in the cluster's name",
  check(ctx) {
    // The bootstrap objects sit in <out>/gitops/<name>/ beside <out>/<name>/: the path must name that folder.
    const name = stringAt(ctx.data, ['name']);
    const repoPath = stringAt(ctx.data, ['gitops', 'path']);
    // A malformed path is the schema's to report (rules skip malformed fields, context.ts).
    const wellFormed = repoPath !== undefined && REPO_PATH.test(repoPath) && hiddenCharacterProblem(repoPath) === undefined;
    if (name !== undefined && repoPath !== undefined && wellFormed && repoPath !== name && !repoPath.endsWith(`/${name}`)) {
      ctx.report(
        ['gitops', 'path'],
        `${describeValue(repoPath)}, which does not end in the cluster's name ${describeValue(name)}`,
        `the repository path of the cluster's output folder, <out>/${name} (default dist/${name})`,
      );
    }
  },
};
