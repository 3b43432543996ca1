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
            { regex: '^\\.\\./(?!\\.\\./resources/locales/)', message: 'The contract imports nothing from the rest of src-main (the translations aside).' },
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
    // Domain code is deterministic: an operation gives it its time and ids (ctx.now, ctx.mint), so that replaying the
    // operation anywhere writes the same. Only the operations layer, the dispatcher and the composition root (which
    // opens, seeds and sweeps a catalogue) read the clock or mint ids.
    files: ['src-main/core/**'],
    ignores: ['src-main/core/ops/**', 'src-main/core/open.ts', 'src-main/core/dispatch.ts', 'src-main/core/lock.ts', 'src-main/core/media/store.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'uuid', message: 'Domain code takes ids from its operation: ctx.mint.id().' }],
          patterns: [{ group: ['**/ops/ids', '**/ops/clock'], allowTypeImports: true, message: 'Domain code takes ids and time from its operation: ctx.mint, ctx.now.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Domain code takes the time from its operation: ctx.now.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Domain code takes the time from its operation: ctx.now.' },
        { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'Domain code takes the time from its operation: ctx.now.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Domain code is deterministic: no randomness.' },
        { selector: "CallExpression[callee.property.name=/^(randomUUID|randomBytes)$/]", message: 'Domain code takes ids from its operation: ctx.mint.id().' },
      ],
    },
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
