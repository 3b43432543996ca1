import { fieldDef, OBJECT_FIELD_KEYS, OBJECT_FIELDS, type ObjectFieldKey, type ObjectFieldValues } from '../../contract';
import type { CallContext } from '../context';
import { insertRows } from '../db/insert-rows';
import { requireLocation } from '../locations/locations';
import { checkCustomValues, customFields, requireTerm } from '../vocabularies/vocabularies';

/**
 * The one writer of objects: the object form, bulk edit, the import and its undo all write through here, field by
 * field as the registry (contract/fields.ts) defines them.
 */

export type FieldValues = Partial<ObjectFieldValues>;

/** Sorts object numbers the way a registrar reads them: 1987.3.12 before 1987.12.3, T-0002 before T-0010. */
export const numberSortKey = (displayNumber: string): string =>
  displayNumber.toLowerCase().replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'));

/** Trims, drops empties and repeats (ignoring case), keeping the first spelling. */
export function cleanTags(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.map((t) => t.trim()).filter((t) => t && !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
}

/** A field's value as its column holds it. */
export function columnValue(key: ObjectFieldKey, value: unknown): unknown {
  switch (OBJECT_FIELDS[key].kind) {
    case 'flag':
      return value === null || value === undefined ? null : value ? 1 : 0;
    case 'tags':
      return JSON.stringify(cleanTags((value as string[] | undefined) ?? []));
    default:
      return value;
  }
}

/** A column's value as the field it holds. */
export function fieldValue(key: ObjectFieldKey, raw: unknown): unknown {
  switch (OBJECT_FIELDS[key].kind) {
    case 'flag':
      return raw === null ? null : raw === 1;
    case 'tags':
      return JSON.parse(raw as string) as string[];
    default:
      return raw;
  }
}

/** Checks values against the catalogue (its lists, its locations): returns them in the catalogue's spelling, or throws. */
export function checkFields(ctx: Pick<CallContext, 'db'>, values: FieldValues): FieldValues {
  const checked: Record<string, unknown> = { ...values };
  for (const key of Object.keys(values) as ObjectFieldKey[]) {
    const def = fieldDef(key);
    const value = values[key];
    if (value === null || value === undefined) continue;
    if (def.kind === 'term') checked[key] = requireTerm(ctx, def.vocabulary!, value as string);
    else if (def.kind === 'location') requireLocation(ctx, value as string);
  }
  return checked as FieldValues;
}

/** The columns that hold these values (checked already). */
export function fieldColumns(values: FieldValues): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const key of Object.keys(values) as ObjectFieldKey[]) {
    if (values[key] !== undefined) columns[OBJECT_FIELDS[key].column] = columnValue(key, values[key]);
  }
  return columns;
}

/** The custom fields whose values are searched as text: text and choice fields. */
export const textualFields = (ctx: Pick<CallContext, 'db'>): Set<string> =>
  new Set(customFields(ctx).filter((f) => f.kind === 'text' || f.kind === 'choice').map((f) => f.id));

/** Custom values (checked already) merged into an object's current ones, null or empty clearing one, as the columns that hold them. */
export function mergeCustom(current: Record<string, string | number>, values: Record<string, string | number | null>, textual: Set<string>) {
  const merged: Record<string, string | number> = { ...current };
  for (const [id, value] of Object.entries(values)) {
    if (value === null || value === '') delete merged[id];
    else merged[id] = value;
  }
  const text = Object.entries(merged).flatMap(([id, v]) => (textual.has(id) && typeof v === 'string' ? [v] : []));
  return { custom: JSON.stringify(merged), custom_text: text.join(' ') };
}

/** Custom values checked against their fields and merged into an object's current ones, as the columns that hold them. */
export const customColumns = (ctx: Pick<CallContext, 'db'>, values: Record<string, string | number | null>, current: Record<string, string | number> = {}) =>
  mergeCustom(current, checkCustomValues(ctx, values), textualFields(ctx));

/** A new object: its ids and numbers, its columns (the fields given, and its custom values), and where it was first put. */
export interface NewObject {
  id: string;
  number: string | null;
  tempNumber: string | null;
  columns: Record<string, unknown>;
  /** Written with the place its first movement records (the import's), and that movement's time. */
  locationId?: string | null;
}

const FIELD_COLUMNS = OBJECT_FIELD_KEYS.map((key) => OBJECT_FIELDS[key].column);
const INSERTED = ['id', 'number', 'temp_number', 'sort_key', ...FIELD_COLUMNS, 'custom', 'custom_text', 'location_id', 'moved_at', 'last_seen_at', 'created_at', 'updated_at'];
const EMPTY = OBJECT_FIELD_KEYS.map((key) => columnValue(key, OBJECT_FIELDS[key].empty));
/** Where each column a new object may be given goes in its row of INSERTED. */
const PLACE = new Map([...FIELD_COLUMNS, 'custom', 'custom_text'].map((column) => [column, INSERTED.indexOf(column)]));
const SEARCHED_COLUMNS = 'number, temp_number, name, description, materials, tags, custom_text';
/** From this many objects at once, they are indexed for search in one statement (see objects_fts_paused in the schema). */
const BULK = 50;

/** Writes new objects, every field given its column (its empty value when not given). */
export function insertObjects(ctx: CallContext, objects: readonly NewObject[]): void {
  const rows = objects.map((o) => {
    // The empty values, then the columns given (a few of many: each put in its place).
    const row = [o.id, o.number, o.tempNumber, numberSortKey(o.number ?? o.tempNumber!), ...EMPTY, '{}', '', o.locationId ?? null, o.locationId ? ctx.now : null, o.locationId ? ctx.now : null, ctx.now, ctx.now];
    for (const column in o.columns) {
      const at = PLACE.get(column);
      if (at !== undefined) row[at] = o.columns[column];
    }
    return row;
  });
  for (const o of objects) ctx.touch('objects', o.id);
  if (rows.length < BULK) return insertRows(ctx.db, 'objects', INSERTED, rows);
  const { last } = ctx.db.prepare('SELECT coalesce(max(rowid), 0) AS last FROM objects').get() as { last: number };
  ctx.db.prepare('INSERT INTO objects_fts_paused (paused) VALUES (1)').run();
  insertRows(ctx.db, 'objects', INSERTED, rows);
  ctx.db.prepare('DELETE FROM objects_fts_paused').run();
  ctx.db.prepare(`INSERT INTO objects_fts (rowid, ${SEARCHED_COLUMNS}) SELECT rowid, ${SEARCHED_COLUMNS} FROM objects WHERE rowid > ?`).run(last);
}

/** Writes an object's changed columns, and when it changed. */
export function updateObjectColumns(ctx: CallContext, id: string, columns: Record<string, unknown>): void {
  const names = Object.keys(columns);
  if (names.length === 0) return;
  ctx.db.prepare(`UPDATE objects SET ${names.map((n) => `${n} = @${n}`).join(', ')}, updated_at = @updated_at WHERE id = @id`).run({ ...columns, updated_at: ctx.now, id });
  ctx.touch('objects', id);
}
