/**
 * The join token the cloud code makes and rotates itself (`terraform.joinToken.mode: rotating`; docs/cloud.md,
 * "The join token"). No person handles it: it is drawn by the random provider, written into the cluster as a
 * bootstrap-token Secret by the kubernetes provider (the runner's in-cluster service account), and into OOS for
 * the nodes. It is in no file of this folder; it is in the Terraform state (docs/security.md).
 *
 * Two slots, `a` and `b`, take turns so that the previous token stays valid while nodes may still hold it:
 * - each slot is a `time_rotating` of two rotation periods; when it expires, the first apply after replaces the
 *   slot's `random_string` (the 6-character token ID) and `random_password` (the 16-character secret), both keyed
 *   on the rotation (`keepers`), and with them the Secret, whose name carries the ID;
 * - slot `b` starts one period after `a` (`time_offset.join_token_b_start`), and keeps that start until it
 *   expires itself (`ignore_changes = [rfc3339]`): each time `b` rotates it takes `a`'s latest start plus one
 *   period, so the two stay half a cycle apart, whatever the applies' drift;
 * - the OOS parameter holds the token of the slot that started last (the larger `unix`): after every rotation
 *   the newest token, while the other slot's token stays valid until its own slot rotates, one period later.
 *
 * The Secret's keys are those of kubernetes/kubernetes staging/src/k8s.io/cluster-bootstrap/token/api/types.go
 * (what kubeadm's `BootstrapTokenToSecret` writes, cmd/kubeadm/app/apis/bootstraptoken/v1/utils.go): `token-id`,
 * `token-secret`, `expiration` (RFC 3339 UTC), `usage-bootstrap-authentication` and `usage-bootstrap-signing`
 * ("true"; signing lets kubeadm's discovery check cluster-info), `auth-extra-groups`, `description`.
 */
import { periodMinutes, RotatingJoinTokenSpec } from '../../config/schema';
import { addressText, block, JsonObject, ref, resourceAddress, TerraformFile } from '../terraform/json';
import { CloudContext, described } from './context';

export const SLOTS = ['a', 'b'] as const;
export type Slot = (typeof SLOTS)[number];

/** kubeadm's group for node tokens, which its RBAC lets post and auto-approve kubelet CSRs (kubeadm's `token create` default). */
export const NODE_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';

/** Where bootstrap tokens live (the authenticator and the tokencleaner read only this namespace). */
export const TOKEN_NAMESPACE = 'kube-system';

export const ROTATING_ADDRESSES = {
  rotation: (slot: Slot) => resourceAddress('time_rotating', `join_token_${slot}`),
  expiry: (slot: Slot) => resourceAddress('time_offset', `join_token_${slot}_expiry`),
  bStart: resourceAddress('time_offset', 'join_token_b_start'),
  id: (slot: Slot) => resourceAddress('random_string', `join_token_${slot}_id`),
  secret: (slot: Slot) => resourceAddress('random_password', `join_token_${slot}_secret`),
  bootstrapSecret: (slot: Slot) => resourceAddress('kubernetes_secret_v1', `join_token_${slot}`),
} as const;

/** What the OOS parameter needs from the rotating token. */
export interface RotatingToken {
  readonly parts: readonly TerraformFile[];
  /** The parameter's value: the newer slot's token, as a conditional of two locals. */
  readonly value: string;
  /** The Secrets exist before the parameter points nodes at them. */
  readonly dependsOn: readonly string[];
}

export function rotatingToken(ctx: CloudContext, spec: RotatingJoinTokenSpec): RotatingToken {
  const period = periodMinutes(spec.rotateEvery);
  const lifetime = periodMinutes(spec.lifetime);
  const a = ROTATING_ADDRESSES.rotation('a');
  const b = ROTATING_ADDRESSES.rotation('b');
  const parts: TerraformFile[] = [
    block(a, { rotation_minutes: 2 * period }),
    block(ROTATING_ADDRESSES.bStart, { base_rfc3339: ref(a, 'rfc3339'), offset_minutes: period }),
    block(b, {
      rotation_minutes: 2 * period,
      rfc3339: ref(ROTATING_ADDRESSES.bStart, 'rfc3339'),
      // b keeps its start when a rotates; it takes a new one only when it expires itself (then it is created).
      lifecycle: { ignore_changes: ['rfc3339'] },
    }),
    ...SLOTS.flatMap((slot) => slotParts(ctx, slot, lifetime)),
    { locals: Object.fromEntries(SLOTS.map((slot) => [localName(slot), tokenOf(slot)])) },
  ];
  return {
    parts,
    value: `\${${addressText(a)}.unix >= ${addressText(b)}.unix ? local.${localName('a')} : local.${localName('b')}}`,
    dependsOn: SLOTS.map((slot) => addressText(ROTATING_ADDRESSES.bootstrapSecret(slot))),
  };
}

function slotParts(ctx: CloudContext, slot: Slot, lifetime: number): TerraformFile[] {
  const rotation = ROTATING_ADDRESSES.rotation(slot);
  // Both halves are drawn again when the slot rotates: keepers change with the rotation's ID (its start).
  const keepers: JsonObject = { rotation: ref(rotation, 'id') };
  // Lower-case letters and digits only: kubeadm's BootstrapTokenPattern `\A([a-z0-9]{6})\.([a-z0-9]{16})\z`.
  const alphabet: JsonObject = { lower: true, upper: false, numeric: true, special: false };
  const id = ROTATING_ADDRESSES.id(slot);
  const secret = ROTATING_ADDRESSES.secret(slot);
  return [
    block(ROTATING_ADDRESSES.expiry(slot), { base_rfc3339: ref(rotation, 'rfc3339'), offset_minutes: lifetime }),
    block(id, { length: 6, ...alphabet, keepers }),
    block(secret, { length: 16, ...alphabet, keepers }),
    block(ROTATING_ADDRESSES.bootstrapSecret(slot), {
      metadata: [{ name: `bootstrap-token-${ref(id, 'result')}`, namespace: TOKEN_NAMESPACE }],
      type: 'bootstrap.kubernetes.io/token',
      data: {
        'token-id': ref(id, 'result'),
        'token-secret': ref(secret, 'result'),
        expiration: ref(ROTATING_ADDRESSES.expiry(slot), 'rfc3339'),
        'usage-bootstrap-authentication': 'true',
        'usage-bootstrap-signing': 'true',
        'auth-extra-groups': NODE_TOKEN_GROUP,
        description: described(`join token of cloud nodes, slot ${slot}, rotated by the cloud code`, ctx),
      },
    }),
  ];
}

function localName(slot: Slot): string {
  return `join_token_${slot}`;
}

/** `<id>.<secret>`: the token as kubeadm reads it. */
function tokenOf(slot: Slot): string {
  return `${ref(ROTATING_ADDRESSES.id(slot), 'result')}.${ref(ROTATING_ADDRESSES.secret(slot), 'result')}`;
}
