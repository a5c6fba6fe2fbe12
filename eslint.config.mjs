import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-h5/', 'dist-cloudfunctions/', '.data/', 'coverage/', 'test/ui/shims/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The dependency rule: the domain core stays pure (also checked by test/arch).
    files: ['cloudfunctions/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@tarojs/*', 'react', 'react-dom', 'wx-server-sdk', 'libsql', 'fs', 'node:*', '../runtime/*', '../services/*', '../../runtime/*', '../../services/*'] }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The core takes time as a parameter.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The core takes time as a parameter.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The core is deterministic.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-var-requires': 'off' },
  },
);
