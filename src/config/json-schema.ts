/**
 * The cluster file as a JSON Schema (draft 2020-12), for editors: yaml-language-server (VS Code's YAML
 * extension, and others through LSP) completes, documents and checks fields as users type.
 *
 * Derived from the one zod schema with `z.toJSONSchema` (zod 4; options per zod v4.6.7,
 * packages/zod/src/v4/core/to-json-schema.ts: `target`, `io`, `unrepresentable`, `reused`), so it cannot
 * drift from what `validate` accepts: descriptions are the schema's `.describe()` sentences, defaults its
 * `.default()`s. Examples come from complete example cluster files (schema/examples/*.yaml), looked up by
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
import { TEMPLATES_DIR } from '../artifacts/templates';
import { version } from '../../package.json';

/** A JSON Schema document: plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown };

/**
 * Where editors outside this repository find the schema: the copy in the published package, pinned to this
 * version (unpkg serves any file of an npm package at `https://unpkg.com/<name>@<version>/<path>`).
 */
export const SCHEMA_URL = `https://unpkg.com/ack-hybrid@${version}/schema/cluster.schema.json`;

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

/** The JSON Schema of a cluster file, with `examples` on every field the example files set. */
export function clusterJsonSchema(examples: readonly unknown[] = readExamples()): JsonSchema {
  const generated = z.toJSONSchema(ClusterFileSchema, {
    target: 'draft-2020-12',
    // What users write: fields with defaults are optional, and the defaults are shown.
    io: 'input',
    // Every schema inline: editors show a field's description and examples where it is, not behind a $ref.
    reused: 'inline',
  });
  const schema = JSON.parse(JSON.stringify(generated)) as Record<string, unknown>;
  addExamples(schema, examples);
  return { $schema: schema.$schema, $id: SCHEMA_URL, title: 'ack-hybrid cluster file', ...schema };
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
