/**
 * The alicloud provider's schema, as extracted from its Go source at the pinned tag by
 * tools/alicloud-schema (see schema/alicloud-provider/SOURCE.md). The validator checks every file we write
 * against it; the pinned version in `required_providers` comes from here too, so the two cannot drift.
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

/** schema/ sits beside scripts-templates/, in the repository and in the package. */
export const PROVIDER_SCHEMA_FILE = path.join(path.dirname(TEMPLATES_DIR), 'schema', 'alicloud-provider', 'schema.json');

let cached: ProviderSchema | undefined;

/** Read once, when the first cluster with a `terraform` section is built: other runs never pay for it. */
export function providerSchema(): ProviderSchema {
  cached ??= JSON.parse(fs.readFileSync(PROVIDER_SCHEMA_FILE, 'utf8')) as ProviderSchema;
  return cached;
}
