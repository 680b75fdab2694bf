import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Package boundaries (docs/architecture.md): a package is imported by its name and declared entry
// points, never by a path into another package's sources or build output.
const byName = [
  {
    group: ['@parley/*/src/**', '@parley/*/dist/**'],
    message: 'Import the package by its name and entry points.',
  },
  {
    group: ['**/engine/src/**', '**/server/src/**', '**/client/src/**', '**/web/src/**'],
    message: 'Import another package by its name, not by path.',
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'packages/web/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['**/bench/**', '**/scripts/**', '**/cli/**', '**/main/**', 'test/fresh-install.test.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['packages/engine/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...byName,
            { group: ['@parley/*'], message: 'The engine depends on no other Parley package.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...byName, { group: ['@parley/*'], message: 'The SDK has no run-time dependencies.' }] },
      ],
    },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@parley/client', '@parley/client/*', '@parley/web', '@parley/web/*'],
              message: 'The server does not depend on the SDK or the dashboard.',
            },
            ...byName,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@parley/engine(?!/catalog$)',
              message:
                'The dashboard takes only the model catalogue from the engine (@parley/engine/catalog).',
            },
            {
              group: ['@parley/server', '@parley/server/*'],
              message: 'The dashboard talks to the server through @parley/client.',
            },
            ...byName,
          ],
        },
      ],
    },
  },
  {
    // The dashboard runs in browsers; its tests and build config run in Node.
    files: ['packages/web/src/**/*.{ts,tsx}'],
    ignores: ['packages/web/src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
