import { ClusterSpec } from '../config/schema';
import { bootstrapFolder, repoLocation } from '../gitops-files';
import { renderTemplate } from './templates';

/**
 * RUNBOOK.md: the steps GitOps cannot do. Values are interpolated as they are: every one has passed a
 * format check (IDs, CIDRs, URLs), none can carry Markdown or a backtick.
 */
export function renderRunbook(spec: ClusterSpec, sourceFile: string): string {
  const gitops = spec.gitops && { folder: repoLocation(spec.name, spec.gitops).path, bootstrap: bootstrapFolder(spec.name, spec.gitops) };
  return renderTemplate('RUNBOOK.md.ejs', { spec, sourceFile, gitops }, asText);
}

function asText(value: unknown): string {
  return String(value);
}
