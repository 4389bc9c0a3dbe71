import { ClusterSpec } from '../config/schema';
import { GUARDED_NAMESPACES, KUBELET_LABEL_NAMESPACES, KUBELET_LABEL_RULE, KUBELET_LABELS } from '../config/kubelet-labels';
import { configVersionFor, defaultPauseImage, REPOSITORY_KEYS, VERSIONS } from '../config/versions';
import { shellQuote } from '../escape/shell';
import { renderTemplate } from './templates';

/**
 * Fingerprints of the keys that sign the upstream repositories (versions.data.json `keys`, with their sources);
 * mirrors such as mirrors.aliyun.com serve the same keys. The script compares a fetched key with these before it
 * trusts it: pkgs.k8s.io's OBS key (deb Release.key, rpm repomd.xml.key), and download.docker.com's deb key
 * (linux/<ID>/gpg) and rpm key (linux/rhel/gpg).
 */
export { REPOSITORY_KEYS };

/** The deb systems the script accepts and refuses, and how its messages name the accepted ones. */
export function debSystems() {
  const { supported, refused } = VERSIONS.distributions.deb;
  return { supported, refused, names: systemNames(supported) };
}

/** "Ubuntu 22.04/24.04/26.04, Debian 12/13": systems grouped by distribution, in the data's order. */
export function systemNames(systems: readonly { readonly name: string; readonly version: string }[]): string {
  const groups = new Map<string, string[]>();
  for (const s of systems) {
    const distribution = s.name.slice(0, s.name.length - s.version.length).trim();
    groups.set(distribution, [...(groups.get(distribution) ?? []), s.version]);
  }
  return [...groups].map(([distribution, versions]) => `${distribution} ${versions.join('/')}`).join(', ');
}

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
      configVersion: configVersionFor(nodeInit.containerd.version),
      pauseImage: nodeInit.containerd.pauseImage ?? defaultPauseImage(nodeInit.kubernetesVersion),
      systems: debSystems(),
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
