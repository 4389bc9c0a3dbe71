/**
 * `outputs.tf.json`: what the next step needs (the RUNBOOK's checks, tofu-controller's outputs). With
 * `terway.credentials.mode: cloud-managed`, also Terway's AccessKey, as two sensitive outputs that tofu-controller's
 * `writeOutputsToSecret` renames to the keys Terway reads (charts/tofu-controller.ts): `tofu output` masks them, and
 * nothing but the controller reads them.
 */
import { ADDRESSES, CloudContext, TERWAY_KEY_OUTPUTS, terwayAccessKeyAddress } from './context';
import { JsonObject, ref, TerraformFile } from '../terraform/json';

export function outputsFile(ctx: CloudContext): TerraformFile {
  return {
    output: {
      ...terwayKeyOutputs(ctx),
      terway_policy_name: { value: ref(ADDRESSES.terwayPolicy, 'policy_name'), description: 'The RAM policy Terway acts with.' },
      node_role_name: { value: ref(ADDRESSES.nodeRole, 'role_name'), description: 'The instance RAM role of the cloud node pools.' },
      join_token_parameter: {
        // With the rotating token the parameter is in cloud/join-token/: its name, from the cluster file, as the node role's policy names it.
        value: ctx.terraform.joinToken.mode === 'supplied' ? ref(ADDRESSES.joinToken, 'secret_parameter_name') : ctx.token.name,
        description: `The OOS secret parameter new nodes read the join token from (${ctx.token.region}).`,
      },
      node_init_script_key: { value: ref(ADDRESSES.scriptObject, 'key'), description: 'The OSS object ack-agent-config points new nodes at.' },
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
