import type Database from 'better-sqlite3';
import { replicated, type Effect } from './effects';

/**
 * Field versions: every write of a field after its row was made, with the write it replaced (its base). They make
 * merging field by field possible: a field's value is its latest write by stamp, and two writes from the same base
 * that did not see each other conflict. JSON maps (an object's custom values) are versioned key by key.
 */

/** Columns holding a JSON object whose keys are fields of their own (custom values by custom field id). */
export const MAP_COLUMNS: Record<string, readonly string[]> = { objects: ['custom'] };

/**
 * Columns that follow other fields or the time of a write: the latest write wins, and two writes never conflict over
 * them (two devices changing different fields of one object both set its updated_at).
 */
export const FOLLOWING_COLUMNS: Record<string, readonly string[]> = {
  objects: ['updated_at', 'sort_key', 'custom_text'],
  locations: ['updated_at'],
};

/** One written cell: a column, or a key of a map column ("custom:<field id>"). */
export interface CellWrite {
  col: string;
  value: unknown;
}

/** The cells an update writes: its columns, and for a map column each key whose value changed. */
export function cellsOf(table: string, changes: Record<string, unknown[]>): CellWrite[] {
  const maps = MAP_COLUMNS[table] ?? [];
  const cells: CellWrite[] = [];
  for (const [col, [before, after]] of Object.entries(changes)) {
    if (!maps.includes(col)) {
      cells.push({ col, value: after });
      continue;
    }
    const old = JSON.parse(String(before ?? '{}')) as Record<string, unknown>;
    const now = JSON.parse(String(after ?? '{}')) as Record<string, unknown>;
    for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
      if (JSON.stringify(old[key] ?? null) !== JSON.stringify(now[key] ?? null)) cells.push({ col: `${col}:${key}`, value: now[key] ?? null });
    }
  }
  return cells;
}

const rowKey = (r: unknown[]) => (r.length === 1 ? String(r[0]) : JSON.stringify(r));

/** The stamp of a cell's latest write, or null when it has its first value still. */
export function latestWrite(db: Database.Database, table: string, row: string, col: string): string | null {
  return (db.prepare('SELECT max(hlc) FROM field_writes WHERE tbl = ? AND row = ? AND col = ?').pluck().get(table, row, col) as string | null) ?? null;
}

/** The cells an effect writes: an update's changed fields; for a row keyed by what it holds, its existence and all of it. */
export function effectCells(effect: Effect): CellWrite[] {
  if (effect.k === 'u') return cellsOf(effect.t, effect.v as Record<string, unknown[]>);
  if (!replicated(effect.t)?.natural) return [];
  if (effect.k === 'd') return [{ col: EXISTS, value: 0 }];
  return [{ col: EXISTS, value: 1 }, ...Object.entries(effect.v).map(([col, value]) => ({ col, value }))];
}

/** The cell of a row keyed by what it holds that says whether the row is there. */
export const EXISTS = '_exists';

/**
 * Records the field writes of an operation made here (or replayed): each takes as its base the cell's latest write,
 * which is also recorded in the operation's effects (`b`), for the other copies.
 */
export function recordFieldWrites(db: Database.Database, hlc: string, opId: string, effects: Effect[]): void {
  // Within one operation a cell's last write is the one that stands (a list replaced: its rows deleted, then inserted).
  const writes = new Map<string, { tbl: string; row: string; col: string; value: unknown; effect: Effect }>();
  for (const effect of effects) {
    const row = rowKey(effect.r);
    for (const cell of effectCells(effect)) writes.set(JSON.stringify([effect.t, row, cell.col]), { tbl: effect.t, row, col: cell.col, value: cell.value, effect });
  }
  const insert = db.prepare('INSERT OR IGNORE INTO field_writes (tbl, row, col, hlc, base, value, op_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const { tbl, row, col, value, effect } of writes.values()) {
    const base = latestWrite(db, tbl, row, col);
    (effect.b ??= {})[col] = base;
    insert.run(tbl, row, col, hlc, base, storable(value), opId);
  }
}

/** A value as SQLite keeps it in an ANY column: JSON for what is not a scalar. */
export const storable = (value: unknown): unknown => (value !== null && typeof value === 'object' ? JSON.stringify(value) : typeof value === 'boolean' ? Number(value) : (value ?? null));

export { rowKey };
