/**
 * A field's purpose is written once, as its doc comment in src/config/schema.ts (issue 21, item 8). From there
 * tools/field-docs.js extracts src/config/field-docs.json, which the JSON Schema (editors' hover) and the field
 * reference of docs/cluster-file.md are built from. This fails when the three drift: after a change of the schema,
 * `node tools/field-docs.js && UPDATE_DOCS=1 npx jest test/field-docs.test.ts`, then review the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderFieldReference } from '../src/config/cluster-file-doc';
import { clusterJsonSchema, fieldDoc, forEachField, zodJsonSchema } from '../src/config/json-schema';
import { REPO_ROOT } from './support/clusters';

interface Tool {
  extractFieldDocs(): Record<string, { doc: string; default?: string }>;
  renderFieldDocs(docs?: Record<string, { doc: string; default?: string }>): string;
  OUTPUT: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JavaScript tool, typed by the interface above
const tool = require('../tools/field-docs.js') as Tool;

const update = process.env.UPDATE_DOCS === '1';
if (update && process.env.CI) throw new Error('UPDATE_DOCS is refused under CI: docs change only by a reviewed commit');

const PAGE = path.join(REPO_ROOT, 'docs', 'cluster-file.md');

/** Every field path of a JSON Schema, as forEachField names them. */
function fieldsOf(schema: Record<string, unknown>): string[] {
  const seen: string[] = [];
  forEachField(schema, (field) => {
    if (!seen.includes(field)) seen.push(field);
  });
  return seen;
}

describe('field docs', () => {
  let extracted: ReturnType<Tool['extractFieldDocs']>;
  beforeAll(() => {
    extracted = tool.extractFieldDocs();
  }, 60_000);

  test('GIVEN schema.ts WHEN its doc comments are extracted THEN they equal the committed field-docs.json', () => {
    expect(tool.renderFieldDocs(extracted)).toBe(fs.readFileSync(tool.OUTPUT, 'utf8'));
  });

  test('GIVEN schema.ts WHEN its fields are listed THEN every one has a doc comment', () => {
    expect(Object.keys(extracted).filter((field) => extracted[field]!.doc === '')).toEqual([]);
  });

  test('GIVEN the JSON Schema WHEN its fields are listed THEN they are exactly the fields of the TypeScript type', () => {
    // The two walks (the TypeScript checker over ClusterFile, forEachField over z.toJSONSchema) name paths alike.
    expect(fieldsOf(zodJsonSchema()).sort()).toEqual(Object.keys(extracted).sort());
  });

  test('GIVEN a field WHEN an editor shows the JSON Schema THEN its description is the doc comment, then what is allowed', () => {
    const descriptions = new Map<string, unknown>();
    forEachField(clusterJsonSchema(), (field, node) => descriptions.set(field, node.description));
    expect(descriptions.get('terway.maxPoolSize')).toBe(`${fieldDoc('terway.maxPoolSize').doc}\n\nAllowed: a whole number from 0 to 1000`);
    // A default that is a sentence, not a value, is said in the description.
    expect(descriptions.get('gitops.path')).toContain(`Default: ${fieldDoc('gitops.path').default!}`);
  });

  test('GIVEN a path no schema has WHEN its doc is asked for THEN it fails, naming the tool that writes the file', () => {
    expect(() => fieldDoc('nodeInit.nope')).toThrow('no doc for nodeInit.nope: run node tools/field-docs.js');
  });

  test('GIVEN docs/cluster-file.md WHEN its field reference is rendered from the schema THEN the page is unchanged', () => {
    const text = fs.readFileSync(PAGE, 'utf8');
    const rendered = renderFieldReference(text);
    if (update && rendered !== text) fs.writeFileSync(PAGE, rendered);
    expect(rendered).toBe(text);
  });

  test('GIVEN the reference WHEN read THEN it has a row for every field, once', () => {
    const text = fs.readFileSync(PAGE, 'utf8');
    const rows = [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    const fields = Object.keys(extracted);
    expect(rows.filter((row) => fields.includes(row!)).sort()).toEqual([...fields].sort());
  });

  test('GIVEN a doc with "<", ">" or "|" WHEN rendered in a table cell THEN they show as text and keep the row whole', () => {
    const page = renderFieldReference('<!-- fields -->\n<!-- /fields -->\n');
    const row = page.split('\n').find((line) => line.startsWith('| `terway.credentials.keyGeneration` |'))!;
    expect(row).toContain('`alicloud_ram_access_key.terway_<keyGeneration>`'); // inside a code span: as is
    const runner = page.split('\n').find((line) => line.startsWith('| `terraform.runner.envSecret` |'))!;
    expect(runner).toContain('ack-hybrid-&lt;cluster name&gt;-tofu'); // outside: escaped, not an HTML tag
    for (const line of page.split('\n').filter((l) => l.startsWith('| `'))) expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });
});
