/**
 * The stress suite (`npm run test:stress`): random kills, concurrent synths, large fleets. Minutes, not
 * seconds; CI (.ci/run) runs it after the fast suite.
 * @type {import('jest').Config}
 */
const fast = require('./jest.config');

module.exports = {
  ...fast,
  roots: ['<rootDir>/test/stress'],
  testPathIgnorePatterns: ['/node_modules/'],
  // One file at a time: each one loads the machine on purpose, and timings are part of what they aim at.
  maxWorkers: 1,
};
