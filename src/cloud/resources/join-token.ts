/**
 * Where new nodes read the kubeadm join token (`nodeInit.join.tokenSource`), and the role that lets them.
 *
 * - The encrypted OOS parameter. Its value is, by `terraform.joinToken.mode`, the newer token of the two slots the
 *   cloud code rotates (rotating-token.ts), or the sensitive variable `join_token` the operator gives (supplied);
 *   never a literal: the token is in no file of this repository. It does live in the Terraform state
 *   (docs/cloud.md, "State"; docs/security.md). With the rotating token the parameter is in the join-token module
 *   (`cloud/join-token/`, join-token-module.ts), which a runner applies unattended; with a supplied one it stays
 *   in the main module's `join-token.tf.json`.
 * - The node pools' instance RAM role, always in the main module (`join-token.tf.json`), trusted by ECS only, with a
 *   policy that allows exactly `oos:GetSecretParameter` on that parameter, named by its name from the cluster file
 *   (never a reference into the other module, which Terraform cannot resolve), and `kms:GetSecretValue`, which OOS
 *   calls to decrypt it (the OOS GetSecretParameter API reference; the RUNBOOK's join-token section says the same).
 */
import { ADDRESSES, CloudContext, described, policyDocument } from './context';
import { mergeFiles, block, ref, varRef, TerraformFile } from '../terraform/json';

export const JOIN_TOKEN_VARIABLE = 'join_token';

/** ECS instances may assume the role (RAM "Create a RAM role for a trusted Alibaba Cloud service"). */
export const ECS_TRUST_POLICY = policyDocument([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['ecs.aliyuncs.com'] } }]);

/** The main module's `join-token.tf.json`: the node role, and with a supplied token its variable and parameter. */
export function joinTokenFile(ctx: CloudContext): TerraformFile {
  const { token } = ctx;
  return mergeFiles([
    ...(ctx.terraform.joinToken.mode === 'supplied' ? [suppliedVariable(ctx), tokenParameter(ctx, varRef(JOIN_TOKEN_VARIABLE), [])] : []),
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

/** The OOS parameter nodes read, in whichever module holds the token's source. */
export function tokenParameter(ctx: CloudContext, value: string, dependsOn: readonly string[]): TerraformFile {
  return block(ADDRESSES.joinToken, {
    secret_parameter_name: ctx.token.name,
    value,
    description: described(`kubeadm join token for cloud nodes (${ctx.terraform.joinToken.mode})`, ctx),
    ...(ctx.oosProvider === undefined ? {} : { provider: `alicloud.${ctx.oosProvider}` }),
    ...(dependsOn.length === 0 ? {} : { depends_on: [...dependsOn] }),
  });
}

function suppliedVariable(ctx: CloudContext): TerraformFile {
  return {
    variable: {
      [JOIN_TOKEN_VARIABLE]: {
        type: 'string',
        sensitive: true,
        description: `The kubeadm join token of ${ctx.spec.name} ([a-z0-9]{6}.[a-z0-9]{16}), stored in OOS ${ctx.token.name}; from a Secret of the runner, never a file.`,
      },
    },
  };
}

/** Exactly what the node script calls: one parameter, and the KMS read OOS makes on the caller's behalf. */
export function nodeRolePolicy(region: string, name: string): string {
  return policyDocument([
    { Effect: 'Allow', Action: ['oos:GetSecretParameter'], Resource: [`acs:oos:${region}:*:secretparameter/${name}`] },
    { Effect: 'Allow', Action: ['kms:GetSecretValue'], Resource: ['*'] },
  ]);
}
