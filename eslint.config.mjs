// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'var/**', 'artifacts/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig (libs/config).' },
      ],
    },
  },
  {
    // The config library reads the environment; tests, benchmarks and scripts are the operator.
    files: ['libs/config/**', 'libs/testing/**', 'test/**', 'bench/**', 'scripts/**', '**/*.spec.ts', 'jest.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The domain is pure and the mail library renders and sends: neither reads the database or the queue.
    files: ['libs/domain/**', 'libs/mail/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@cohost/database', '@cohost/queue', 'typeorm', 'bullmq'].map((name) => ({
            name,
            message: 'libs/domain and libs/mail do not depend on the database or the queue.',
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
