/**
 * The cloud stage: a cluster's `cloud/` folder, OpenTofu/Terraform JSON for the aliyun/alicloud provider, and with
 * the rotating join token a second root module `cloud/join-token/` (alicloud, hashicorp/time, random and
 * kubernetes; join-token-module.ts), applied unattended while `cloud/` waits for a person (docs/cloud.md). One
 * file per concern, each object named after a field of the cluster file; each module is validated on its own, as
 * `tofu validate` sees one folder, against the providers' schemas and checked (terraform/checks.ts) before it is
 * returned, so a file that `tofu validate` would refuse is never written. A problem found there is a bug of ack-hybrid, not of the cluster
 * file: the schema and rules (config/rules/terraform.ts) refuse every input that could cause one.
 */
import { ClusterSpec } from '../config/schema';
import { JOIN_TOKEN_FOLDER, joinTokenModule } from './join-token-module';
import { clusterFile } from './resources/cluster';
import { CloudContext, cloudContext } from './resources/context';
import { joinTokenFile } from './resources/join-token';
import { nodeInitScriptFile } from './resources/node-init-script';
import { nodePoolsFile } from './resources/node-pools';
import { outputsFile } from './resources/outputs';
import { providerFile } from './resources/provider';
import { routesFile } from './resources/routes';
import { securityGroupsFile } from './resources/security-groups';
import { terwayAddonFile } from './resources/terway-addon';
import { terwayRamFile } from './resources/terway-ram';
import { checkModule } from './terraform/checks';
import { renderTerraformFile, TerraformFile } from './terraform/json';
import { ProviderSchemas, providerSchemas } from './terraform/provider-schema';
import { TerraformProblem, validateModule } from './terraform/validate';

/** The folder inside a cluster's output. */
export const CLOUD_FOLDER = 'cloud';

/** The files the cloud code refers to, by their name in the cluster's folder. */
export interface CloudInputs {
  readonly script: string;
  readonly terwayPolicy: string;
}

/**
 * `cloud/<file>.tf.json` and `cloud/join-token/<file>.tf.json` → bytes, in a fixed order; empty when the cluster file
 * has no `terraform` section.
 */
export function cloudFiles(spec: ClusterSpec, inputs: CloudInputs): Map<string, string> {
  if (spec.terraform === undefined) return new Map();
  const providers = providerSchemas();
  const ctx = cloudContext(spec, inputs.script, inputs.terwayPolicy);
  const main = cloudModule(ctx, providers);
  const joinToken = joinTokenModule(ctx, providers);
  const siblings = new Map([
    ['init-node-ecs.sh', inputs.script],
    ['terway-ram-policy.json', inputs.terwayPolicy],
  ]);
  const problems = [
    ...moduleProblems(main, CLOUD_FOLDER, providers, siblings),
    // The join-token module uploads nothing: no file beside it may be named.
    ...(joinToken === undefined ? [] : moduleProblems(joinToken, `${CLOUD_FOLDER}/${JOIN_TOKEN_FOLDER}`, providers, new Map())),
  ];
  if (problems.length > 0) throw new CloudCodeBug(spec.name, problems);
  return new Map([
    ...[...main].map(([name, file]): [string, string] => [`${CLOUD_FOLDER}/${name}`, renderTerraformFile(file)]),
    ...[...(joinToken ?? [])].map(([name, file]): [string, string] => [`${CLOUD_FOLDER}/${JOIN_TOKEN_FOLDER}/${name}`, renderTerraformFile(file)]),
  ]);
}

/** One module's problems, each file named by its path under the cluster's folder. */
function moduleProblems(
  module: ReadonlyMap<string, TerraformFile>,
  folder: string,
  providers: ProviderSchemas,
  siblings: ReadonlyMap<string, string>,
): TerraformProblem[] {
  return [...validateModule(module, { providers }), ...checkModule(module, { siblings })].map((p) => ({ ...p, file: `${folder}/${p.file}` }));
}

function cloudModule(ctx: CloudContext, providers: ProviderSchemas): Map<string, TerraformFile> {
  const files: [string, TerraformFile | undefined][] = [
    // The main module needs alicloud only: the rotating token's time, random and kubernetes are in cloud/join-token/.
    ['versions.tf.json', providerFile(ctx, providers, { providers: ['alicloud'] })],
    ['cluster.tf.json', clusterFile(ctx)],
    ['terway-ram.tf.json', terwayRamFile(ctx)],
    ['terway-addon.tf.json', terwayAddonFile(ctx)],
    ['node-init-script.tf.json', nodeInitScriptFile(ctx)],
    ['join-token.tf.json', joinTokenFile(ctx)],
    ['node-pools.tf.json', nodePoolsFile(ctx)],
    ['security-groups.tf.json', securityGroupsFile(ctx)],
    ['routes.tf.json', routesFile(ctx)],
    ['outputs.tf.json', outputsFile(ctx)],
  ];
  return new Map(files.filter((entry): entry is [string, TerraformFile] => entry[1] !== undefined));
}

/** The cloud code failed its own validation: always a bug (exit 70), with every problem named. */
export class CloudCodeBug extends Error {
  constructor(
    readonly cluster: string,
    readonly problems: readonly TerraformProblem[],
  ) {
    super(`ack-hybrid bug: the cloud code of ${cluster} fails validation:\n${problems.map((p) => `  ${p.file}: ${p.path}: ${p.message}`).join('\n')}`);
  }
}
