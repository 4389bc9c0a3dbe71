/**
 * `versions.tf.json`: the provider, pinned to the tag whose schema validated these files, its region, and an OSS
 * backend whose settings the runner gives. No credentials: the runner (tofu-controller, CI) supplies them
 * (docs/cloud.md, "Credentials" and "State").
 */
import { REQUIRED_TERRAFORM_VERSION } from '../../config/cloud-versions';
import { JsonObject, TerraformFile } from '../terraform/json';
import { ProviderSchemas } from '../terraform/provider-schema';
import { CloudContext } from './context';

export function providerFile(ctx: CloudContext, schemas: ProviderSchemas): TerraformFile {
  const providers: JsonObject[] = [{ region: ctx.spec.region }];
  if (ctx.oosProvider !== undefined) providers.push({ alias: ctx.oosProvider, region: ctx.token.region });
  // The rotating join token also needs time, random and kubernetes. They get no provider block: time and random
  // have no settings, and the kubernetes provider with none uses the runner pod's service account
  // (hashicorp/terraform-provider-kubernetes v3.2.1 docs/index.md, "In-cluster Config") or KUBE_CONFIG_PATH.
  const names = ctx.terraform.joinToken.mode === 'rotating' ? (['alicloud', 'time', 'random', 'kubernetes'] as const) : (['alicloud'] as const);
  const required: Record<string, JsonObject> = {};
  for (const name of names) {
    const schema = schemas[name];
    if (schema === undefined) throw new Error(`ack-hybrid bug: no schema for the ${name} provider`);
    required[name] = { source: schema.provider.source, version: schema.provider.version };
  }
  return {
    terraform: {
      required_version: REQUIRED_TERRAFORM_VERSION,
      required_providers: required,
      // State holds the join token: it never lands in this folder by default. Settings come from
      // `init -backend-config`; tofu-controller replaces the block with its own (docs/cloud.md, "State").
      backend: { oss: {} },
    },
    provider: { alicloud: providers.length === 1 ? providers[0] : providers },
  };
}
