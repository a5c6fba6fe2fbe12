// `npm test` runs every project; none of them skips itself.
module.exports = {
  projects: [
    '<rootDir>/test/node.jest.config.js',
    '<rootDir>/test/ui/jest.config.js',
    '<rootDir>/test/weapp/jest.config.js',
    '<rootDir>/test/e2e/jest.config.js',
    '<rootDir>/test/crash/jest.config.js',
  ],
};
