import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const { version } = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };
const define = { 'import.meta.env.STOREROOM_VERSION': JSON.stringify(version) };

export default defineConfig({
  main: {
    define,
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
    resolve: { alias: { '@contract': resolve(__dirname, 'src-main/contract/index.ts') } },
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
