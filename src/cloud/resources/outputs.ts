/**
 * `outputs.tf.json`: what the next step needs (the RUNBOOK's checks, tofu-controller's outputs). With
 * `terway.credentials.mode: cloud-managed`, also Terway's AccessKey, as two sensitive outputs that tofu-controller's
 * `writeOutputsToSecret` renames to the keys Terway reads (charts/tofu-controller.ts): `tofu output` masks them, and
 * nothing but the controller reads them.
 */
import { ADDRESSES, CloudContext, TERWAY_KEY_OUTPUTS, terwayAccessKeyAddress } from './context';
import { JsonObject, ref, TerraformFile } from '../terraform/json';
import { ROTATING_ADDRESSES, SLOTS } from './rotating-token';

export function outputsFile(ctx: CloudContext): TerraformFile {
  // When each slot of the rotating token is replaced next (the first apply after that time): the RUNBOOK's check.
  const rotation: Record<string, JsonObject> =
    ctx.terraform.joinToken.mode === 'rotating'
      ? Object.fromEntries(
          SLOTS.map((slot) => [
            `join_token_${slot}_rotates_after`,
            {
              value: ref(ROTATING_ADDRESSES.rotation(slot), 'rotation_rfc3339'),
              description: `When join-token slot ${slot} is replaced, at the first apply after it.`,
            },
          ]),
        )
      : {};
  return {
    output: {
      ...terwayKeyOutputs(ctx),
      terway_policy_name: { value: ref(ADDRESSES.terwayPolicy, 'policy_name'), description: 'The RAM policy Terway acts with.' },
      node_role_name: { value: ref(ADDRESSES.nodeRole, 'role_name'), description: 'The instance RAM role of the cloud node pools.' },
      join_token_parameter: {
        value: ref(ADDRESSES.joinToken, 'secret_parameter_name'),
        description: `The OOS secret parameter new nodes read the join token from (${ctx.token.region}).`,
      },
      node_init_script_key: { value: ref(ADDRESSES.scriptObject, 'key'), description: 'The OSS object ack-agent-config points new nodes at.' },
      ...rotation,
    },
  };
}

function terwayKeyOutputs(ctx: CloudContext): Record<string, JsonObject> {
  const credentials = ctx.spec.terway.credentials;
  if (credentials.mode !== 'cloud-managed') return {};
  const key = terwayAccessKeyAddress(credentials.keyGeneration);
  const [id, secret] = TERWAY_KEY_OUTPUTS;
  return {
    [id.output]: {
      value: ref(key, 'id'),
      sensitive: true,
      description: `Terway's AccessKey ID, for kube-system/alibaba-addon-secret key ${id.secretKey} (written by tofu-controller).`,
    },
    [secret.output]: {
      value: ref(key, 'secret'),
      sensitive: true,
      description: `Terway's AccessKey secret, for kube-system/alibaba-addon-secret key ${secret.secretKey} (written by tofu-controller).`,
    },
  };
}
