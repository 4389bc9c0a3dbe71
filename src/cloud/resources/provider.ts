/**
 * `versions.tf.json` of a module: the providers it uses, pinned to the tags whose schemas validated its files, the
 * alicloud region, and an OSS backend whose settings the runner gives. No credentials: the runner (tofu-controller,
 * CI) supplies them (docs/cloud.md, "Credentials" and "State").
 */
import { REQUIRED_TERRAFORM_VERSION } from '../../config/cloud-versions';
import { JsonObject, TerraformFile } from '../terraform/json';
import { ProviderName, ProviderSchemas } from '../terraform/provider-schema';
import { CloudContext } from './context';

/** What differs between the main module and the join-token module. */
export interface ProviderFileOptions {
  /** The providers the module's resources need (alicloud always; time, random, kubernetes for the rotating token). */
  readonly providers: readonly ProviderName[];
  /**
   * The `oss` backend's state file name, when it must differ from the default `terraform.tfstate`: the join-token
   * module shares the runner's backend settings (bucket, prefix) with the main module, and two modules in one state
   * file would destroy each other's resources. @default - none: the main module keeps the default key
   */
  readonly stateKey?: string;
}

export function providerFile(ctx: CloudContext, schemas: ProviderSchemas, options: ProviderFileOptions): TerraformFile {
  const providers: JsonObject[] = [{ region: ctx.spec.region }];
  if (ctx.oosProvider !== undefined) providers.push({ alias: ctx.oosProvider, region: ctx.token.region });
  // time, random and kubernetes get no provider block: time and random have no settings, and the kubernetes
  // provider with none uses the runner pod's service account (hashicorp/terraform-provider-kubernetes v3.2.1
  // docs/index.md, "In-cluster Config") or KUBE_CONFIG_PATH.
  const required: Record<string, JsonObject> = {};
  for (const name of options.providers) {
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
      backend: { oss: options.stateKey === undefined ? {} : { key: options.stateKey } },
    },
    provider: { alicloud: providers.length === 1 ? providers[0] : providers },
  };
}
