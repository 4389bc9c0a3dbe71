/**
 * The providers' schemas, each extracted from the provider's Go source at the pinned tag and kept under
 * `schema/<name>-provider/` with its SOURCE.md: aliyun/alicloud (tools/alicloud-schema), hashicorp/time and
 * hashicorp/random (tools/framework-schema), hashicorp/kubernetes (a documented transcription). The validator
 * checks every file we write against them; the pinned versions in `required_providers` come from here too, so a
 * pin and the schema that validated the files cannot drift.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TEMPLATES_DIR } from '../../artifacts/templates';

export type AttributeType = 'string' | 'number' | 'bool' | readonly ['list' | 'set' | 'map', AttributeType] | readonly ['list', 'object'];

export interface AttributeSchema {
  readonly type: AttributeType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly forceNew?: boolean;
  readonly enum?: readonly string[];
  readonly intRange?: readonly [number, number];
  readonly conflictsWith?: readonly string[];
  readonly exactlyOneOf?: readonly string[];
  readonly atLeastOneOf?: readonly string[];
  readonly requiredWith?: readonly string[];
  readonly deprecated?: string;
  readonly removed?: string;
}

export interface NestedBlockSchema {
  readonly nesting: 'list' | 'set';
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: string;
  readonly removed?: string;
  readonly conflictsWith?: readonly string[];
  readonly exactlyOneOf?: readonly string[];
  readonly atLeastOneOf?: readonly string[];
  readonly requiredWith?: readonly string[];
  readonly block: BlockSchema;
}

export interface BlockSchema {
  readonly attributes: { readonly [name: string]: AttributeSchema };
  readonly blocks: { readonly [name: string]: NestedBlockSchema };
}

export interface ProviderSchema {
  readonly provider: { readonly source: string; readonly version: string; readonly tag: string; readonly commit: string };
  readonly providerBlock: BlockSchema;
  readonly resources: { readonly [type: string]: BlockSchema };
  readonly dataSources: { readonly [type: string]: BlockSchema };
}

/**
 * The providers the cloud code may use, by their local name in `required_providers`. The local name is also the
 * prefix of their resource types (`time_rotating` → `time`), which is how the validator picks the schema of a
 * resource, as Terraform picks its provider when a resource has no `provider` argument.
 */
export const PROVIDER_NAMES = ['alicloud', 'time', 'random', 'kubernetes'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Schemas by local provider name: the providers a module may use and nothing else. */
export type ProviderSchemas = Readonly<Partial<Record<ProviderName, ProviderSchema>>>;

/** schema/ sits beside scripts-templates/, in the repository and in the package. */
export function providerSchemaFile(name: ProviderName): string {
  return path.join(path.dirname(TEMPLATES_DIR), 'schema', `${name}-provider`, 'schema.json');
}

/** The alicloud schema's file, kept under its old name for the tools and tests that read it. */
export const PROVIDER_SCHEMA_FILE = providerSchemaFile('alicloud');

const cached = new Map<ProviderName, ProviderSchema>();

/** Read once, when the first cluster with a `terraform` section is built: other runs never pay for it. */
export function providerSchema(name: ProviderName = 'alicloud'): ProviderSchema {
  let schema = cached.get(name);
  if (schema === undefined) {
    schema = JSON.parse(fs.readFileSync(providerSchemaFile(name), 'utf8')) as ProviderSchema;
    cached.set(name, schema);
  }
  return schema;
}

/** Every provider's schema, for a module that may use any of them. */
export function providerSchemas(): Required<ProviderSchemas> {
  return { alicloud: providerSchema('alicloud'), time: providerSchema('time'), random: providerSchema('random'), kubernetes: providerSchema('kubernetes') };
}

/** The provider a resource or data source type belongs to: the part before its first "_", when it is one of ours. */
export function providerOf(type: string): ProviderName | undefined {
  const prefix = type.slice(0, type.indexOf('_'));
  return (PROVIDER_NAMES as readonly string[]).includes(prefix) ? (prefix as ProviderName) : undefined;
}
