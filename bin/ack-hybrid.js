#!/usr/bin/env node
/**
 * The installed command: runs the bundle (build/ack-hybrid.js) as the main module, with V8's code cache,
 * so that a run does not parse and compile 2 MB of JavaScript again: that was most of the start-up.
 *
 * Node >= 22.1 has this built in (module.enableCompileCache, nodejs/node doc/api/module.md, added in
 * v22.1.0), Node 20 (our floor, package.json engines) does not: so it is done by hand, the same way on every
 * version, with vm.Script's cachedData and createCachedData (nodejs/node doc/api/vm.md, v20.x), as
 * v8-compile-cache does. One path, tested on the Node we run. The cache is kept in the user's own cache folder, never
 * a shared one such as /tmp (cached code runs as this user, so nobody else may write it), under a key of
 * the bundle's build hash (the first line of the bundle: V8 itself only compares the source's length), the
 * Node version and the architecture. Any failure to read or write it only costs the speed-up.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const Module = require('module');

const BUNDLE = path.join(__dirname, '..', 'build', 'ack-hybrid.js');

function cacheDir() {
  if (process.env.ACK_HYBRID_NO_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() && path.join(os.homedir(), '.cache'));
  return base ? path.join(base, 'ack-hybrid') : undefined;
}

/**
 * The heap's growth after a full collection, bounded as build/ack-hybrid.js bounds it (main.ts
 * boundHeapGrowth, which says why): set here too, before the bundle is compiled, because V8's code cache
 * carries a hash of the flags. Set only by the bundle, the flag would differ between compiling (when the
 * cache is checked) and exiting (when it is written), and every run would reject the cache and write it again.
 */
function boundHeapGrowth() {
  const given = [...process.execArgv, process.env.NODE_OPTIONS || ''].some((arg) => /heap[-_]growing[-_]percent/.test(arg));
  if (!given) require('v8').setFlagsFromString('--heap-growing-percent=40');
}

function runWithOwnCache(dir) {
  const vm = require('vm');
  const source = fs.readFileSync(BUNDLE, 'utf8');
  const build = /^(?:#![^\n]*\n)?\/\/ ack-hybrid build ([0-9a-f]+)\n/.exec(source);
  const cacheFile = dir && build && path.join(dir, `${build[1]}-${process.version}-${process.arch}.v8cache`);
  let cachedData;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // The CommonJS wrapper, as Node's loader applies it; a shebang line is not JavaScript.
  const script = new vm.Script(Module.wrap(source.replace(/^#!/, '//')), { filename: BUNDLE, cachedData });
  const mainModule = new Module(BUNDLE, null);
  mainModule.filename = BUNDLE;
  mainModule.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  process.mainModule = mainModule;
  process.argv[1] = BUNDLE;
  const requireFromBundle = Module.createRequire(BUNDLE);
  // `require.main === module` in the bundle: it runs as the program, exactly as `node build/ack-hybrid.js`.
  requireFromBundle.main = mainModule;
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // After the run: the cache then also holds the functions compiled while running (V8 compiles lazily).
    process.once('exit', () => saveCache(script, cacheFile));
  }
  script.runInThisContext()(mainModule.exports, requireFromBundle, mainModule, BUNDLE, path.dirname(BUNDLE));
  mainModule.loaded = true;
}

function saveCache(script, cacheFile) {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temp, cacheFile);
    // One cache per installed build: those of earlier builds (other hashes, other Node versions) would only
    // pile up, 1.6 MB each.
    const dir = path.dirname(cacheFile);
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.v8cache') && name !== path.basename(cacheFile)) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // A read-only or missing home folder: run without the cache.
  }
}

boundHeapGrowth();
runWithOwnCache(cacheDir());
