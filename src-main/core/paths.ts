import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Storeroom';

/**
 * The user's data folder for Storeroom, the same one Electron's app.getPath('userData') gives,
 * so the desktop app, the server and the CLI open the same default catalogue.
 * STOREROOM_DATA_DIR overrides it.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.STOREROOM_DATA_DIR) return env.STOREROOM_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** The catalogue opened when none is named. */
export const defaultCatalogueDir = (env: NodeJS.ProcessEnv = process.env): string => join(userDataDir(env), 'Default catalogue');
