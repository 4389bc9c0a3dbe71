/**
 * jest's transform of the TypeScript sources and tests (jest.config.js): each file on its own to CommonJS with
 * esbuild, the compiler of the build (tools/build.js), as ts-jest did with isolatedModules (tsconfig.json), only
 * faster. Nothing is type-checked here; `npm run typecheck` (tsc -p .) is what does, in `npm test`'s static step.
 *
 * Options per esbuild 0.28 (lib/shared/types.ts, TransformOptions) and jest 29.7 (@jest/transform,
 * SyncTransformer: process, getCacheKey).
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  // Read by esbuild for what changes the output: strict ("use strict"), target (class fields), esModuleInterop.
  tsconfigRaw: fs.readFileSync(path.join(__dirname, '..', '..', 'tsconfig.json'), 'utf8'),
  // import() as a require() in a promise, as ts-jest emitted it: jest runs CommonJS without --experimental-vm-modules.
  supported: { 'dynamic-import': false },
  // Given to jest, which maps stack traces back to the TypeScript lines.
  sourcemap: 'external',
};
const OPTIONS_KEY = JSON.stringify([esbuild.version, OPTIONS]);

module.exports = {
  // jest's own key (content, file, jest's configuration, coverage or not) and what changes esbuild's output.
  getCacheKey(source, file, { configString, instrument }) {
    return crypto
      .createHash('sha256')
      .update([OPTIONS_KEY, configString, instrument ? 'instrument' : '', file, source].join('\0'))
      .digest('hex');
  },
  process(source, file) {
    const { code, map } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: file });
    return { code, map };
  },
};
