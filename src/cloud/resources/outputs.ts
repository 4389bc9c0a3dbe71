/** `outputs.tf.json`: what the next step needs (the RUNBOOK's checks, tofu-controller's outputs). Never a secret. */
import { ADDRESSES, CloudContext } from './context';
import { ref, TerraformFile } from '../terraform/json';

export function outputsFile(ctx: CloudContext): TerraformFile {
  return {
    output: {
      terway_policy_name: { value: ref(ADDRESSES.terwayPolicy, 'policy_name'), description: 'The RAM policy Terway acts with.' },
      node_role_name: { value: ref(ADDRESSES.nodeRole, 'role_name'), description: 'The instance RAM role of the cloud node pools.' },
      join_token_parameter: {
        value: ref(ADDRESSES.joinToken, 'secret_parameter_name'),
        description: `The OOS secret parameter new nodes read the join token from (${ctx.token.region}).`,
      },
      node_init_script_key: { value: ref(ADDRESSES.scriptObject, 'key'), description: 'The OSS object ack-agent-config points new nodes at.' },
    },
  };
}
