/**
 * `terraform validate`, offline, for the Terraform JSON we write: every block type, resource type, argument,
 * nested block, required argument, enum value and `${...}` reference is checked against the schema of the
 * provider the type belongs to (provider-schema.ts: alicloud, time, random, kubernetes; the type's prefix picks
 * it, as Terraform does for a resource without a `provider` argument), with the same rules Terraform core applies to a configuration
 * (https://developer.hashicorp.com/terraform/language/syntax/json) and the SDK's schema rules
 * (hashicorp/terraform-plugin-sdk v2 helper/schema: Required, Optional, Computed, ConflictsWith,
 * ExactlyOneOf, AtLeastOneOf, RequiredWith, MinItems, MaxItems, Deprecated, Removed).
 *
 * Stricter than Terraform where our own output is concerned: a deprecated argument is an error (we must
 * not emit what the provider is about to drop), and an expression may only be a reference (`var.x`,
 * `local.x`, `path.module`, `<type>.<name>.<attribute>`, `data.<type>.<name>.<attribute>`) or one conditional
 * comparing two references to choose between two (`a.x >= b.x ? local.y : local.z`, how the join token's OOS
 * value picks the newer slot): no function or other operator that this file cannot check.
 */
import { closest, distance } from 'fastest-levenshtein';
import { IDENTIFIER, Json, JsonObject, TerraformFile } from './json';
import { AttributeSchema, AttributeType, BlockSchema, NestedBlockSchema, providerOf, ProviderName, ProviderSchema, ProviderSchemas } from './provider-schema';

export interface TerraformProblem {
  /** The file, such as `cloud/node-pools.tf.json`. */
  readonly file: string;
  /** Where in it, as Terraform names it: `resource.alicloud_ram_policy.terway.policy_document`. */
  readonly path: string;
  readonly message: string;
}

/** What the module is checked against: the schemas of the providers it may use, by local name. */
export interface ValidateOptions {
  readonly providers: ProviderSchemas;
}

const TOP_LEVEL = ['terraform', 'provider', 'variable', 'locals', 'output', 'resource', 'data'] as const;
const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']);
const VARIABLE_KEYS = new Set(['type', 'description', 'default', 'sensitive', 'nullable', 'validation']);
const OUTPUT_KEYS = new Set(['value', 'description', 'sensitive', 'depends_on']);
const LIFECYCLE_KEYS = new Set(['create_before_destroy', 'prevent_destroy', 'ignore_changes', 'replace_triggered_by', 'precondition', 'postcondition']);
/** Backends both OpenTofu and Terraform have (https://opentofu.org/docs/language/settings/backends/oss/, Terraform's `oss` backend). */
const BACKENDS = new Set(['oss']);
/** The one backend setting a module may carry: its state file's name (provider.ts). */
const BACKEND_STATE_KEY = 'key';
/** Every resource and data source has `id`, beside its schema (terraform-plugin-sdk adds it). */
const IMPLICIT_ATTRIBUTES = new Set(['id']);

/** Declared names, collected from every file first: a reference may point into another file of the module. */
interface Declarations {
  readonly variables: Set<string>;
  readonly locals: Set<string>;
  /** `alicloud.oos`: a provider's local name and an alias of one of its blocks. */
  readonly providerAliases: Set<string>;
  /** The local names in `terraform.required_providers`. */
  readonly requiredProviders: Set<string>;
  /** `alicloud_ram_policy.terway` and `data.alicloud_cs_clusters.this` → the type's schema. */
  readonly objects: Map<string, BlockSchema>;
}

/** Validates all files of one module (one folder) together; returns every problem, in file order. */
export function validateModule(files: ReadonlyMap<string, TerraformFile>, options: ValidateOptions): TerraformProblem[] {
  const problems: TerraformProblem[] = [];
  const providers = new Providers(options.providers);
  const declarations = declare(files, providers, problems);
  for (const [file, content] of files) {
    const report = (path: string, message: string) => problems.push({ file, path, message });
    const check = new Checker(providers, declarations, report);
    for (const [section, value] of Object.entries(content)) {
      if (!isObject(value)) {
        report(section, `must be an object, found ${describe(value)}`);
        continue;
      }
      switch (section) {
        case 'terraform':
          check.terraformBlock(value);
          break;
        case 'provider':
          for (const [name, body] of Object.entries(value)) {
            const schema = providers.byName(name);
            if (schema === undefined) report(`provider.${name}`, `unknown provider ${JSON.stringify(name)}; this module uses only ${providers.namesText()}`);
            else for (const one of blockList(body)) check.block(`provider.${name}`, one, withAlias(schema.providerBlock), one);
          }
          break;
        case 'variable':
          for (const [name, body] of Object.entries(value)) check.variable(name, body);
          break;
        case 'locals':
          for (const [name, body] of Object.entries(value)) check.expressions(`locals.${name}`, body);
          break;
        case 'output':
          for (const [name, body] of Object.entries(value)) check.output(name, body);
          break;
        case 'resource':
        case 'data':
          for (const [type, byName] of Object.entries(value)) {
            const schema = providers.typeSchema(section, type);
            if (schema === undefined) {
              report(`${section}.${type}`, `unknown ${section === 'resource' ? 'resource' : 'data source'} type${suggest(type, providers.typeNames(section))}`);
              continue;
            }
            if (!isObject(byName)) {
              report(`${section}.${type}`, `must be an object of named ${section === 'resource' ? 'resources' : 'data sources'}`);
              continue;
            }
            for (const [name, body] of Object.entries(byName)) {
              const path = `${section}.${type}.${name}`;
              if (!IDENTIFIER.test(name)) report(path, `${JSON.stringify(name)} is not a valid name: a letter or "_", then letters, digits, "_" or "-"`);
              if (!isObject(body)) report(path, `must be an object, found ${describe(body)}`);
              else {
                check.block(path, body, schema, body, RESOURCE_META);
                check.pinned(path, type);
                if (isObject(body.lifecycle)) check.ignoreChanges(`${path}.lifecycle`, body.lifecycle, schema);
              }
            }
          }
          break;
        default:
          report(section, `unknown top-level block${suggest(section, TOP_LEVEL)}; allowed: ${TOP_LEVEL.join(', ')}`);
      }
    }
  }
  return problems;
}

/** The providers a module may use: a resource type's prefix picks its schema. */
class Providers {
  constructor(private readonly schemas: ProviderSchemas) {}

  byName(name: string): ProviderSchema | undefined {
    return Object.hasOwn(this.schemas, name) ? this.schemas[name as ProviderName] : undefined;
  }

  names(): string[] {
    return Object.keys(this.schemas);
  }

  namesText(): string {
    return this.names()
      .map((n) => JSON.stringify(n))
      .join(', ');
  }

  typeSchema(mode: 'resource' | 'data', type: string): BlockSchema | undefined {
    const name = providerOf(type);
    const schema = name === undefined ? undefined : this.schemas[name];
    if (schema === undefined) return undefined;
    const types = mode === 'resource' ? schema.resources : schema.dataSources;
    return Object.hasOwn(types, type) ? types[type] : undefined;
  }

  /** Only for a suggestion, on a mistake. */
  typeNames(mode: 'resource' | 'data'): string[] {
    return Object.values(this.schemas).flatMap((schema) => Object.keys(mode === 'resource' ? schema.resources : schema.dataSources));
  }
}

function declare(files: ReadonlyMap<string, TerraformFile>, providers: Providers, problems: TerraformProblem[]): Declarations {
  const d: Declarations = { variables: new Set(), locals: new Set(), providerAliases: new Set(), requiredProviders: new Set(), objects: new Map() };
  for (const [file, content] of files) {
    const once = (set: Set<string>, name: string, path: string) => {
      if (set.has(name)) problems.push({ file, path, message: 'declared twice in this module' });
      set.add(name);
    };
    for (const [name] of entries(content.variable)) once(d.variables, name, `variable.${name}`);
    for (const [name] of entries(content.locals)) once(d.locals, name, `locals.${name}`);
    for (const [name, body] of entries(content.provider)) {
      for (const one of blockList(body)) if (typeof one.alias === 'string') once(d.providerAliases, `${name}.${one.alias}`, `provider.${name}.alias`);
    }
    const terraform = content.terraform;
    if (terraform !== undefined && isObject(terraform)) for (const [name] of entries(terraform.required_providers)) d.requiredProviders.add(name);
    for (const mode of ['resource', 'data'] as const) {
      for (const [type, byName] of entries(content[mode])) {
        const typeSchema = providers.typeSchema(mode, type);
        for (const [name] of entries(byName)) {
          const key = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
          if (d.objects.has(key)) problems.push({ file, path: `${mode}.${type}.${name}`, message: 'declared twice in this module' });
          if (typeSchema !== undefined) d.objects.set(key, typeSchema);
        }
      }
    }
  }
  return d;
}

class Checker {
  constructor(
    private readonly providers: Providers,
    private readonly declared: Declarations,
    private readonly report: (path: string, message: string) => void,
  ) {}

  terraformBlock(body: JsonObject): void {
    for (const [key, value] of Object.entries(body)) {
      if (key === 'required_version') {
        if (typeof value !== 'string') this.report('terraform.required_version', `must be a version constraint string, found ${describe(value)}`);
      } else if (key === 'required_providers') {
        for (const [name, requirement] of entries(value)) {
          const path = `terraform.required_providers.${name}`;
          if (!isObject(requirement)) {
            this.report(path, 'must be an object { source, version }');
            continue;
          }
          const schema = this.providers.byName(name);
          if (schema === undefined) {
            this.report(path, `unknown provider; this module uses only ${this.providers.namesText()}`);
            continue;
          }
          if (requirement.source !== schema.provider.source)
            this.report(`${path}.source`, `found ${describe(requirement.source)}; the schema is ${JSON.stringify(schema.provider.source)}'s`);
          if (requirement.version !== schema.provider.version)
            this.report(
              `${path}.version`,
              `found ${describe(requirement.version)}; the schema checked against is ${JSON.stringify(schema.provider.version)}: pin exactly that`,
            );
          for (const extra of Object.keys(requirement))
            if (extra !== 'source' && extra !== 'version') this.report(`${path}.${extra}`, 'unknown argument; allowed: source, version');
        }
      } else if (key === 'backend') {
        // A partial configuration: the settings come from `init -backend-config`, never from this folder. Only the
        // state file's name may be here: it tells two modules sharing those settings apart, and is no secret.
        const types = isObject(value) ? Object.entries(value) : [];
        const settings = types.length === 1 && isObject(types[0][1]) ? Object.entries(types[0][1]) : undefined;
        if (
          types.length !== 1 ||
          !BACKENDS.has(types[0][0]) ||
          settings === undefined ||
          !settings.every(([name, setting]) => name === BACKEND_STATE_KEY && typeof setting === 'string' && /^[a-z0-9-]+\.tfstate$/.test(setting))
        )
          this.report(
            'terraform.backend',
            `found ${describe(value)}; allowed: one backend of ${[...BACKENDS].join(', ')}, empty or with only ${BACKEND_STATE_KEY} (<name>.tfstate; the other settings come from init -backend-config)`,
          );
      } else this.report(`terraform.${key}`, 'an argument ack-hybrid does not write; allowed: required_version, required_providers, backend');
    }
  }

  variable(name: string, body: Json): void {
    const path = `variable.${name}`;
    if (!IDENTIFIER.test(name)) this.report(path, 'not a valid variable name');
    if (!isObject(body)) return this.report(path, `must be an object, found ${describe(body)}`);
    for (const key of Object.keys(body)) if (!VARIABLE_KEYS.has(key)) this.report(`${path}.${key}`, `unknown argument${suggest(key, [...VARIABLE_KEYS])}`);
    if (body.sensitive !== undefined && typeof body.sensitive !== 'boolean') this.report(`${path}.sensitive`, 'must be true or false');
    if (body.type !== undefined && (typeof body.type !== 'string' || !/^\$\{(string|number|bool)\}$|^(string|number|bool)$/.test(body.type)))
      this.report(`${path}.type`, `found ${describe(body.type)}; allowed: "string", "number", "bool"`);
  }

  output(name: string, body: Json): void {
    const path = `output.${name}`;
    if (!IDENTIFIER.test(name)) this.report(path, 'not a valid output name');
    if (!isObject(body)) return this.report(path, `must be an object, found ${describe(body)}`);
    for (const key of Object.keys(body)) if (!OUTPUT_KEYS.has(key)) this.report(`${path}.${key}`, `unknown argument${suggest(key, [...OUTPUT_KEYS])}`);
    if (!('value' in body)) this.report(path, 'the required argument "value" is missing');
    else this.expressions(`${path}.value`, body.value);
    if (body.sensitive !== undefined && typeof body.sensitive !== 'boolean') this.report(`${path}.sensitive`, 'must be true or false');
    if (body.depends_on !== undefined) this.dependsOn(`${path}.depends_on`, body.depends_on);
  }

  /**
   * A resource of a provider that `required_providers` does not pin would make Terraform install whatever
   * `hashicorp/<prefix>` is newest: never what the schema checked.
   */
  pinned(path: string, type: string): void {
    const name = providerOf(type);
    if (name !== undefined && !this.declared.requiredProviders.has(name))
      this.report(path, `the provider ${JSON.stringify(name)} is not pinned in terraform.required_providers`);
  }

  /** `lifecycle.ignore_changes`: a list of this resource's own arguments (JSON syntax: their names as strings). */
  ignoreChanges(path: string, lifecycle: JsonObject, schema: BlockSchema): void {
    const value = lifecycle.ignore_changes;
    if (value === undefined) return;
    if (!Array.isArray(value)) return this.report(`${path}.ignore_changes`, 'must be a list of argument names');
    value.forEach((item, i) => {
      const known = typeof item === 'string' && (schema.attributes[item] !== undefined || schema.blocks[item] !== undefined);
      const settable = known && !(schema.attributes[item]?.computed && !schema.attributes[item]?.optional && !schema.attributes[item]?.required);
      if (!settable)
        this.report(
          `${path}.ignore_changes.${i}`,
          `${describe(item)} is not an argument of this resource${typeof item === 'string' ? suggest(item, Object.keys(schema.attributes)) : ''}`,
        );
    });
  }

  /** A block's body against its schema; `root` is the resource's body, which ConflictsWith paths start from. */
  block(path: string, body: JsonObject, schema: BlockSchema, root: JsonObject, meta: ReadonlySet<string> = new Set()): void {
    // Only for a suggestion, on a mistake: the common path builds no list.
    const known = () => [...Object.keys(schema.attributes), ...Object.keys(schema.blocks), ...meta];
    for (const [key, value] of Object.entries(body)) {
      const at = `${path}.${key}`;
      const attribute = schema.attributes[key];
      const nested = schema.blocks[key];
      if (meta.has(key)) this.meta(at, key, value);
      else if (attribute !== undefined) this.attribute(at, key, value, attribute, root, body);
      else if (nested !== undefined) this.nested(at, key, value, nested, root, body);
      else this.report(at, `unknown argument${suggest(key, known())}`);
    }
    const atLeastOne = new Set<string>();
    for (const [name, attribute] of Object.entries(schema.attributes)) {
      if (attribute.required && !(name in body)) this.report(`${path}.${name}`, 'the required argument is missing');
      // The group is reported once, under its first name, when none of it is set.
      const group = attribute.atLeastOneOf;
      if (group !== undefined && !atLeastOne.has(group.join()) && !group.some((k) => k in body)) {
        atLeastOne.add(group.join());
        this.report(`${path}.${group[0]}`, `at least one of ${group.map((k) => JSON.stringify(k)).join(', ')} must be set`);
      }
    }
    for (const [name, nested] of Object.entries(schema.blocks)) {
      if ((nested.required || (nested.minItems ?? 0) > 0) && !(name in body))
        this.report(`${path}.${name}`, `the required block is missing (at least ${nested.minItems ?? 1})`);
    }
  }

  private attribute(path: string, name: string, value: Json, schema: AttributeSchema, root: JsonObject, parent: JsonObject): void {
    if (schema.removed !== undefined) return this.report(path, `removed from the provider: ${schema.removed}`);
    if (schema.deprecated !== undefined) this.report(path, `deprecated by the provider: ${schema.deprecated}`);
    if (schema.computed && !schema.optional && !schema.required)
      return this.report(path, 'read-only: the provider computes it, a configuration may not set it');
    this.value(path, value, schema.type, schema);
    this.crossRules(path, name, schema, root, parent);
  }

  private nested(path: string, name: string, value: Json, schema: NestedBlockSchema, root: JsonObject, parent: JsonObject): void {
    if (schema.removed !== undefined) return this.report(path, `removed from the provider: ${schema.removed}`);
    if (schema.deprecated !== undefined) this.report(path, `deprecated by the provider: ${schema.deprecated}`);
    if (schema.computed && !schema.optional && !schema.required)
      return this.report(path, 'read-only: the provider computes it, a configuration may not set it');
    const items = Array.isArray(value) ? value : [value];
    if (!items.every(isObject)) return this.report(path, `a block is an object or a list of objects, found ${describe(value)}`);
    if (schema.maxItems !== undefined && items.length > schema.maxItems) this.report(path, `${items.length} blocks; at most ${schema.maxItems} allowed`);
    if (schema.minItems !== undefined && items.length < schema.minItems) this.report(path, `${items.length} blocks; at least ${schema.minItems} required`);
    items.forEach((item, i) => this.block(`${path}.${i}`, item as JsonObject, schema.block, root));
    this.crossRules(path, name, schema, root, parent);
  }

  /** ConflictsWith and friends name keys by their path from the resource's root: `scaling_config`, `a.0.b`. */
  private crossRules(path: string, name: string, schema: AttributeSchema | NestedBlockSchema, root: JsonObject, parent: JsonObject): void {
    const isSet = (key: string) => (key.includes('.') ? lookup(root, key) !== undefined : key in parent || lookup(root, key) !== undefined);
    for (const other of schema.conflictsWith ?? []) if (isSet(other)) this.report(path, `conflicts with ${JSON.stringify(other)}: set only one`);
    for (const other of schema.requiredWith ?? []) if (!isSet(other)) this.report(path, `requires ${JSON.stringify(other)} to be set too`);
    if (schema.exactlyOneOf !== undefined) {
      const set = schema.exactlyOneOf.filter((k) => k === name || isSet(k));
      if (set.length !== 1)
        this.report(path, `exactly one of ${schema.exactlyOneOf.map((k) => JSON.stringify(k)).join(', ')} must be set, found ${set.length}`);
    }
  }

  private value(path: string, value: Json, type: AttributeType, schema?: AttributeSchema): void {
    if (typeof value === 'string' && value.includes('${')) {
      this.expressions(path, value);
      // A whole `${...}` may be any type; a template with text around it is a string.
      if (/^\$\{[^}]*\}$/.test(value) || type === 'string') return;
      return this.report(path, `a string template where ${typeName(type)} is expected`);
    }
    if (typeof value === 'string' && value.includes('%{')) return this.report(path, 'a template directive (%{...}), which ack-hybrid does not write');
    if (typeof type === 'string') {
      const ok =
        (type === 'string' && typeof value === 'string') || (type === 'number' && typeof value === 'number') || (type === 'bool' && typeof value === 'boolean');
      if (!ok) return this.report(path, `found ${describe(value)}; allowed: ${typeName(type)}`);
      if (schema?.enum !== undefined && typeof value === 'string' && !schema.enum.includes(value))
        this.report(
          path,
          `found ${JSON.stringify(value)}; allowed: one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}${suggest(value, schema.enum)}`,
        );
      if (schema?.intRange !== undefined && typeof value === 'number' && (value < schema.intRange[0] || value > schema.intRange[1] || !Number.isInteger(value)))
        this.report(path, `found ${value}; allowed: a whole number from ${schema.intRange[0]} to ${schema.intRange[1]}`);
      return;
    }
    const [kind, element] = type;
    if (kind === 'map') {
      if (!isObject(value)) return this.report(path, `found ${describe(value)}; allowed: ${typeName(type)}`);
      for (const [key, item] of Object.entries(value)) this.value(`${path}.${key}`, item, element);
      return;
    }
    if (!Array.isArray(value)) return this.report(path, `found ${describe(value)}; allowed: ${typeName(type)}`);
    if (element === 'object') {
      value.forEach((item, i) =>
        isObject(item) ? this.expressions(`${path}.${i}`, item) : this.report(`${path}.${i}`, `found ${describe(item)}; allowed: an object`),
      );
      return;
    }
    value.forEach((item, i) => this.value(`${path}.${i}`, item, element, schema && { ...schema, type: element }));
    if (kind === 'set' && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) this.report(path, 'a set with the same element twice');
  }

  private meta(path: string, key: string, value: Json): void {
    if (key === 'depends_on') this.dependsOn(path, value);
    else if (key === 'provider') {
      // resource.<type>.<name>.provider: the alias must be of the type's own provider.
      const name = providerOf(path.split('.')[1] ?? '') ?? 'alicloud';
      const m = typeof value === 'string' ? /^([a-z]+)\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(value) : null;
      if (m === null || m[1] !== name) this.report(path, `found ${describe(value)}; allowed: "${name}.<alias>"`);
      else if (!this.declared.providerAliases.has(`${m[1]}.${m[2]}`)) this.report(path, `no ${name} provider block has alias ${JSON.stringify(m[2])}`);
    } else if (key === 'lifecycle') {
      if (!isObject(value)) return this.report(path, 'must be an object');
      for (const k of Object.keys(value))
        if (!LIFECYCLE_KEYS.has(k)) this.report(`${path}.${k}`, `unknown lifecycle argument${suggest(k, [...LIFECYCLE_KEYS])}`);
    } else this.report(path, `${key} is not written by ack-hybrid: every object is named after a field of the cluster file`);
  }

  private dependsOn(path: string, value: Json): void {
    if (!Array.isArray(value)) return this.report(path, 'must be a list of addresses');
    value.forEach((item, i) => {
      if (typeof item !== 'string' || !this.declared.objects.has(item))
        this.report(`${path}.${i}`, `${describe(item)} names no resource or data source of this module`);
    });
  }

  /** Every `${...}` inside a value, at any depth. */
  expressions(path: string, value: Json): void {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/\$\{([^}]*)\}/g)) this.reference(path, m[1]);
      if (/\$\{(?![^}]*\})/.test(value)) this.report(path, 'an unterminated "${"');
    } else if (Array.isArray(value)) value.forEach((item, i) => this.expressions(`${path}.${i}`, item));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) this.expressions(`${path}.${k}`, v);
  }

  /** One expression: a reference, or a conditional of references (the only operator written). */
  private reference(path: string, expression: string): void {
    const conditional = parseConditional(expression);
    if (conditional !== undefined) {
      for (const part of conditional) this.reference(path, part);
      return;
    }
    const steps = parseTraversal(expression);
    if (steps === undefined)
      return this.report(path, `\${${expression}} is not a reference (var.x, local.x, path.module, <type>.<name>.<attribute>) or a conditional of references`);
    const [first, second, third, ...rest] = steps;
    const unresolved = (what: string) => this.report(path, `\${${expression}}: ${what}`);
    if (first === 'var')
      return void (typeof second === 'string' && this.declared.variables.has(second) ? undefined : unresolved('no such variable is declared'));
    if (first === 'local')
      return void (typeof second === 'string' && this.declared.locals.has(second) ? undefined : unresolved('no such local value is declared'));
    if (first === 'path') return void (second === 'module' && third === undefined ? undefined : unresolved('only path.module is written'));
    const isData = first === 'data';
    const [type, name, attribute, ...deeper] = isData ? [second, third, ...rest] : [first, second, third, ...rest];
    const key = `${isData ? 'data.' : ''}${String(type)}.${String(name)}`;
    const schema = this.declared.objects.get(key);
    if (schema === undefined) {
      return unresolved(
        typeof type === 'string' && this.providers.typeSchema(isData ? 'data' : 'resource', type) !== undefined
          ? `no ${key} is declared in this module`
          : `unknown ${isData ? 'data source' : 'resource'} type ${JSON.stringify(type)}`,
      );
    }
    if (typeof attribute !== 'string') return unresolved('names an object, not one of its attributes');
    if (IMPLICIT_ATTRIBUTES.has(attribute) || schema.attributes[attribute] !== undefined) return;
    const nested = schema.blocks[attribute];
    if (nested === undefined)
      return unresolved(
        `${type} has no attribute ${JSON.stringify(attribute)}${suggest(attribute, [...Object.keys(schema.attributes), ...Object.keys(schema.blocks)])}`,
      );
    // A nested block: `<block>[0].<attribute>` or `<block>.0.<attribute>`.
    const [index, inner] = deeper;
    if (typeof index !== 'number' || typeof inner !== 'string') return unresolved(`${attribute} is a block: write ${attribute}[0].<attribute>`);
    if (nested.block.attributes[inner] === undefined && nested.block.blocks[inner] === undefined)
      unresolved(`${attribute} has no attribute ${JSON.stringify(inner)}${suggest(inner, Object.keys(nested.block.attributes))}`);
  }
}

const TRAVERSAL = String.raw`[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\.[0-9]+|\[[0-9]+\])*`;
const CONDITIONAL = new RegExp(String.raw`^\s*(${TRAVERSAL})\s*(?:>=|<=|>|<|==|!=)\s*(${TRAVERSAL})\s*\?\s*(${TRAVERSAL})\s*:\s*(${TRAVERSAL})\s*$`);

/** `a.x >= b.x ? c : d` → its four references, or undefined when the text is not exactly that shape. */
export function parseConditional(expression: string): [string, string, string, string] | undefined {
  const m = CONDITIONAL.exec(expression);
  return m === null ? undefined : [m[1], m[2], m[3], m[4]];
}

/** `a.b[0].c` → ['a', 'b', 0, 'c'], or undefined when the text is anything but a plain traversal. */
export function parseTraversal(expression: string): (string | number)[] | undefined {
  const text = expression.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\.[0-9]+|\[[0-9]+\])*$/.test(text)) return undefined;
  return [...text.matchAll(/[A-Za-z_][A-Za-z0-9_-]*|[0-9]+/g)].map((m) => (/^[0-9]+$/.test(m[0]) ? Number(m[0]) : m[0]));
}

function withAlias(block: BlockSchema): BlockSchema {
  return { ...block, attributes: { ...block.attributes, alias: { type: 'string', optional: true } } };
}

/** A block given as one object or a list of them. */
function blockList(value: Json): JsonObject[] {
  return (Array.isArray(value) ? value : [value]).filter(isObject);
}

function entries(value: Json | undefined): [string, Json][] {
  return value !== undefined && isObject(value) ? Object.entries(value) : [];
}

function lookup(root: JsonObject, dotted: string): Json | undefined {
  let current: Json | undefined = root;
  for (const step of dotted.split('.')) {
    if (current === undefined) return undefined;
    if (/^[0-9]+$/.test(step)) current = Array.isArray(current) ? current[Number(step)] : Number(step) === 0 && isObject(current) ? current : undefined;
    else current = isObject(current) ? current[step] : Array.isArray(current) && isObject(current[0]) ? (current[0] as JsonObject)[step] : undefined;
  }
  return current;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(type: AttributeType): string {
  if (typeof type === 'string') return type === 'bool' ? 'true or false' : `a ${type}`;
  return `a ${type[0]} of ${type[1] === 'object' ? 'objects' : typeName(type[1]).replace(/^a /, '')}${type[1] === 'object' ? '' : 's'}`;
}

function describe(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}

/** `; did you mean "policy_name"?` when a known name is close enough to be the intended one. */
function suggest(found: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const best = closest(found, [...known]);
  return distance(found, best) <= Math.max(2, Math.floor(found.length / 4)) ? `; did you mean ${JSON.stringify(best)}?` : '';
}
