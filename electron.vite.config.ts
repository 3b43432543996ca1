import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const { version } = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };
const define = { 'import.meta.env.STOREROOM_VERSION': JSON.stringify(version) };
/** The translations, one folder per language (resources/locales/<lang>/<namespace>.json). */
const locales = resolve(__dirname, 'resources/locales');

/** A language's namespaces make one chunk, loaded when the reader chooses it; its meta.json stays in the first bundle. */
function localeChunk(id: string): string | undefined {
  const match = /[\\/]resources[\\/]locales[\\/]([^\\/]+)[\\/](?!meta\.json)[^\\/]+\.json$/.exec(id);
  return match ? `locale-${match[1]}` : undefined;
}

/**
 * A brotli and a gzip copy beside each of the renderer's assets, made once at build time: the server sends a phone
 * the smallest its browser reads (a workshop's phones load the app over Wi-Fi). The desktop app reads the originals.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'storeroom:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        if (!/\.(js|css|wasm|svg|json)$/.test(name)) continue;
        const file = join(assets, name);
        const data = readFileSync(file);
        if (statSync(file).size < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
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
    plugins: [react(), precompress()],
    build: {
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html'), output: { manualChunks: localeChunk } },
      // The same app runs in the desktop window and in the browsers of a workshop's phones and tablets.
      target: 'es2022',
      minify: true,
    },
  },
});
