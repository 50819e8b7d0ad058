// jest config for the benchmarks (`npm run bench:api`, `npm run bench:import`), never picked up by `npm test`: the main jest.config.cjs
// ignores test/bench/. Same transform and path aliases as the tests; no template test database (the bench makes
// its own), one file at a time, no time limit worth the name, and a reporter that stays quiet unless
// something fails, so the bench's own last line stays the last line.
const base = require('../../jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // An embedded PostgreSQL when DATABASE_URL is unset (the bench creates and drops its own database either way).
  globalSetup: '<rootDir>/test/bench/global-setup.ts',
  globalTeardown: '<rootDir>/test/bench/global-teardown.ts',
  // bench:api's file; every other bench names its own with --testMatch in its npm script, so each runs alone.
  testMatch: ['<rootDir>/test/bench/api.bench.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['<rootDir>/test/bench/quiet-reporter.cjs'],
  testTimeout: 60 * 60 * 1000,
  maxWorkers: 1,
  forceExit: false,
};
