/**
 * The warnings of a valid cluster file: what is accepted but deserves attention, located like problems. Today
 * these are version-policy.ts's (end of life, untested versions, a pause image kubeadm does not expect).
 */
import { describeValue, fieldPath } from './describe';
import { Problem } from './problems';
import { ClusterSpec } from './schema';
import { locate, ParsedSource, valueAt } from './source';
import { today } from './today';
import { versionFindings } from './version-policy';

export function clusterWarnings(source: ParsedSource, spec: ClusterSpec, date: string = today()): Problem[] {
  const { nodeInit } = spec;
  const findings = versionFindings(
    {
      kubernetesVersion: nodeInit.kubernetesVersion,
      containerdVersion: nodeInit.containerd.version,
      pauseImage: nodeInit.containerd.pauseImage,
      allowUntestedVersions: nodeInit.allowUntestedVersions,
    },
    date,
  );
  return findings
    .filter((finding) => finding.severity === 'warning')
    .map((finding) => {
      const path = ['nodeInit', ...finding.field];
      // A defaulted field (containerd.version left out) is located at the nearest key the file has.
      const written = valueAt(source.data, path);
      const value = written === undefined ? `${valueAt(spec, path) as string} (the default)` : describeValue(written);
      return {
        file: source.file,
        ...locate(source, path),
        field: fieldPath(path),
        found: `${value}: ${finding.why}`,
        allowed: finding.allowed,
        hint: finding.hint,
        severity: 'warning' as const,
      };
    });
}
