#!/usr/bin/env node
// The `storeroom` command: runs the built CLI, or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('storeroom: not built yet. Run "npm run build" in the Storeroom folder first.');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
