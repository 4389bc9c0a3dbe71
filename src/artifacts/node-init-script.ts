import { ClusterSpec } from '../config/schema';
import { shellQuote } from '../shell';
import { renderTemplate } from './templates';

/** Guide step 6a: `init-node-ecs.sh`, every config value quoted for the shell. */
export function renderNodeInitScript(spec: ClusterSpec, sourceFile: string): string {
  const [major, minor] = spec.nodeInit.kubernetesVersion.split('.');
  return renderTemplate(
    'init-node-ecs.sh.ejs',
    { spec, sourceFile, kubernetesMinor: `${major}.${minor}` },
    shellQuote,
  );
}
