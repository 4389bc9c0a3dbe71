// ESLint flat config: a small rule set, the recommended rules of ESLint and typescript-eslint (syntax only,
// not type-aware: the lint step stays a few seconds), with formatting left to prettier (.prettierrc.json).
// defineConfig from eslint/config: ESLint 10.15.0, lib/config-api.js; typescript-eslint 8.74.0 deprecates its
// own config() for it (dist/config-helper.d.ts). eslint-config-prettier/flat: 10.1.8, flat.js.
import { defineConfig } from 'eslint/config';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier/flat';

export default defineConfig(
  {
    // Generated (build/, dist/, imports/ by cdk8s import) or not ours (node_modules/).
    ignores: ['node_modules/', 'build/', 'lib/', 'dist/', 'imports/', 'coverage/', 'test/golden/*/expected/'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      // `any` only where a test reads arbitrary manifests, each one marked with a reason.
      '@typescript-eslint/no-explicit-any': 'error',
      // Unused bindings are errors, except a deliberately ignored one named _x (destructuring, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import x = require('x')` is TypeScript's own form for CommonJS packages (ejs: see src/artifacts/templates.ts).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
  {
    // CommonJS config files (jest.config.js, jest.stress.config.js).
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
