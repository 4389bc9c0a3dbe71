/**
 * The fast suite (`npm test`): everything under test/ but test/stress/, which has its own config
 * (jest.stress.config.js, `npm run test:stress`).
 * @type {import('jest').Config}
 */
const os = require('os');

// Node 20 loads every certificate of the file NODE_EXTRA_CA_CERTS names when it starts, used or not: with the
// Debian bundle (/etc/ssl/certs/ca-certificates.crt, as images that set it for their proxies do), 50 ms and more
// of CPU on each of the hundred-odd CLI runs, terminals and npm commands the tests start. Nothing they start opens
// a TLS connection (the CLI never goes on the network), so jest's workers, which pass their environment on to
// them, go without it. It also keeps a bundle that fails to load (Node warns on stderr) out of exact stderr checks.
delete process.env.NODE_EXTRA_CA_CERTS;

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
