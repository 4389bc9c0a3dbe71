import { ClusterSpec } from '../config/schema';
import { shellQuote } from '../shell';
import { renderTemplate } from './templates';

/** The file the kubelet package's unit reads KUBELET_EXTRA_ARGS from, per OS family. */
export const KUBELET_ENV_FILE = { rpm: '/etc/sysconfig/kubelet', deb: '/etc/default/kubelet' } as const;

/** How the script finds the join token when KUBEADM_JOIN_TOKEN is not set; the token itself is never rendered. */
export interface OosTokenParameter {
  readonly name: string;
  readonly region: string;
  readonly ramRoleName: string;
}

/**
 * Guide step 6a: `init-node-ecs.sh`, every config value quoted for the shell (`<%= %>` is `shellQuote`).
 * Decisions that depend only on the config (OS family, containerd major, token source) are taken here, at
 * render time, so each rendered script holds only the branch it runs.
 */
export function renderNodeInitScript(spec: ClusterSpec, sourceFile: string): string {
  const { nodeInit } = spec;
  const [major, minor] = nodeInit.kubernetesVersion.split('.');
  const oos = oosTokenParameter(spec);
  return renderTemplate(
    'init-node-ecs.sh.ejs',
    {
      spec,
      sourceFile,
      kubernetesMinor: `${major}.${minor}`,
      containerdMajor: Number(nodeInit.containerd.version.split('.')[0]),
      kubeletEnvFile: KUBELET_ENV_FILE[nodeInit.os],
      oos,
      tokenSourceSentence: oos
        ? `it is read at run time from the encrypted OOS parameter ${oos.name} (${oos.region}) with the instance RAM role ${oos.ramRoleName}.`
        : 'it is read at run time from the environment variable KUBEADM_JOIN_TOKEN.',
    },
    shellQuote,
  );
}

/** The OOS parameter holding the token, or undefined when the token comes from the environment. */
export function oosTokenParameter(spec: ClusterSpec): OosTokenParameter | undefined {
  const source = spec.nodeInit.join.tokenSource;
  if (source.type !== 'oos-secret-parameter') return undefined;
  // The schema requires both for this type; a missing one here is a bug, not a user mistake.
  if (source.name === undefined || source.ramRoleName === undefined) {
    throw new Error('tokenSource oos-secret-parameter without name or ramRoleName passed validation');
  }
  return { name: source.name, region: source.region ?? spec.region, ramRoleName: source.ramRoleName };
}
