/**
 * EJS templates in `scripts-templates/`, compiled once per process and rendered per cluster.
 */
import * as fs from 'fs';
import * as path from 'path';
// require(), not import: ejs's package exports send import to an ESM build whose named exports esbuild cannot see.
import ejs = require('ejs');

/** The package root: found by walking up, so it works from sources (jest) and from the bundle alike. */
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
  /** EJS's compiled function: takes the locals object as it is (unsafePrototypeLocals, see template()). */
  readonly fn: ejs.TemplateFunction;
  /** The names of the data it was compiled for, in order: a render with others is a bug of ours. */
  readonly keys: string;
  readonly names: readonly string[];
  readonly escape: (value: unknown) => string;
  readonly dir: string;
  readonly filename: string;
  /** The partials it includes, by the name it includes them by: resolved and looked up once, not per include. */
  readonly partials: Map<string, Compiled>;
}

/** Per escape function, per template file (absolute path): compiled once per process. */
const compiled = new Map<(value: unknown) => string, Map<string, Compiled>>();

/**
 * Renders `scripts-templates/<name>` with `escape` applied to every `<%= %>` value. Scripts pass a shell
 * quoting function here: EJS's own default escapes for HTML, which is no protection in a shell.
 */
export function renderTemplate(name: string, data: ejs.Data, escape: (value: unknown) => string): string {
  const names = Object.keys(data);
  if (names.includes('include')) throw new Error(`${name}: "include" is not a name template data may use`);
  // One object without a prototype per render, shared by the partials (each sees it through its own
  // `include`): a template cannot reach Object.prototype through a name, and the data is copied once.
  const locals = Object.assign(Object.create(null) as ejs.Data, data);
  return run(template(path.join(TEMPLATES_DIR, name), names, escape), locals);
}

/** Runs a compiled template over `locals`, with an `include` of its own: partials resolve relative to their includer. */
function run(c: Compiled, locals: ejs.Data): string {
  const own = Object.create(locals) as ejs.Data;
  own.include = (partial: string, data?: unknown) => {
    if (data !== undefined) throw new Error(`${c.filename}: include('${partial}') passes data of its own; a partial takes its parent's`);
    let found = c.partials.get(partial);
    if (found === undefined) {
      // As EJS resolves an include: relative to the including file, `.ejs` added to a name without extension.
      const file = path.resolve(c.dir, path.extname(partial) === '' ? `${partial}.ejs` : partial);
      found = template(file, c.names, c.escape);
      c.partials.set(partial, found);
    }
    return run(found, locals);
  };
  return c.fn(own);
}

/**
 * The compiled template of `filename`, for data with the names `names`, compiled once per process, not once
 * per cluster (half a millisecond each in a fleet); its partials (relative to its own folder, with its parent's
 * data: no include passes data of its own) are compiled when first included.
 *
 * `include` is ours, not EJS's: EJS's own copies the data and its options and stats the partial's file at every
 * include, a twentieth of `check` on a fleet. Ours is handed to the template as one more name of its data,
 * which EJS's destructuredLocals declare in the compiled function over its `include` parameter.
 * _with: false and destructuredLocals: the data's names become local variables of the compiled function,
 * instead of names looked up through `with (locals)`, which V8 cannot optimize (EJS 7, lib/cjs/ejs.js
 * Template.compile): a third of the templates' time in a fleet. unsafePrototypeLocals: EJS takes our locals
 * as they are instead of copying them into an object without a prototype at every render and include; ours
 * has none already (renderTemplate).
 */
function template(filename: string, names: readonly string[], escape: (value: unknown) => string): Compiled {
  let byFile = compiled.get(escape);
  if (!byFile) compiled.set(escape, (byFile = new Map()));
  const keys = names.join(',');
  let found = byFile.get(filename);
  if (!found) {
    const fn = ejs.compile(fs.readFileSync(filename, 'utf8'), {
      filename,
      escape,
      async: false,
      _with: false,
      destructuredLocals: [...names, 'include'],
      unsafePrototypeLocals: true,
    } as ejs.Options) as ejs.TemplateFunction;
    found = { fn, keys, names, escape, dir: path.dirname(filename), filename, partials: new Map() };
    byFile.set(filename, found);
  }
  if (found.keys !== keys) throw new Error(`${filename} was compiled for the data ${found.keys}, not ${keys}`);
  return found;
}
