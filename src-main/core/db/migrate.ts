import type { Database } from 'better-sqlite3';
import { CatalogueError } from '../catalogue-error';

const files = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true });

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered migrations, in order: `0001-initial.sql` is version 1. */
export const migrations: Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const name = path.split('/').pop() ?? path;
    return { version: Number.parseInt(name, 10), name, sql };
  })
  .sort((a, b) => a.version - b.version);

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;

/** Brings the database up to the latest schema in one transaction, or refuses one from a newer Storeroom. */
export function migrate(db: Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latestSchemaVersion) {
    throw new CatalogueError(
      `This catalogue was saved by a newer version of Storeroom (schema ${from}; this version reads up to ${latestSchemaVersion}). ` +
        'Update Storeroom to open it; the catalogue has not been changed.',
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return { from, to: Math.max(from, latestSchemaVersion) };
}
