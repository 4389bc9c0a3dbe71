import { ClusterSpec } from '../config/schema';
import { GUARDED_NAMESPACES, KUBELET_LABEL_NAMESPACES, KUBELET_LABEL_RULE, KUBELET_LABELS } from '../config/kubelet-labels';
import { shellQuote } from '../escape/shell';
import { renderTemplate } from './templates';

/**
 * Fingerprints of the keys that sign the upstream repositories; mirrors such as mirrors.aliyun.com serve the
 * same keys. The script compares a fetched key with these before it trusts it.
 * - pkgs.k8s.io (core:/stable:/v1.XX, deb Release.key and rpm repomd.xml.key): the Kubernetes project's OBS key.
 * - download.docker.com: the deb key (linux/<ID>/gpg) and the rpm key (linux/rhel/gpg) as docs.docker.com lists them.
 */
export const REPOSITORY_KEYS = {
  kubernetes: 'DE15B14486CD377B9E876E1A234654DA9A296436',
  docker: { deb: '9DC858229FC7DD38854AE2D88D81803C0EBFCD88', rpm: '060A61C51B558A7F742B77AAC52FEB6B621E9F35' },
} as const;

/** How the script finds the join token when KUBEADM_JOIN_TOKEN is not set; the token itself is never rendered. */
export interface OosTokenParameter {
  readonly name: string;
  readonly region: string;
  readonly ramRoleName: string;
}

/**
 * Guide step 6a: `init-node-ecs.sh`. Every config value enters the script through `<%= %>`, which is `shellQuote`
 * (test/node-init-script.test.ts scans the templates for any other output). Decisions that depend only on the
 * config (OS family, containerd major, token source) are taken here, at render time, so each rendered script
 * holds only the branch it runs.
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
      oos,
      keys: {
        kubernetes: nodeInit.kubernetesRepositoryKeyFingerprint ?? REPOSITORY_KEYS.kubernetes,
        containerd: nodeInit.containerd.keyFingerprint ?? REPOSITORY_KEYS.docker[nodeInit.os],
      },
      labelRule: {
        guarded: GUARDED_NAMESPACES,
        labels: KUBELET_LABELS,
        namespaces: KUBELET_LABEL_NAMESPACES,
        sentence: KUBELET_LABEL_RULE,
      },
      tokenSourceSentence: oos
        ? `the encrypted OOS parameter ${oos.name} (${oos.region}), read with the instance RAM role ${oos.ramRoleName}`
        : 'the environment variable KUBEADM_JOIN_TOKEN',
    },
    shellQuote,
  );
}

/** The default OOS parameter name: valid by the OOS naming rule (letters, digits, "-", "_"). */
export function defaultOosParameterName(clusterName: string): string {
  return `ack-hybrid-${clusterName}-join-token`;
}

/** The OOS parameter holding the token, or undefined when the token comes from the environment. */
export function oosTokenParameter(spec: ClusterSpec): OosTokenParameter | undefined {
  const source = spec.nodeInit.join.tokenSource;
  if (source.type !== 'oos-secret-parameter') return undefined;
  return {
    name: source.name ?? defaultOosParameterName(spec.name),
    region: source.region ?? spec.region,
    ramRoleName: source.ramRoleName,
  };
}
