import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const { version } = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };
const define = { 'import.meta.env.STOREROOM_VERSION': JSON.stringify(version) };
/** The translations, one folder per language (resources/locales/<lang>/<namespace>.json). */
const locales = resolve(__dirname, 'resources/locales');

/** A language's namespaces make one chunk, loaded when the reader chooses it; its meta.json stays in the first bundle. */
function localeChunk(id: string): string | undefined {
  const match = /[\\/]resources[\\/]locales[\\/]([^\\/]+)[\\/](?!meta\.json)[^\\/]+\.json$/.exec(id);
  return match ? `locale-${match[1]}` : undefined;
}

export default defineConfig({
  main: {
    define,
    resolve: { alias: { '@locales': locales } },
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          'core-host': resolve(__dirname, 'src-main/electron/core-host.ts'),
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    define,
    resolve: { alias: { '@contract': resolve(__dirname, 'src-main/contract/index.ts'), '@locales': locales } },
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html'), output: { manualChunks: localeChunk } },
    },
  },
});
