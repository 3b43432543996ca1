import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGED_SQLITE_BINDING, sqliteBindingPath } from '../../src-main/electron/sqlite-binding';

describe('which better-sqlite3 binary the core loads', () => {
  const resourcesPath = join('/opt', 'Storeroom', 'resources');

  it('in the installed app: the one electron-builder rebuilt for Electron, unpacked beside app.asar', () => {
    expect(sqliteBindingPath({ isPackaged: true, resourcesPath, env: {} })).toBe(
      join(resourcesPath, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    );
    expect(PACKAGED_SQLITE_BINDING.join('/')).toBe('app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  });

  it('in the installed app, never one named by the environment', () => {
    const planted = join('/tmp', 'evil.node');
    expect(sqliteBindingPath({ isPackaged: true, resourcesPath, env: { STOREROOM_SQLITE_BINDING: planted } })).not.toBe(planted);
  });

  it('under npm start: the one start.mjs built in .cache/electron-native, passed as STOREROOM_SQLITE_BINDING', () => {
    const built = join('/work', '.cache', 'electron-native', '45.4.1', 'better_sqlite3.node');
    expect(sqliteBindingPath({ isPackaged: false, resourcesPath: undefined, env: { STOREROOM_SQLITE_BINDING: built } })).toBe(built);
  });

  it('in development without it: none (better-sqlite3 finds its own)', () => {
    expect(sqliteBindingPath({ isPackaged: false, resourcesPath: '/x', env: {} })).toBeUndefined();
    expect(sqliteBindingPath({ isPackaged: false, resourcesPath: '/x', env: { STOREROOM_SQLITE_BINDING: '' } })).toBeUndefined();
  });

  it('refuses to guess when a packaged app has no resources path', () => {
    expect(() => sqliteBindingPath({ isPackaged: true, resourcesPath: undefined, env: {} })).toThrow(/resources path/);
  });
});
