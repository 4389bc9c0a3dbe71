/**
 * `terway-addon.tf.json`: the terway-eniip add-on on the registered cluster, at a pinned version. It starts once
 * Terway may call ECS and VPC (depends_on the policy's attachment): without it the daemon does not start.
 */
import { ADDRESSES, CloudContext, registeredClusterId } from './context';
import { addressText, block, TerraformFile } from '../terraform/json';

export function terwayAddonFile(ctx: CloudContext): TerraformFile {
  const attachment = ctx.terraform.terwayIdentity.type === 'ram-user' ? ADDRESSES.terwayUserAttachment : ADDRESSES.terwayRoleAttachment;
  return block(ADDRESSES.terwayAddon, {
    cluster_id: registeredClusterId(),
    name: 'terway-eniip',
    version: ctx.terraform.terwayAddonVersion,
    depends_on: [addressText(attachment)],
  });
}
