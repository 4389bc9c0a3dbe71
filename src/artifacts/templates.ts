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
  readonly render: ejs.TemplateFunction;
  /** The names of the data it was compiled for, in order: a render with others is a bug of ours. */
  readonly keys: string;
}

const compiled = new Map<(value: unknown) => string, Map<string, Compiled>>();

/**
 * Renders `scripts-templates/<name>` with `escape` applied to every `<%= %>` value. Scripts pass a shell
 * quoting function here: EJS's own default escapes for HTML, which is no protection in a shell.
 */
export function renderTemplate(name: string, data: ejs.Data, escape: (value: unknown) => string): string {
  let byName = compiled.get(escape);
  if (!byName) compiled.set(escape, (byName = new Map()));
  const keys = Object.keys(data).join(',');
  let template = byName.get(name);
  if (!template) {
    const filename = path.join(TEMPLATES_DIR, name);
    // cache: partials (`include`) are compiled once per process, not once per cluster (half a millisecond
    // each in a fleet). EJS caches them by file name, so a partial must always be included with one escape
    // and one set of data names: its parent's (no include passes data of its own).
    // _with: false and destructuredLocals: the data's names become local variables of the compiled function,
    // instead of names looked up through `with (locals)`, which V8 cannot optimize (EJS 7, lib/cjs/ejs.js
    // Template.compile): a third of the templates' time in a fleet.
    const render = ejs.compile(fs.readFileSync(filename, 'utf8'), {
      filename,
      escape,
      async: false,
      cache: true,
      _with: false,
      destructuredLocals: Object.keys(data),
    });
    template = { render, keys };
    byName.set(name, template);
  }
  if (template.keys !== keys) throw new Error(`${name} was compiled for the data ${template.keys}, not ${keys}`);
  return template.render(data);
}
