import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnly = { name: 'electron', message: 'Only src-main/electron may import Electron.' };
const nodeOnly = ['node:*', 'better-sqlite3', 'sharp', 'exceljs', 'electron'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'docs/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: ['node:*', 'better-sqlite3', 'sharp', 'exceljs'], message: 'The contract is shared with the renderer: no Node imports.' },
            { group: ['../*', '!./*'], message: 'The contract imports nothing from the rest of src-main.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**', 'src-main/server/**', 'src-main/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [{ group: ['../electron/*', '**/electron/*'], message: 'Electron code stays in src-main/electron.' }] }] },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'The renderer runs in a browser: no Node or Electron imports.' },
            { group: ['**/src-main/**', '../../src-main/*'], message: 'The renderer imports only the contract, as "@contract".' },
          ],
        },
      ],
    },
  },
);
