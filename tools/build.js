#!/usr/bin/env node
/**
 * `npm run build`: the CLI bundle and the library, with esbuild (API per evanw/esbuild v0.28,
 * lib/shared/types.ts: bundle, platform, target, minifyWhitespace, minifySyntax, keepNames, external).
 *
 * build/ack-hybrid.js  the CLI: every runtime dependency bundled, so the package installs no others.
 *                      Whitespace and syntax minified (less to read and hash at start-up), identifiers not
 *                      (a bug report's stack trace stays readable). Its second line carries a hash of its
 *                      content: bin/ack-hybrid.js keys V8's code cache with it.
 * lib/index.js         the library (src/index.ts) for cdk8s apps: cdk8s and constructs left to the app
 *                      (one App, one construct tree), zod and yaml too, because the type declarations name
 *                      their types: all four optional peer dependencies, which a CLI-only install never pulls
 *                      (the command bundles them); everything else bundled. Not cdk8s-plus-27: as a dependency it pulls
 *                      200 packages (its registry metadata lists backport and others).
 * lib/**.d.ts          `npm run build:types` (`node tools/build.js types`): tsc -p tsconfig.lib.json, then
 *                      imports/k8s.d.ts (a re-export of cdk8s-plus-27's generated k8s types) replaced by
 *                      the file it re-exports, which imports only cdk8s and constructs.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const pkg = require(path.join(ROOT, 'package.json'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
  // Identifiers are not minified, so stack traces show the source's names (but for the few esbuild renames,
  // `parse2` beside `parse`). keepNames would also fix `fn.name` of those, by wrapping every function and class
  // in a __name() call where it is defined: that ran for every closure made, 20% of the CPU of `check` on a
  // fleet of 1,000 (paired runs, docs/benchmarks.md). Nothing reads the names (errors set their own `name`).
  keepNames: false,
  legalComments: 'none',
  write: false,
};

/**
 * cdk8s bundles its own copy of yaml (node_modules/cdk8s/node_modules/yaml, a jsii bundledDependency).
 * When it is the same version as ours, the bundle takes one copy: 160 kB less to load at every start.
 * A different version keeps both, so cdk8s always runs the yaml it was released with.
 */
const oneYaml = {
  name: 'one-yaml',
  setup(build) {
    const ours = require.resolve('yaml', { paths: [ROOT] });
    const cdk8sDir = path.dirname(require.resolve('cdk8s/package.json', { paths: [ROOT] }));
    const theirs = require.resolve('yaml', { paths: [cdk8sDir] });
    const version = (from) => require(require.resolve('yaml/package.json', { paths: [from] })).version;
    if (theirs === ours || version(cdk8sDir) !== version(ROOT)) return;
    build.onResolve({ filter: /^yaml$/ }, (args) => (args.importer.startsWith(cdk8sDir + path.sep) ? { path: ours } : undefined));
  },
};

async function cli() {
  const result = await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'main.ts')], plugins: [oneYaml] });
  const body = result.outputFiles[0].text.replace(/^#![^\n]*\n/, '');
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 16);
  write('build/ack-hybrid.js', `#!/usr/bin/env node\n// ack-hybrid build ${hash}\n${body}`, 0o755);
}

async function lib() {
  const result = await esbuild.build({
    ...common,
    entryPoints: [path.join(ROOT, 'src', 'index.ts')],
    external: [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies)],
  });
  write('lib/index.js', result.outputFiles[0].text, 0o644);
}

function write(relative, text, mode) {
  const file = path.join(ROOT, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
}

function types() {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = require('child_process').spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.lib.json')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.lib.json failed (${result.status})`);
  const k8s = require.resolve('cdk8s-plus-27/lib/imports/k8s.d.ts', { paths: [ROOT] });
  write('lib/imports/k8s.d.ts', fs.readFileSync(k8s, 'utf8'), 0o644);
}

let only = process.argv[2];
if (only === 'types') {
  fs.rmSync(path.join(ROOT, 'lib'), { recursive: true, force: true });
  types();
  only = 'lib';
}
Promise.all([only !== 'lib' ? cli() : undefined, only !== 'cli' && fs.existsSync(path.join(ROOT, 'src', 'index.ts')) ? lib() : undefined]).catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
