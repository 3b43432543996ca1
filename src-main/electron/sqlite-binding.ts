/**
 * Which better_sqlite3.node the core's utility process loads (no Electron import, unit tested). It must be built
 * for Electron's ABI, not for the Node that runs the tests, the server and the CLI from the same node_modules.
 * - Installed app: the copy electron-builder rebuilt for Electron and unpacked beside app.asar
 *   (electron-builder.config.ts: asarUnpack). STOREROOM_SQLITE_BINDING is ignored there: an installed app
 *   loads no native code named by the environment, as its fuses ignore NODE_OPTIONS.
 * - Development (`npm start`): the copy scripts/start.mjs built for Electron in .cache/electron-native/,
 *   passed as STOREROOM_SQLITE_BINDING.
 */
import { join } from 'node:path';

/** Where the packaged binary is, relative to process.resourcesPath. */
export const PACKAGED_SQLITE_BINDING = ['app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'] as const;

export function sqliteBindingPath(options: { isPackaged: boolean; resourcesPath: string | undefined; env: NodeJS.ProcessEnv }): string | undefined {
  if (options.isPackaged) {
    if (!options.resourcesPath) throw new Error('The packaged app has no resources path (process.resourcesPath).');
    return join(options.resourcesPath, ...PACKAGED_SQLITE_BINDING);
  }
  return options.env.STOREROOM_SQLITE_BINDING || undefined;
}
