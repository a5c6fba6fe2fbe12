// The real weapp output: dist/ (built by `npm run build:weapp`) rendered in miniprogram-simulate.
const path = require('path');

module.exports = {
  displayName: 'weapp',
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/weapp/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': require('../swc') },
  // The compiled mini-program runs as it is; never transform it.
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  moduleNameMapper: { '^@contracts/(.*)$': '<rootDir>/cloudfunctions/contracts/$1' },
  setupFilesAfterEnv: ['<rootDir>/test/weapp/timeout.setup.ts'],
};
