// Browser tests: the real api serving the built web UI (dist/web), driven by playwright-core in
// Debian's Chromium. Run after `npm run build:web` (the npm script does it).
const base = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 120000,
  maxWorkers: 1,
};
