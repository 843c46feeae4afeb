import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Services meet only through @gz/contracts over the bus: a service lib never imports another
// service lib or the gateway, and the gateway never imports a service lib.
const serviceLibs = ['identity', 'registry', 'ticketing', 'dispatch', 'incubator', 'councils', 'evaluation'];
const boundary = (self) => ({
  files: [`libs/${self}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: [...serviceLibs, 'gateway', 'testing'].filter((l) => l !== self).map((l) => `@gz/${l}`),
            message: 'Services meet only through @gz/contracts over the bus.',
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'charts/**', 'deploy/k8s/**', 'docker/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', AbortController: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  ...[...serviceLibs, 'gateway'].map(boundary),
  {
    // Tests may use the harness.
    files: ['libs/*/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...serviceLibs, 'gateway'].map((l) => `@gz/${l}`), message: 'Services meet only through @gz/contracts over the bus.' }] },
      ],
    },
  },
  {
    files: ['libs/contracts/src/**/*.ts', 'libs/platform/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...serviceLibs, 'gateway', 'testing'].map((l) => `@gz/${l}`), message: 'contracts and platform depend on no service.' }] },
      ],
    },
  },
);
