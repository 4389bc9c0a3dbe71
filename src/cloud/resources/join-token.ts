/**
 * `join-token.tf.json`: where new nodes read the kubeadm join token (`nodeInit.join.tokenSource`), and the role
 * that lets them.
 *
 * - The encrypted OOS parameter. Its value is, by `terraform.joinToken.mode`, the newer token of the two slots the
 *   cloud code rotates (rotating-token.ts), or the sensitive variable `join_token` the operator gives (supplied);
 *   never a literal: the token is in no file of this repository. It does live in the Terraform state
 *   (docs/cloud.md, "State"; docs/security.md).
 * - The node pools' instance RAM role, trusted by ECS only, with a policy that allows exactly
 *   `oos:GetSecretParameter` on that parameter and `kms:GetSecretValue`, which OOS calls to decrypt it (the OOS
 *   GetSecretParameter API reference; the RUNBOOK's join-token section says the same).
 */
import { ADDRESSES, CloudContext, described, policyDocument } from './context';
import { mergeFiles, block, ref, varRef, TerraformFile, JsonObject } from '../terraform/json';
import { rotatingToken } from './rotating-token';

export const JOIN_TOKEN_VARIABLE = 'join_token';

/** ECS instances may assume the role (RAM "Create a RAM role for a trusted Alibaba Cloud service"). */
export const ECS_TRUST_POLICY = policyDocument([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['ecs.aliyuncs.com'] } }]);

export function joinTokenFile(ctx: CloudContext): TerraformFile {
  const { token } = ctx;
  const source = tokenSource(ctx);
  const parameter: JsonObject = {
    secret_parameter_name: token.name,
    value: source.value,
    description: described(`kubeadm join token for cloud nodes (${ctx.terraform.joinToken.mode})`, ctx),
    ...(ctx.oosProvider === undefined ? {} : { provider: `alicloud.${ctx.oosProvider}` }),
    ...(source.dependsOn.length === 0 ? {} : { depends_on: [...source.dependsOn] }),
  };
  return mergeFiles([
    ...source.parts,
    block(ADDRESSES.joinToken, parameter),
    block(ADDRESSES.nodeRole, {
      role_name: token.ramRoleName,
      assume_role_policy_document: ECS_TRUST_POLICY,
      description: described('instance role of cloud node pools: reads the join token', ctx),
    }),
    block(ADDRESSES.nodeRolePolicy, {
      policy_name: `${token.ramRoleName}-join-token`.slice(0, 128),
      policy_document: nodeRolePolicy(token.region, token.name),
      description: described(`read the join token ${token.name}`, ctx),
    }),
    block(ADDRESSES.nodeRoleAttachment, {
      policy_name: ref(ADDRESSES.nodeRolePolicy, 'policy_name'),
      policy_type: 'Custom',
      role_name: ref(ADDRESSES.nodeRole, 'role_name'),
    }),
  ]);
}

/** The parameter's value and what it needs, by `terraform.joinToken.mode`. */
function tokenSource(ctx: CloudContext): { parts: readonly TerraformFile[]; value: string; dependsOn: readonly string[] } {
  const spec = ctx.terraform.joinToken;
  if (spec.mode === 'rotating') return rotatingToken(ctx, spec);
  return {
    parts: [
      {
        variable: {
          [JOIN_TOKEN_VARIABLE]: {
            type: 'string',
            sensitive: true,
            description: `The kubeadm join token of ${ctx.spec.name} ([a-z0-9]{6}.[a-z0-9]{16}), stored in OOS ${ctx.token.name}; from a Secret of the runner, never a file.`,
          },
        },
      },
    ],
    value: varRef(JOIN_TOKEN_VARIABLE),
    dependsOn: [],
  };
}

/** Exactly what the node script calls: one parameter, and the KMS read OOS makes on the caller's behalf. */
export function nodeRolePolicy(region: string, name: string): string {
  return policyDocument([
    { Effect: 'Allow', Action: ['oos:GetSecretParameter'], Resource: [`acs:oos:${region}:*:secretparameter/${name}`] },
    { Effect: 'Allow', Action: ['kms:GetSecretValue'], Resource: ['*'] },
  ]);
}
