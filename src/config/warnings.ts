/**
 * The warnings of a valid cluster file: what is accepted but deserves attention, located like problems:
 * version-policy.ts's (end of life, untested versions, a pause image kubeadm does not expect), and a join token
 * source that nodes ACK One adds cannot use. (A rotating join token under manual plan approval is the
 * RUNBOOK's to explain, not a warning: approval by a person is the default the issue asks for.)
 */
import { describeValue, fieldPath } from './describe';
import { Problem } from './problems';
import { ClusterSpec } from './schema';
import { locate, ParsedSource, valueAt } from './source';
import { today } from './today';
import { versionFindings } from './version-policy';

export function clusterWarnings(source: ParsedSource, spec: ClusterSpec, date: string = today()): Problem[] {
  return [...versionWarnings(source, spec, date), ...setupWarnings(source, spec)];
}

/** A warning at `path` (located at the nearest key the file has when the value is a default). */
function warningAt(source: ParsedSource, spec: ClusterSpec, path: readonly string[], why: string, allowed: string): Problem {
  const written = valueAt(source.data, path);
  const value = written === undefined ? `${describeValue(valueAt(spec, path))} (the default)` : describeValue(written);
  return { file: source.file, ...locate(source, path), field: fieldPath(path), found: `${value}: ${why}`, allowed, severity: 'warning' };
}

function setupWarnings(source: ParsedSource, spec: ClusterSpec): Problem[] {
  const warnings: Problem[] = [];
  if (spec.nodeInit.join.tokenSource.type === 'env') {
    warnings.push(
      warningAt(
        source,
        spec,
        ['nodeInit', 'join', 'tokenSource', 'type'],
        'the script reads KUBEADM_JOIN_TOKEN, which ACK One does not set on the nodes its pools add: those nodes cannot join',
        "{ type: oos-secret-parameter } (the script reads the token from OOS with the node's instance role), or env only for nodes you start yourself",
      ),
    );
  }
  return warnings;
}

function versionWarnings(source: ParsedSource, spec: ClusterSpec, date: string): Problem[] {
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
