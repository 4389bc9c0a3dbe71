#!/usr/bin/env node
/**
 * Run by this repository's npm scripts before the CLI (`npm run synth`, …): builds build/ack-hybrid.js when it
 * is not there, as in a fresh clone after `npm ci` (the README's first command is `npm ci && npm run synth`).
 *
 * Not a `prepare` script, which npm also runs on `npm ci` in a clone: `npm pack` copies the scripts into the
 * tarball, and npm 11 then lists `prepare` as an install script of ack-hybrid on `npm i -g ./ack-hybrid-*.tgz`
 * ("install scripts not yet covered by allowScripts"), a script that could not even run there (tools/ is not
 * in the package). The tarball's files are built by `prepack`. A bundle that is there is used as it is:
 * `npm run build` after changing the sources, as before.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(ROOT, 'build', 'ack-hybrid.js'))) {
  // The CLI only: the library (lib/) is for `npm pack` and cdk8s apps, not for the commands.
  const result = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), 'cli'], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
