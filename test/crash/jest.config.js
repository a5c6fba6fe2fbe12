// Crash test: kills a real `npm start` server mid-burst and checks the data folder afterwards.
const path = require('path');

module.exports = {
  displayName: 'crash',
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/crash/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': require('../swc') },
};
