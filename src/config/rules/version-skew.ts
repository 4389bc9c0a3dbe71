/**
 * Kubernetes' version-skew policy (https://kubernetes.io/releases/version-skew-policy/, read 2026-12-07):
 * "kubelet must not be newer than kube-apiserver" and "may be up to three minor versions older". A cloud node
 * built from a script newer than the control plane joins and then misbehaves (its kubelet calls APIs the
 * server lacks), so the upgrade order is control plane first, then kubernetesVersion.
 */
import { CONTROL_PLANE_VERSION } from '../formats';
import { valueAt } from '../source';
import { parseVersion } from '../versions';
import { Rule } from './rule';

/** How many minors a kubelet may lag kube-apiserver (the policy, for kubelet 1.25 and later). */
export const KUBELET_MAX_MINORS_BEHIND = 3;

export const versionSkew: Rule = {
  name: 'version-skew',
  description: "nodeInit.kubernetesVersion is no newer than onPrem.controlPlaneVersion and at most three minors older (Kubernetes' version-skew policy)",
  check(ctx) {
    const control = minorOf(valueAt(ctx.data, ['onPrem', 'controlPlaneVersion']));
    const nodes = minorOf(valueAt(ctx.data, ['nodeInit', 'kubernetesVersion']));
    if (control === undefined || nodes === undefined) return;
    const oldest = Math.max(0, control.minor - KUBELET_MAX_MINORS_BEHIND);
    const allowed = `a kubelet minor from 1.${oldest} to 1.${control.minor}: no newer than kube-apiserver, at most ${KUBELET_MAX_MINORS_BEHIND} minors older (https://kubernetes.io/releases/version-skew-policy/)`;
    const where = `onPrem.controlPlaneVersion "${control.version}" (${ctx.at(['onPrem', 'controlPlaneVersion'])})`;
    if (nodes.minor > control.minor) {
      ctx.report(
        ['nodeInit', 'kubernetesVersion'],
        `"${nodes.version}", newer than the control plane: ${where}`,
        `${allowed}; upgrade the control plane first`,
      );
    } else if (nodes.minor < oldest) {
      ctx.report(
        ['nodeInit', 'kubernetesVersion'],
        `"${nodes.version}", more than ${KUBELET_MAX_MINORS_BEHIND} minors behind the control plane: ${where}`,
        allowed,
      );
    }
  },
};

/** A well-formed "1.y.z" (a malformed one is the schema's to report) and its minor. */
function minorOf(value: unknown): { version: string; minor: number } | undefined {
  if (typeof value !== 'string' || !CONTROL_PLANE_VERSION.test(value)) return undefined;
  return { version: value, minor: parseVersion(value)![1] };
}
