import tseslint from 'typescript-eslint';
import { layerRule } from './eslint/layer-rule.js';

const PURE_LAYERS = ['src/core/**', 'src/manifest/**', 'src/render/**', 'src/diff/**', 'src/health/**', 'src/plan/**', 'src/application/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'ui/dist/**', 'ui/node_modules/**', 'dist/**', 'test-results/**', '.ferry/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { ferry: { rules: { layers: layerRule } } },
    rules: {
      'ferry/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // The web UI talks to Ferry through the API only: it may borrow src/'s types, never its code.
    files: ['ui/**/*.ts', 'ui/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.\\./)+src(/|$)', allowTypeImports: true, message: 'ui/ may import only types from src/ (import type): it talks to Ferry through the API' }],
      }],
    },
  },
  {
    // Pure layers: no I/O, no ambient time, randomness or environment (DESIGN.md, conventions).
    files: PURE_LAYERS,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:os', 'pino', 'isomorphic-git', '@kubernetes/client-node'],
          message: 'pure layers take their inputs as arguments: no I/O here',
        }],
      }],
      'no-restricted-properties': ['error',
        { object: 'process', property: 'env', message: 'read configuration in src/config only' },
        { object: 'Date', property: 'now', message: 'take a Clock or a `now` argument' },
        { object: 'Math', property: 'random', message: 'take a random source as an argument' },
      ],
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'take a Clock or a `now` argument',
      }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/compose.ts', 'src/compose-server.ts', 'src/main.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration in src/config only' }],
    },
  },
);
