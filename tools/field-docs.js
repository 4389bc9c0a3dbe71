#!/usr/bin/env node
/**
 * `node tools/field-docs.js`: writes src/config/field-docs.json, the doc comment of every field of the cluster
 * file and its `@default` tag, keyed by its path (`cloud.nodeVSwitches[].zone`). The doc comments in src/config/schema.ts are the one
 * place a field's purpose is written: editors show them on the TypeScript types (the library), and through this
 * file in the JSON Schema (json-schema.ts) and docs/cluster-file.md (cluster-file-doc.ts). test/field-docs.test.ts
 * fails when the committed file differs from what this extracts, or when a field has no doc comment.
 *
 * Read with the TypeScript checker from the type users write (`ClusterFile`, zod's input type), so a path is
 * exactly what a cluster file nests: the members of a discriminated union share their parent's path, list items
 * add `[]`. A field documented differently in two members of a union keeps the first member's text.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const SCHEMA = path.join(ROOT, 'src', 'config', 'schema.ts');
const OUTPUT = path.join(ROOT, 'src', 'config', 'field-docs.json');

/**
 * `{ path: { doc, default? } }` for every field of ClusterFile, in the order the schema declares them: `doc` the
 * comment's text ('' when there is none), `default` its `@default` tag (a leading "- " dropped), which says what an
 * omitted field means where the schema has no default value.
 */
function extractFieldDocs() {
  const program = ts.createProgram([SCHEMA], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA);
  const alias = checker.getExportsOfModule(checker.getSymbolAtLocation(source)).find((s) => s.name === 'ClusterFile');
  if (alias === undefined) throw new Error(`${SCHEMA} exports no type ClusterFile`);
  const docs = {};
  const walk = (type, at, depth) => {
    if (depth > 12) throw new Error(`${at}: nested deeper than 12 levels (a recursive type?)`);
    if (type.isUnion()) {
      for (const member of type.types) walk(member, at, depth);
      return;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    if (checker.isArrayType(type)) {
      walk(checker.getTypeArguments(type)[0], `${at}[]`, depth + 1);
      return;
    }
    for (const property of checker.getPropertiesOfType(type)) {
      const field = at === '' ? property.name : `${at}.${property.name}`;
      const doc = oneLine(ts.displayPartsToString(property.getDocumentationComment(checker)));
      const tag = property.getJsDocTags(checker).find((t) => t.name === 'default');
      const fallback = tag === undefined ? undefined : oneLine(ts.displayPartsToString(tag.text)).replace(/^- /, '');
      if (!docs[field]?.doc) docs[field] = fallback === undefined ? { doc } : { doc, default: fallback };
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration !== undefined) walk(checker.getTypeOfSymbolAtLocation(property, declaration), field, depth + 1);
    }
  };
  walk(checker.getDeclaredTypeOfSymbol(alias), '', 0);
  return docs;
}

const oneLine = (text) => text.trim().replace(/\s*\n\s*/g, ' ');

/** The file as committed: in declaration order, two-space JSON, a final newline. */
function renderFieldDocs(docs = extractFieldDocs()) {
  return `${JSON.stringify(docs, null, 2)}\n`;
}

if (require.main === module) {
  const docs = extractFieldDocs();
  fs.writeFileSync(OUTPUT, renderFieldDocs(docs));
  const missing = Object.keys(docs).filter((field) => docs[field].doc === '');
  process.stdout.write(`wrote ${path.relative(ROOT, OUTPUT)}: ${Object.keys(docs).length} fields, ${missing.length} without a doc comment\n`);
  for (const field of missing) process.stdout.write(`  ${field}\n`);
}

module.exports = { extractFieldDocs, renderFieldDocs, OUTPUT };
