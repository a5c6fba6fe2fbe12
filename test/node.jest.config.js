// Server-side suites: the pure core, the embedded database, the functions through the local runtime.
const path = require('path');

module.exports = {
  displayName: 'node',
  rootDir: path.resolve(__dirname, '..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/{core,functions,clouddb,local,arch}/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': require('./swc') },
  moduleNameMapper: { '^@contracts/(.*)$': '<rootDir>/cloudfunctions/contracts/$1' },
};
