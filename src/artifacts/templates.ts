/**
 * EJS templates in `scripts-templates/`, compiled once per process and rendered per cluster.
 */
import * as fs from 'fs';
import * as path from 'path';
// require(), not import: ejs's package exports send import to an ESM build whose named exports esbuild cannot see.
import ejs = require('ejs');

/** The package root: found by walking up, so it works from sources (ts-jest) and from the bundle alike. */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'scripts-templates'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`scripts-templates/ not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export const TEMPLATES_DIR = path.join(packageRoot(), 'scripts-templates');

interface Compiled {
  readonly render: (data: ejs.Data) => string;
  /** The names of the data it was compiled for, in order: a render with others is a bug of ours. */
  readonly keys: string;
}

/** Per escape function, per template file (absolute path): compiled once per process. */
const compiled = new Map<(value: unknown) => string, Map<string, Compiled>>();

/**
 * Renders `scripts-templates/<name>` with `escape` applied to every `<%= %>` value. Scripts pass a shell
 * quoting function here: EJS's own default escapes for HTML, which is no protection in a shell.
 */
export function renderTemplate(name: string, data: ejs.Data, escape: (value: unknown) => string): string {
  return template(path.join(TEMPLATES_DIR, name), Object.keys(data), escape)(data);
}

/**
 * The compiled template of `filename`, for data with the names `names`, and with it every partial it includes
 * (relative to its own folder, with its parent's data: no include passes data of its own), each compiled once
 * per process, not once per cluster (half a millisecond each in a fleet).
 *
 * `include` is ours, not EJS's: EJS's own copies the data and its options and stats the partial's file at every
 * include, a twentieth of `check` on a fleet. Ours is handed to the template as one more name of its data,
 * which EJS's destructuredLocals declare in the compiled function over its `include` parameter.
 * _with: false and destructuredLocals: the data's names become local variables of the compiled function,
 * instead of names looked up through `with (locals)`, which V8 cannot optimize (EJS 7, lib/cjs/ejs.js
 * Template.compile): a third of the templates' time in a fleet.
 */
function template(filename: string, names: readonly string[], escape: (value: unknown) => string): (data: ejs.Data) => string {
  let byFile = compiled.get(escape);
  if (!byFile) compiled.set(escape, (byFile = new Map()));
  const keys = names.join(',');
  let found = byFile.get(filename);
  if (!found) {
    if (names.includes('include')) throw new Error(`${filename}: "include" is not a name template data may use`);
    const fn = ejs.compile(fs.readFileSync(filename, 'utf8'), {
      filename,
      escape,
      async: false,
      _with: false,
      destructuredLocals: [...names, 'include'],
    }) as ejs.TemplateFunction;
    const dir = path.dirname(filename);
    const render = (data: ejs.Data): string =>
      fn({
        ...data,
        include: (partial: string, own?: unknown) => {
          if (own !== undefined) throw new Error(`${filename}: include('${partial}') passes data of its own; a partial takes its parent's`);
          // As EJS resolves an include: relative to the including file, `.ejs` added to a name without extension.
          const file = path.resolve(dir, path.extname(partial) === '' ? `${partial}.ejs` : partial);
          return template(file, names, escape)(data);
        },
      });
    found = { render, keys };
    byFile.set(filename, found);
  }
  if (found.keys !== keys) throw new Error(`${filename} was compiled for the data ${found.keys}, not ${keys}`);
  return found.render;
}
