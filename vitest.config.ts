import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { 'import.meta.env.STOREROOM_VERSION': JSON.stringify(version) },
  // As in the renderer's build, so that tests can read its translations.
  resolve: {
    alias: {
      '@contract': fileURLToPath(new URL('./src-main/contract/index.ts', import.meta.url)),
      '@locales': fileURLToPath(new URL('./resources/locales', import.meta.url)),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/support/build.ts'],
    pool: 'forks',
    // Two files at a time, also on a 2-core machine (Vitest's default there is one): most tests wait on SQLite, the
    // disk or a child process, so two together take about two thirds of the time one after the other does.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
