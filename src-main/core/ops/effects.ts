import type Database from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * What an operation did to the catalogue, row by row: its effects. Merging catalogues applies effects, by the rules of
 * each table (history grows, fields go to the latest writer), rather than running operations again on a catalogue in
 * another state. Triggers record them while an operation runs, on the writer's connection.
 *
 * Rows that never change once written and whose ids follow from their operation's stamp (movements, condition checks,
 * sightings, container moves, photos) are not recorded: they are found again by id (see rowsOfOperation).
 */

export interface ReplicatedTable {
  table: string;
  key: readonly string[];
  /** Rows written once, with ids from their operation: found again by id, never recorded as effects. */
  immutable?: boolean;
  /** Of an immutable table, the columns that may change later (recorded when they do). */
  mutable?: readonly string[];
  /** Columns kept by triggers from history (an object's location from its movements): recorded when a row is
   * inserted, never when they change, since merging recomputes them. */
  derived?: readonly string[];
  /** Only these rows are shared by the copies of a catalogue. */
  where?: string;
  /**
   * Keyed by what it holds (a term, a name, a photo and what it shows), not by an id an operation made: two copies may
   * make the same row. Its existence and each of its columns go to the latest writer.
   */
  natural?: boolean;
}

/** The tables a catalogue's copies share, in an order in which rows can be inserted (what a row refers to first). */
export const REPLICATED: readonly ReplicatedTable[] = [
  { table: 'catalogue_meta', key: ['key'], where: "key IN ('name', 'created_at')", natural: true },
  { table: 'people', key: ['id'] },
  { table: 'terms', key: ['vocabulary', 'term'], natural: true },
  { table: 'custom_fields', key: ['id'] },
  { table: 'locations', key: ['id'], derived: ['parent_id'] },
  { table: 'batches', key: ['reference'] },
  { table: 'location_moves', key: ['id'], immutable: true },
  { table: 'objects', key: ['id'], derived: ['location_id', 'moved_at', 'condition_id', 'last_seen_at'] },
  { table: 'movements', key: ['id'], immutable: true },
  { table: 'condition_checks', key: ['id'], immutable: true, mutable: ['withdrawn'] },
  { table: 'sightings', key: ['id'], immutable: true },
  { table: 'photos', key: ['id'], immutable: true },
  { table: 'milestones', key: ['id'] },
  { table: 'viewpoints', key: ['id'] },
  { table: 'photo_links', key: ['target_id', 'photo_id'], natural: true },
  { table: 'imports', key: ['id'] },
  { table: 'import_mappings', key: ['name'], natural: true },
  { table: 'resolutions', key: ['key'], natural: true },
  { table: 'evacuations', key: ['id'] },
  { table: 'evacuation_boxes', key: ['location_id'] },
  // Keyed by what it holds (an object on an evacuation's list): two copies may list the same object.
  { table: 'evacuation_items', key: ['evacuation_id', 'object_id'], natural: true },
];

export const replicated = (table: string): ReplicatedTable | undefined => REPLICATED.find((spec) => spec.table === table);

/** One row's change: inserted (its values), updated (its changed columns, [before, after]) or deleted (its values). */
export interface Effect {
  t: string;
  k: 'i' | 'u' | 'd';
  /** The row's key values. */
  r: unknown[];
  v: Record<string, unknown>;
  /** For an update: each written cell's base, the stamp of the write it replaced (null: the row's first value). */
  b?: Record<string, string | null>;
}

const columnsOf = (db: Database.Database, table: string) => db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[];

/** Installs the triggers that record effects while an operation runs (see recording). Temporary: this connection's own. */
export function installEffectTriggers(db: Database.Database): void {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS effects_on (on_ INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS effects (n INTEGER PRIMARY KEY, e TEXT NOT NULL);
  `);
  const when = 'WHEN EXISTS (SELECT 1 FROM temp.effects_on)';
  // Each effect is made as JSON by SQLite, so that an operation's effects are parsed as one text (an import's tens of
  // thousands of rows would otherwise cost as many row objects and parses).
  const effect = (table: string, kind: Effect['k'], key: string, values: string) => `json_object('t', '${table}', 'k', '${kind}', 'r', ${key}, 'v', ${values})`;
  for (const spec of REPLICATED) {
    const columns = columnsOf(db, spec.table);
    const row = (prefix: 'NEW' | 'OLD') => `json_array(${spec.key.map((k) => `${prefix}.${k}`).join(', ')})`;
    const values = (prefix: 'NEW' | 'OLD') => `json_object(${columns.map((c) => `'${c}', ${prefix}.${c}`).join(', ')})`;
    const only = (prefix: 'NEW' | 'OLD') => (spec.where ? ` AND ${spec.where.replace(/\bkey\b/g, `${prefix}.key`)}` : '');
    const changing = spec.immutable ? (spec.mutable ?? []) : columns.filter((c) => !spec.key.includes(c) && !(spec.derived ?? []).includes(c));
    const statements: string[] = [];
    if (!spec.immutable) {
      statements.push(
        `CREATE TEMP TRIGGER IF NOT EXISTS effects_${spec.table}_i AFTER INSERT ON main.${spec.table} ${when}${only('NEW')} BEGIN
           INSERT INTO temp.effects (e) VALUES (${effect(spec.table, 'i', row('NEW'), values('NEW'))});
         END;`,
        `CREATE TEMP TRIGGER IF NOT EXISTS effects_${spec.table}_d AFTER DELETE ON main.${spec.table} ${when}${only('OLD')} BEGIN
           INSERT INTO temp.effects (e) VALUES (${effect(spec.table, 'd', row('OLD'), values('OLD'))});
         END;`,
      );
    }
    if (changing.length > 0) {
      const changes = changing.map((c) => `SELECT '${c}' AS c, OLD.${c} AS o, NEW.${c} AS n WHERE OLD.${c} IS NOT NEW.${c}`).join(' UNION ALL ');
      statements.push(
        `CREATE TEMP TRIGGER IF NOT EXISTS effects_${spec.table}_u AFTER UPDATE OF ${changing.join(', ')} ON main.${spec.table} ${when}${only('NEW')} BEGIN
           INSERT INTO temp.effects (e)
           SELECT ${effect(spec.table, 'u', row('NEW'), 'json_group_object(c, json_array(o, n))')} FROM (${changes}) HAVING count(*) > 0;
         END;`,
      );
    }
    for (const sql of statements) db.exec(sql);
  }
}

/** Records the effects of what `fn` does, and returns them with its result. */
export function recording<T>(db: Database.Database, fn: () => T): { value: T; effects: Effect[] } {
  db.prepare('INSERT OR IGNORE INTO temp.effects_on (on_) VALUES (1)').run();
  try {
    const value = fn();
    // Parsed one by one as they are read: an import's 100,000 effects are 90 MB of JSON, which joined into one text
    // (or by group_concat) was read whole, then copied whole, then parsed (a fifth slower, twice the memory).
    const effects: Effect[] = [];
    for (const text of db.prepare('SELECT e FROM temp.effects ORDER BY n').pluck().iterate() as IterableIterator<string>) effects.push(JSON.parse(text) as Effect);
    return { value, effects };
  } finally {
    db.prepare('DELETE FROM temp.effects').run();
    db.prepare('DELETE FROM temp.effects_on').run();
  }
}

/**
 * Effects as an operation keeps them: JSON as JavaScript writes it (the same text on every copy, whatever wrote the
 * effects first: SQLite writes 12.0 where JavaScript writes 12), compressed fast (an import's 100,000 new objects are
 * ~90 MB of JSON: level 3 packs them in half the time of zlib's default for 15 % more bytes). Copies compare the text,
 * never the compressed bytes (see unpackedEffectsText).
 */
export const packEffects = (effects: Effect[]): Buffer | null => (effects.length ? deflateRawSync(JSON.stringify(effects), { level: 3 }) : null);
export const unpackedEffectsText = (packed: Buffer): string => inflateRawSync(packed).toString('utf8');
export const unpackEffects = (packed: Buffer | null): Effect[] => (packed ? (JSON.parse(unpackedEffectsText(packed)) as Effect[]) : []);
