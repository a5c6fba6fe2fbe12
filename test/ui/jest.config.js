// Component tests of the pages against Taro's real H5 components and API (jsdom + @testing-library).
const path = require('path');

const swc = require('../swc');

module.exports = {
  displayName: 'ui',
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/ui/**/*.test.ts?(x)'],
  setupFiles: ['<rootDir>/test/ui/setup/env.js'],
  setupFilesAfterEnv: ['<rootDir>/test/ui/setup/afterEnv.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // Taro and many of its dependencies (also nested under .pnpm folders inside Taro's packages) ship ES
  // modules only, so node_modules are transformed too, except the test tooling and React themselves.
  transformIgnorePatterns: [
    '/node_modules/(jest|jest-[^/]+|@jest|expect|pretty-format|@testing-library|react|react-dom|react-is|scheduler|jsdom|@babel|@swc|core-js)/',
  ],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '\\.(css|scss|sass|less|styl)$': '<rootDir>/test/ui/shims/style.js',
    '^@tarojs/taro$': '<rootDir>/test/ui/shims/taro.js',
    '^@tarojs/components$': '@tarojs/components/lib/react',
    '^@contracts/(.*)$': '<rootDir>/cloudfunctions/contracts/$1',
    '^@/(.*)$': '<rootDir>/src/$1',
  },
  // Taro's compile-time constants (defined by its webpack config in real builds).
  globals: {
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: true,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    ENABLE_MUTATION_OBSERVER: true,
    SUPPORT_DINGTALK_NAVIGATE: 'disabled',
    SUPPORT_TARO_POLYFILL: 'disabled',
    DEPRECATED_ADAPTER_COMPONENT: false,
    FRESHPAL_CLOUD_ENV: 'test-env',
  },
};
