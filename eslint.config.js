import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Package boundaries (docs/architecture.md): a package is imported by its name and declared entry
// points, never by a path into another package's sources or build output. Every package may
// import the contract; the contract imports nothing of Parley's.
const byName = [
  {
    group: ['@parley/*/src/**', '@parley/*/dist/**'],
    message: 'Import the package by its name and entry points.',
  },
  {
    group: [
      '**/contract/src/**',
      '**/engine/src/**',
      '**/server/src/**',
      '**/client/src/**',
      '**/web/src/**',
    ],
    message: 'Import another package by its name, not by path.',
  },
];

/** Entry points other than those a package declares. */
const deepContract = {
  regex: '^@parley/contract/(?!core$)',
  message: 'The contract has two entry points: @parley/contract and @parley/contract/core.',
};

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
            deepContract,
            {
              regex: '^@parley/(?!contract(/core)?$)',
              message: 'The engine depends on no Parley package but the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // The SDK has no run-time dependencies: it takes the contract's types as types, and its
    // run-time constants from the core compiled into its own build (`#contract`).
    files: ['packages/client/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...byName,
            {
              group: ['@parley/contract', '@parley/contract/*'],
              allowTypeImports: true,
              message: 'The SDK imports the contract as types only; its run-time core is #contract.',
            },
            {
              regex: '^@parley/(?!contract(/core)?$)',
              message: 'The SDK has no run-time dependencies.',
            },
          ],
        },
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
            deepContract,
            ...byName,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@parley/contract$',
              allowTypeImports: true,
              message: 'The dashboard bundles only the dependency-free core (@parley/contract/core).',
            },
            {
              group: ['@parley/engine', '@parley/engine/*'],
              message: 'The dashboard takes the model catalogue from the contract (@parley/contract/core).',
            },
            deepContract,
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
    files: ['packages/contract/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...byName, { group: ['@parley/*'], message: 'The contract imports nothing of Parley.' }],
        },
      ],
    },
  },
  {
    // The core runs in the SDK and in browsers: no dependencies at all.
    files: ['packages/contract/src/core/**/*.ts'],
    ignores: ['packages/contract/src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^[^.]', message: 'The contract core imports nothing outside itself.' }] },
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
