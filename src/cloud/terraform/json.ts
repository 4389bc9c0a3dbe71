/**
 * Terraform's JSON syntax, as plain data: what `*.tf.json` files hold. OpenTofu reads the same syntax
 * (https://developer.hashicorp.com/terraform/language/syntax/json, https://opentofu.org/docs/language/syntax/json/).
 *
 * Files are built from plain objects in a fixed key order and printed with `JSON.stringify`, so the same
 * cluster file gives the same bytes. No key is ever an integer-like string: `JSON.stringify` would move it first.
 */

export type Json = string | number | boolean | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

/** One `*.tf.json` file: its top-level keys (`terraform`, `provider`, `variable`, `resource`, `data`, `output`). */
export type TerraformFile = JsonObject;

/** A resource or data source address: `alicloud_ram_policy.terway`, `data.alicloud_cs_clusters.this`. */
export interface Address {
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
}

export function resourceAddress(type: string, name: string): Address {
  return { mode: 'resource', type, name };
}

export function dataAddress(type: string, name: string): Address {
  return { mode: 'data', type, name };
}

/** `alicloud_ram_policy.terway` or `data.alicloud_cs_clusters.this`, as `depends_on` and references write it. */
export function addressText(address: Address): string {
  return `${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}`;
}

/** `${alicloud_ram_policy.terway.policy_name}`: an attribute of another object, as an interpolation. */
export function ref(address: Address, attribute: string): string {
  return `\${${addressText(address)}.${attribute}}`;
}

/** `${var.join_token}` */
export function varRef(name: string): string {
  return `\${var.${name}}`;
}

/** `{ resource: { <type>: { <name>: body } } }` (or `data`): one object of one file. */
export function block(address: Address, body: JsonObject): TerraformFile {
  return { [address.mode]: { [address.type]: { [address.name]: body } } };
}

/**
 * Merges files' top-level sections (two levels deep: `resource.<type>.<name>`), for a file that holds several
 * objects. A name given twice is a bug: Terraform would refuse the module.
 */
export function mergeFiles(parts: readonly TerraformFile[]): TerraformFile {
  const merged: Record<string, Record<string, Record<string, Json>>> = {};
  for (const part of parts) {
    for (const [section, byType] of Object.entries(part)) {
      const target = (merged[section] ??= {});
      for (const [type, value] of Object.entries(byType as JsonObject)) {
        if (section === 'resource' || section === 'data') {
          const names = (target[type] ??= {}) as Record<string, Json>;
          for (const [name, body] of Object.entries(value as JsonObject)) {
            if (name in names) throw new Error(`ack-hybrid bug: ${section}.${type}.${name} is defined twice`);
            names[name] = body;
          }
        } else {
          if (type in target) throw new Error(`ack-hybrid bug: ${section}.${type} is defined twice`);
          target[type] = value as Record<string, Json>;
        }
      }
    }
  }
  return merged as TerraformFile;
}

/** The bytes of a file: two-space JSON and a final newline, as `terraform fmt` leaves `.tf.json` alone. */
export function renderTerraformFile(file: TerraformFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * A Terraform name (resource name, variable, output): a letter or "_", then letters, digits, "_" or "-"
 * (https://developer.hashicorp.com/terraform/language/syntax/configuration#identifiers).
 */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A name from the cluster file (DNS labels may start with a digit) as a Terraform name. */
export function identifier(prefix: string, name: string): string {
  const id = `${prefix}_${name}`;
  if (!IDENTIFIER.test(id)) throw new Error(`ack-hybrid bug: ${JSON.stringify(id)} is not a Terraform identifier`);
  return id;
}
