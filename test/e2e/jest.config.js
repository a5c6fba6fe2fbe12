// Browser tests: Debian's chromium driven by playwright-core against the `npm start` server.
const path = require('path');

module.exports = {
  displayName: 'e2e',
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': require('../swc') },
};
