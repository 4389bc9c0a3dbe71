/**
 * `terway-ram.tf.json`: Terway's RAM policy (terway-ram-policy.json, the same bytes) and who gets it: the RAM user
 * of today's AccessKey model, or an existing role. Terway's credential chain (AliyunContainerService/terway v1.17.5,
 * daemon/builder.go: AccessKey, then `credential_path`, then the ECS instance's role from metadata) takes either.
 *
 * An AccessKey is created here only with `terway.credentials.mode: cloud-managed`: its secret then lives in the
 * Terraform state and, written by tofu-controller, in the cluster Secret, and no person copies it (outputs.ts). In
 * every other mode it stays the hand step of docs/credentials.md.
 */
import { ramNames } from '../../artifacts/runbook';
import { ADDRESSES, CloudContext, described, terwayAccessKeyAddress } from './context';
import { mergeFiles, block, ref, TerraformFile } from '../terraform/json';

export function terwayRamFile(ctx: CloudContext): TerraformFile {
  const names = ramNames(ctx.spec);
  const identity = ctx.terraform.terwayIdentity;
  const policy = block(ADDRESSES.terwayPolicy, {
    policy_name: names.policy,
    // Compact, as RAM stores it: the same statements as terway-ram-policy.json.
    policy_document: JSON.stringify(JSON.parse(ctx.terwayPolicy)),
    description: described('ECS and VPC calls of Terway on cloud nodes', ctx),
  });
  if (identity.type === 'ram-user') {
    const credentials = ctx.spec.terway.credentials;
    const cloudManaged = credentials.mode === 'cloud-managed';
    return mergeFiles([
      policy,
      block(ADDRESSES.terwayUser, {
        name: names.user,
        comments: described(
          cloudManaged ? 'Terway on cloud nodes; its AccessKey is created here' : 'Terway on cloud nodes; its AccessKey is created by hand',
          ctx,
        ),
      }),
      block(ADDRESSES.terwayUserAttachment, {
        policy_name: ref(ADDRESSES.terwayPolicy, 'policy_name'),
        policy_type: 'Custom',
        user_name: ref(ADDRESSES.terwayUser, 'name'),
      }),
      // No secret_file (it would write the key to the runner's disk) and no pgp_key (Terway needs the plain key):
      // the secret is the sensitive attribute `secret`, in the state only (provider docs, r/ram_access_key).
      ...(cloudManaged ? [block(terwayAccessKeyAddress(credentials.keyGeneration), { user_name: ref(ADDRESSES.terwayUser, 'name'), status: 'Active' })] : []),
    ]);
  }
  // The node role is created by join-token.tf.json: refer to it, so the attachment waits for it.
  const roleName = identity.roleName === ctx.token.ramRoleName ? ref(ADDRESSES.nodeRole, 'role_name') : identity.roleName;
  return mergeFiles([
    policy,
    block(ADDRESSES.terwayRoleAttachment, { policy_name: ref(ADDRESSES.terwayPolicy, 'policy_name'), policy_type: 'Custom', role_name: roleName }),
  ]);
}
