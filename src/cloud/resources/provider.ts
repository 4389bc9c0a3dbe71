/**
 * `versions.tf.json`: the provider, pinned to the tag whose schema validated these files, its region, and an OSS
 * backend whose settings the runner gives. No credentials: the runner (tofu-controller, CI) supplies them
 * (docs/cloud.md, "Credentials" and "State").
 */
import { REQUIRED_TERRAFORM_VERSION } from '../../config/cloud-versions';
import { JsonObject, TerraformFile } from '../terraform/json';
import { ProviderSchema } from '../terraform/provider-schema';
import { CloudContext } from './context';

export function providerFile(ctx: CloudContext, schema: ProviderSchema): TerraformFile {
  const providers: JsonObject[] = [{ region: ctx.spec.region }];
  if (ctx.oosProvider !== undefined) providers.push({ alias: ctx.oosProvider, region: ctx.token.region });
  return {
    terraform: {
      required_version: REQUIRED_TERRAFORM_VERSION,
      required_providers: { alicloud: { source: schema.provider.source, version: schema.provider.version } },
      // State holds the join token: it never lands in this folder by default. Settings come from
      // `init -backend-config`; tofu-controller replaces the block with its own (docs/cloud.md, "State").
      backend: { oss: {} },
    },
    provider: { alicloud: providers.length === 1 ? providers[0] : providers },
  };
}
