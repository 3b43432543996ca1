/**
 * Which catalogue the desktop app opens (no Electron import, unit tested): the one named on the command
 * line, else the one opened last if it is still there (a USB stick may be gone), else the default one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueArg } from './cli-args';

/** The database file inside a catalogue folder; the same name as DATABASE_FILE in core/catalogue.ts (a test checks). */
export const CATALOGUE_DATABASE_FILE = 'catalogue.sqlite';
export const LAST_CATALOGUE_FILE = 'last-catalogue.json';

export const isCatalogueFolder = (dir: string, exists: (path: string) => boolean = existsSync): boolean =>
  exists(join(dir, CATALOGUE_DATABASE_FILE));

export function readLastCatalogue(userDataDir: string): string | null {
  try {
    const dir = (JSON.parse(readFileSync(join(userDataDir, LAST_CATALOGUE_FILE), 'utf8')) as { dir?: unknown }).dir;
    return typeof dir === 'string' && dir ? dir : null;
  } catch {
    return null;
  }
}

export function chooseCatalogue(options: {
  argv: readonly string[];
  last: string | null;
  defaultDir: string;
  exists?: (path: string) => boolean;
}): { dir: string; source: 'argument' | 'last' | 'default' } {
  const named = catalogueArg(options.argv);
  if (named) return { dir: named, source: 'argument' };
  if (options.last && isCatalogueFolder(options.last, options.exists)) return { dir: options.last, source: 'last' };
  return { dir: options.defaultDir, source: 'default' };
}
