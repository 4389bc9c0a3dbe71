/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  // Tests never depend on the machine's zone or language (see test/setup-env.ts).
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
