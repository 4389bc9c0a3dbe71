/**
 * docs/cluster-file.md's field reference, rendered from the schema: each field's path, its doc comment
 * (field-docs.json), the sentence errors quote as "allowed", and its default. The block sits between
 * `<!-- fields -->` and `<!-- /fields -->`; test/field-docs.test.ts fails when it differs from what this renders
 * (`UPDATE_DOCS=1 npx jest test/field-docs.test.ts` rewrites it), so the page cannot drift from `validate`.
 */
import { fieldDoc, forEachField, zodJsonSchema } from './json-schema';

/** One row of the reference: a field, merged over the union members that share its path. */
interface FieldRow {
  readonly field: string;
  readonly allowed: string[];
  /** The union members (`mode: cloud-managed`) that have the field; empty when every shape has it. */
  readonly members: string[];
  /** True for the field that says which member a value is (`mode`, `type`, `backend`). */
  discriminator: boolean;
  defaultText: string | undefined;
}

/** A table cell: one line, `|` escaped (GFM tables, code spans included), `<`/`>` shown as text outside code spans. */
function cell(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('')
    .replace(/\|/g, '\\|');
}

function rows(): FieldRow[] {
  const byField = new Map<string, FieldRow>();
  forEachField(zodJsonSchema(), (field, node, member, required) => {
    const row = byField.get(field) ?? { field, allowed: [], members: [], discriminator: false, defaultText: undefined };
    byField.set(field, row);
    if (typeof node.description === 'string' && !row.allowed.includes(node.description)) row.allowed.push(node.description);
    if (member !== undefined) row.members.push(member);
    if (typeof node.const === 'string') row.discriminator = true;
    const stated = fieldDoc(field).default;
    row.defaultText ??=
      node.default !== undefined
        ? `\`${JSON.stringify(node.default)}\``
        : stated !== undefined
          ? stated
          : required && member === undefined
            ? 'required'
            : undefined;
  });
  return [...byField.values()];
}

function renderRow(row: FieldRow): string {
  const { doc } = fieldDoc(row.field);
  const only = row.discriminator || row.members.length === 0 ? '' : `_with ${row.members.map((m) => `\`${m}\``).join(' or ')}:_ `;
  const allowed = row.allowed.join('; ');
  return `| \`${row.field}\` | ${cell(only + doc)} | ${cell(allowed)} | ${cell(row.defaultText ?? 'none')} |`;
}

/** The reference's markdown, without its markers: a table per top-level section, in the schema's order. */
export function fieldReference(): string {
  const all = rows();
  const inside = (section: string) => all.filter((row) => row.field === section || row.field.startsWith(`${section}.`) || row.field.startsWith(`${section}[]`));
  const roots = all.filter((row) => !/[.[]/.test(row.field));
  const top = roots.filter((row) => inside(row.field).length === 1);
  const sections = roots.filter((row) => !top.includes(row));
  const header = ['| field | what it is for | allowed | default |', '| --- | --- | --- | --- |'];
  const lines = [
    '_Generated from src/config/schema.ts (doc comments, formats, defaults); do not edit here._',
    '',
    '### Top level',
    '',
    ...header,
    ...top.map(renderRow),
  ];
  for (const section of sections) {
    lines.push('', `### \`${section.field}\``, '', ...header, ...inside(section.field).map(renderRow));
  }
  return lines.join('\n');
}

/** The block: its opening marker, any lines without a marker, its closing marker. */
const BLOCK = /<!-- fields -->\n(?:(?!<!-- \/?fields)[\s\S])*<!-- \/fields -->/g;

/** A page with its field reference rendered anew; unchanged when it is current. */
export function renderFieldReference(page: string): string {
  return page.replace(BLOCK, () => `<!-- fields -->\n${fieldReference()}\n<!-- /fields -->`);
}
