/**
 * The fast suite (`npm test`): everything under test/ but test/stress/, which has its own config
 * (jest.stress.config.js, `npm run test:stress`).
 * @type {import('jest').Config}
 */
const os = require('os');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/stress/'],
  // TypeScript to CommonJS with esbuild (test/support/esbuild-transform.js): type-checking is `npm run typecheck`'s
  // job (tsc), and ts-jest, which only transpiled too (isolatedModules in tsconfig.json), took several times as
  // long on a fresh clone, where jest's cache is empty.
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  // Tests never depend on the machine's zone or language (see test/setup-env.ts).
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // jest's default, one worker fewer than cores (jest-config 29.7.0, build/getMaxWorkers.js), is a single
  // worker on a 2-core machine; most test files wait on child processes (the CLI, kubectl), so two workers
  // keep both cores busy.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
};
