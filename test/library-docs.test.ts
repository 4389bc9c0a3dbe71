/**
 * The library's main entry (src/index.ts, issue 14 item 4): every export documented (TSDoc), so editors
 * show what each chart, prop and function is for.
 */
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from './support/clusters';

const INDEX = path.join(REPO_ROOT, 'src', 'index.ts');

function undocumented(): string[] {
  // The library and types of tsconfig.lib.json, which builds the declarations users read: ES2022 and Node's
  // types, not the DOM and every @types package of node_modules (a third of what a program would parse).
  const program = ts.createProgram([INDEX], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    resolveJsonModule: true,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
    if (doc === '') missing.push(exported.name);
    // Props: every field documented too (cdk8s-plus style), ChartProps' own fields aside.
    if (/Props$/.test(exported.name)) {
      for (const field of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(target))) {
        const declaredIn = field.declarations?.[0]?.getSourceFile().fileName ?? '';
        if (declaredIn.includes('node_modules')) continue;
        if (ts.displayPartsToString(field.getDocumentationComment(checker)).trim() === '') missing.push(`${exported.name}.${field.name}`);
      }
    }
  }
  return missing.sort();
}

test('GIVEN the library entry WHEN its exports are listed THEN each, and each field of each Props, has a doc comment', () => {
  expect(undocumented()).toEqual([]);
}, 60_000);
