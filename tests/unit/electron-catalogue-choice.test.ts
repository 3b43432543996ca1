import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src-main/core/catalogue';
import { CATALOGUE_DATABASE_FILE, chooseCatalogue, LAST_CATALOGUE_FILE, readLastCatalogue } from '../../src-main/electron/catalogue-choice';
import { catalogueArg } from '../../src-main/electron/cli-args';

describe('--catalogue', () => {
  it('reads --catalogue DIR and --catalogue=DIR among Electron and Chromium switches', () => {
    expect(catalogueArg(['/usr/bin/electron', 'out/main/index.js', '--catalogue', '/data/Museum'])).toBe('/data/Museum');
    expect(catalogueArg(['electron', '--inspect=0', '--remote-debugging-port=0', 'out/main/index.js', '--catalogue=/data/A B'])).toBe('/data/A B');
    expect(catalogueArg(['core-host.js', '--catalogue', 'rel/dir', '--no-sandbox'])).toBe('rel/dir');
  });

  it('is absent when not given, or given without a folder', () => {
    expect(catalogueArg(['electron', 'out/main/index.js'])).toBeNull();
    expect(catalogueArg(['electron', 'out/main/index.js', '--catalogue'])).toBeNull();
    expect(catalogueArg(['electron', '--catalogue', '--no-sandbox'])).toBeNull();
    expect(catalogueArg(['electron', '--catalogue='])).toBeNull();
  });
});

describe('which catalogue opens', () => {
  const exists = (paths: string[]) => (path: string) => paths.includes(path);

  it('names the same database file as the core', () => {
    expect(CATALOGUE_DATABASE_FILE).toBe(DATABASE_FILE);
  });

  it('prefers the command line, then the last catalogue if it is still there, then the default', () => {
    const last = '/media/usb/Workshop';
    expect(chooseCatalogue({ argv: ['e', '--catalogue', '/x'], last, defaultDir: '/d', exists: exists([]) })).toEqual({ dir: '/x', source: 'argument' });
    expect(chooseCatalogue({ argv: ['e'], last, defaultDir: '/d', exists: exists([join(last, 'catalogue.sqlite')]) })).toEqual({ dir: last, source: 'last' });
    expect(chooseCatalogue({ argv: ['e'], last, defaultDir: '/d', exists: exists([]) })).toEqual({ dir: '/d', source: 'default' });
    expect(chooseCatalogue({ argv: ['e'], last: null, defaultDir: '/d' })).toEqual({ dir: '/d', source: 'default' });
  });

  it('reads the last catalogue, ignoring a missing or corrupt file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'storeroom-last-'));
    expect(readLastCatalogue(dir)).toBeNull();
    writeFileSync(join(dir, LAST_CATALOGUE_FILE), '{oops');
    expect(readLastCatalogue(dir)).toBeNull();
    writeFileSync(join(dir, LAST_CATALOGUE_FILE), JSON.stringify({ dir: 42 }));
    expect(readLastCatalogue(dir)).toBeNull();
    writeFileSync(join(dir, LAST_CATALOGUE_FILE), JSON.stringify({ dir: '/data/Museum' }));
    expect(readLastCatalogue(dir)).toBe('/data/Museum');
  });
});
