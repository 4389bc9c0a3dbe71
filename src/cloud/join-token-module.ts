/**
 * The join-token module, `cloud/join-token/`, with `terraform.joinToken.mode: rotating` (docs/cloud.md, "The join
 * token"): its own root module, so that it can be applied on a schedule without a person's approval while the main
 * module (`cloud/`) keeps it. It holds only what rotating the token needs: the two slots (rotating-token.ts), their
 * bootstrap-token Secrets, and the OOS parameter holding the newer token. An apply of it can create or replace
 * bootstrap tokens and that parameter's value, nothing else: no role, policy, node or network. It refers to nothing
 * of the main module (Terraform resolves no reference across root modules); the main module names the parameter by
 * its name from the cluster file in the node role's policy.
 *
 * Order: the parameter must exist before a node boots. tofu-controller's main Terraform object `dependsOn` this
 * module's object (charts/tofu-controller.ts), so the node pools are planned only once this module has applied;
 * by hand, the RUNBOOK applies `cloud/join-token/` first.
 */
import { ADDRESSES, CloudContext } from './resources/context';
import { tokenParameter } from './resources/join-token';
import { providerFile } from './resources/provider';
import { ROTATING_ADDRESSES, rotatingToken, SLOTS } from './resources/rotating-token';
import { JsonObject, mergeFiles, ref, TerraformFile } from './terraform/json';
import { ProviderSchemas } from './terraform/provider-schema';

/** The module's folder inside `cloud/`. */
export const JOIN_TOKEN_FOLDER = 'join-token';

/** Its state file in the shared `oss` backend settings, beside the main module's `terraform.tfstate`. */
export const JOIN_TOKEN_STATE_KEY = 'join-token.tfstate';

/** The module's files by name (without the folder), or undefined when the token is supplied (no such module). */
export function joinTokenModule(ctx: CloudContext, providers: ProviderSchemas): Map<string, TerraformFile> | undefined {
  const spec = ctx.terraform.joinToken;
  if (spec.mode !== 'rotating') return undefined;
  const token = rotatingToken(ctx, spec);
  return new Map([
    ['versions.tf.json', providerFile(ctx, providers, { providers: ['alicloud', 'time', 'random', 'kubernetes'], stateKey: JOIN_TOKEN_STATE_KEY })],
    ['join-token.tf.json', mergeFiles([...token.parts, tokenParameter(ctx, token.value, token.dependsOn)])],
    ['outputs.tf.json', joinTokenOutputs(ctx)],
  ]);
}

/** The parameter's name and when each slot is replaced next (the first apply after that time): the RUNBOOK's checks. */
function joinTokenOutputs(ctx: CloudContext): TerraformFile {
  const rotation: Record<string, JsonObject> = Object.fromEntries(
    SLOTS.map((slot) => [
      `join_token_${slot}_rotates_after`,
      {
        value: ref(ROTATING_ADDRESSES.rotation(slot), 'rotation_rfc3339'),
        description: `When join-token slot ${slot} is replaced, at the first apply after it.`,
      },
    ]),
  );
  return {
    output: {
      join_token_parameter: {
        value: ref(ADDRESSES.joinToken, 'secret_parameter_name'),
        description: `The OOS secret parameter new nodes read the join token from (${ctx.token.region}).`,
      },
      ...rotation,
    },
  };
}
