/**
 * The cluster file as a JSON Schema (draft 2020-12), for editors: yaml-language-server (VS Code's YAML
 * extension, and others through LSP) completes, documents and checks fields as users type.
 *
 * Derived from the one zod schema with `z.toJSONSchema` (zod 4; options per zod v4.6.7,
 * packages/zod/src/v4/core/to-json-schema.ts: `target`, `io`, `unrepresentable`, `reused`), so it cannot
 * drift from what `validate` accepts: a field's description is its doc comment in schema.ts (field-docs.json)
 * followed by the `.describe()` sentence that errors quote as "allowed", defaults are its `.default()`s. Examples come from complete example cluster files (schema/examples/*.yaml), looked up by
 * each field's path, rather than from annotations on every field of src/config/schema.ts.
 *
 * What JSON Schema cannot say (formats checked in code, rules across fields) stays with `validate`: the
 * JSON Schema accepts a superset, and refuses unknown keys like the loader.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import * as z from 'zod';
import { ClusterFileSchema } from './schema';
import { DEFAULTS_FILE, PER_CLUSTER_FIELDS } from './defaults';
import { TEMPLATES_DIR } from '../artifacts/templates';
import { version } from '../../package.json';
import FIELD_DOCS from './field-docs.json';

/** A JSON Schema document: plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * Where editors outside this repository find the schema: the copy in the published package, pinned to this
 * version (unpkg serves any file of an npm package at `https://unpkg.com/<name>@<version>/<path>`).
 */
export const SCHEMA_URL = `https://unpkg.com/ack-hybrid@${version}/schema/cluster.schema.json`;

/**
 * The files a clusters folder may hold, each with its schema: a complete cluster file; the defaults file of
 * a fleet (`_defaults.yaml`, defaults.ts); a cluster file merged over one.
 */
export const SCHEMA_KINDS = ['cluster', 'defaults', 'cluster-over-defaults'] as const;
/** One of SCHEMA_KINDS: which file a JSON Schema describes. */
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/** The published URL of a kind's schema (see SCHEMA_URL). */
export function schemaUrl(kind: SchemaKind): string {
  return `https://unpkg.com/ack-hybrid@${version}/schema/${kind}.schema.json`;
}

/** The package's schema/ folder (beside scripts-templates/, in the repository and in the package). */
export const SCHEMA_DIR = path.join(path.dirname(TEMPLATES_DIR), 'schema');

/** The example cluster files whose values become the schema's examples. */
export function readExamples(dir: string = path.join(SCHEMA_DIR, 'examples')): unknown[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => parse(fs.readFileSync(path.join(dir, name), 'utf8')) as unknown);
}

/**
 * The schema as zod writes it: each field's description is its "allowed" sentence, before the doc comments are
 * added. Plain JSON (a copy), so callers may change it.
 */
export function zodJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ClusterFileSchema, {
    target: 'draft-2020-12',
    // What users write: fields with defaults are optional, and the defaults are shown.
    io: 'input',
    // Every schema inline: editors show a field's description and examples where it is, not behind a $ref.
    reused: 'inline',
  });
  return JSON.parse(JSON.stringify(generated)) as Record<string, unknown>;
}

/** The JSON Schema of a cluster file, with `examples` on every field the example files set. */
export function clusterJsonSchema(examples: readonly unknown[] = readExamples()): JsonSchema {
  const schema = zodJsonSchema();
  forEachField(schema, (field, node) => {
    const { doc, default: meaning } = fieldDoc(field);
    const paragraphs = [doc];
    // A default value is the schema's own `default`; a default that is a sentence ("the cluster's name…") is said here.
    if (meaning !== undefined && node.default === undefined) paragraphs.push(`Default: ${meaning}`);
    if (typeof node.description === 'string') paragraphs.push(`Allowed: ${node.description}`);
    node.description = paragraphs.join('\n\n');
  });
  addExamples(schema, examples);
  return { $schema: schema.$schema, $id: SCHEMA_URL, title: 'ack-hybrid cluster file', ...schema };
}

const TITLES: Readonly<Record<SchemaKind, string>> = {
  cluster: 'ack-hybrid cluster file',
  defaults: `ack-hybrid defaults file (${DEFAULTS_FILE})`,
  'cluster-over-defaults': `ack-hybrid cluster file over a defaults file (${DEFAULTS_FILE})`,
};

/**
 * The JSON Schema of one kind of file. The defaults file's: every field optional (lists excepted: a list
 * replaces the default whole, so its items are complete), without the fields each cluster sets itself. A
 * cluster file's over a defaults file: those fields required as in a complete file, every other field
 * optional, and null accepted where it removes a default.
 */
export function jsonSchemaOf(kind: SchemaKind, examples: readonly unknown[] = readExamples()): JsonSchema {
  const schema = JSON.parse(JSON.stringify(clusterJsonSchema(examples))) as Record<string, unknown>;
  if (kind !== 'cluster') relax(schema, [], kind);
  return { ...schema, $id: schemaUrl(kind), title: TITLES[kind] };
}

const isPerCluster = (path: readonly string[]) => PER_CLUSTER_FIELDS.some((f) => f.path.length === path.length && f.path.every((k, i) => k === path[i]));

/** Fields, along mappings only (not into lists or maps), made optional as `jsonSchemaOf` says. */
function relax(node: Record<string, unknown>, path: readonly string[], kind: Exclude<SchemaKind, 'cluster'>): void {
  if (Array.isArray(node.oneOf)) {
    // Without required fields, a union's variants overlap: any one of them, not exactly one.
    node.anyOf = node.oneOf;
    delete node.oneOf;
  }
  for (const option of (Array.isArray(node.anyOf) ? node.anyOf : []) as Record<string, unknown>[]) relax(option, path, kind);
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  if (!properties) return;
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  const kept = kind === 'defaults' ? [] : required.filter((key) => isPerCluster([...path, key]));
  if (kept.length > 0) node.required = kept;
  else delete node.required;
  for (const [key, child] of Object.entries(properties)) {
    const at = [...path, key];
    if (kind === 'defaults' && isPerCluster(at)) {
      delete properties[key];
      continue;
    }
    relax(child, at, kind);
    if (kind === 'cluster-over-defaults' && !isPerCluster(at)) {
      const { description, ...rest } = child;
      properties[key] = { description, anyOf: [rest, { type: 'null', description: `removes the default of ${DEFAULTS_FILE}` }] };
    }
  }
}

/** A field's doc comment in schema.ts and its `@default` tag, as tools/field-docs.js extracts them. */
export interface FieldDoc {
  /** What the field is for. */
  readonly doc: string;
  /** What leaving the field out means, where the schema has no default value to show it. */
  readonly default?: string;
}

/** What a field is for (field-docs.json, written from schema.ts by tools/field-docs.js). */
export function fieldDoc(field: string): FieldDoc {
  const found = (FIELD_DOCS as Readonly<Record<string, FieldDoc>>)[field];
  // test/field-docs.test.ts keeps the file in step with schema.ts; reaching this is a build that skipped it.
  if (found === undefined || found.doc === '') throw new Error(`src/config/field-docs.json has no doc for ${field}: run node tools/field-docs.js`);
  return found;
}

/**
 * Calls `visit` for every field of a JSON Schema made by z.toJSONSchema, parents first, in declaration order, with
 * its path as field-docs.json keys it: a union's members share their parent's path, list items add `[]`. `member`
 * is the discriminator (`mode: cloud-managed`) of the union member that holds the field, if any; `required` whether
 * its object requires it.
 */
export function forEachField(
  node: Record<string, unknown>,
  visit: (field: string, node: Record<string, unknown>, member: string | undefined, required: boolean) => void,
  at = '',
  member?: string,
): void {
  const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
  for (const branch of [node.anyOf, node.oneOf].filter(Array.isArray) as Record<string, unknown>[][]) {
    for (const option of branch) forEachField(option, visit, at, discriminatorOf(option) ?? member);
  }
  const items = node.items;
  if (items !== null && typeof items === 'object' && !Array.isArray(items)) forEachField(items as Record<string, unknown>, visit, `${at}[]`, undefined);
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [key, child] of Object.entries(properties ?? {})) {
    const field = at === '' ? key : `${at}.${key}`;
    visit(field, child, member, required.includes(key));
    forEachField(child, visit, field, undefined);
  }
}

/** `mode: cloud-managed` for a union member whose one constant property says which member it is. */
function discriminatorOf(option: Record<string, unknown>): string | undefined {
  const properties = option.properties as Record<string, Record<string, unknown>> | undefined;
  const constant = Object.entries(properties ?? {}).find(([, child]) => typeof child.const === 'string');
  return constant === undefined ? undefined : `${constant[0]}: ${String(constant[1].const)}`;
}

/** The schema as the committed file and the `schema` command print it. */
export function renderJsonSchema(schema: JsonSchema = clusterJsonSchema()): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * Walks the JSON Schema and the example values side by side: a property's examples are the distinct
 * values found at its path, array items' those of every element, a map's those of every entry. Objects
 * get none (their fields have them); everything else (strings, numbers, lists of strings, maps) does.
 */
function addExamples(node: Record<string, unknown>, values: readonly unknown[]): void {
  for (const branch of [node.anyOf, node.oneOf].filter(Array.isArray) as Record<string, unknown>[][]) {
    for (const option of branch) addExamples(option, values);
  }
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  if (properties) {
    for (const [key, child] of Object.entries(properties))
      addExamples(
        child,
        values.flatMap((v) => (isObject(v) && key in v ? [v[key]] : [])),
      );
    return;
  }
  const items = node.items as Record<string, unknown> | undefined;
  if (items && typeof items === 'object')
    addExamples(
      items,
      values.flatMap((v) => (Array.isArray(v) ? v : [])),
    );
  const entries = node.additionalProperties;
  if (entries && typeof entries === 'object')
    addExamples(
      entries as Record<string, unknown>,
      values.flatMap((v) => (isObject(v) ? Object.values(v) : [])),
    );
  const distinct = [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
  const allObjects =
    distinct.length > 0 && distinct.every((v) => (Array.isArray(v) ? v.some(isObject) : isObject(v) && node.additionalProperties === undefined));
  if (distinct.length > 0 && !allObjects) node.examples = distinct.slice(0, 3);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
