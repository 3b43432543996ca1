import type { Statement } from 'better-sqlite3';
import { conditionKeys, fieldDef, OBJECT_FIELD_KEYS, type CustomField, type ExportSheet, type Measures, type ObjectFieldKey, type TreeLocation } from '../../contract';
import type { ReadContext } from '../context';
import { locationTree } from '../locations/locations';
import { compareAll, compareMeasures, listMilestones, requireMilestone } from '../milestones/milestones';
import { objectListQuery } from '../objects/objects';
import { customFields, terms } from '../vocabularies/vocabularies';
import type { CellValue } from './cells';

/** One column of an exported sheet: its Spectrum header, a width, and how to format it. */
export interface Column {
  header: string;
  width: number;
  kind?: 'date' | 'number' | 'text';
  /** Allowed values, offered as a drop-down. */
  list?: string[];
}

export interface Sheet {
  name: ExportSheet;
  columns: Column[];
  /** Rows, produced lazily so a large catalogue streams through. */
  rows(): Iterable<CellValue[]>;
  /** How many rows `rows()` will yield, counted without reading them: the export's progress is in rows. */
  count(): number;
  /** For the Objects sheet: the photo to show in the thumbnail column, per row. */
  photoIds?: (string | null)[];
}

export interface ExportScope {
  locationId?: string | undefined;
  filter?: Record<string, unknown> | undefined;
}

const date = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

/** A column read from SQL: the expression that gives its value, and how that value becomes a cell when SQL cannot say. */
interface SqlColumn extends Column {
  sql: string;
  cell?: (value: string | null) => CellValue;
}

/** A location's cells, from its id: read from the location tree rather than joined in row by row. */
interface LocationCells {
  code: (id: string | null) => string | null;
  path: (id: string | null) => string | null;
}

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

const CHUNK = 500;

/**
 * Rows in chunks, each read at once: the connection is never left mid-query while the writer waits
 * on the disk, so the catalogue answers other calls during a long export. The statement selects the columns, then
 * extra values ending with the keys that its first parameters continue after; `params` follow those.
 * Yields each row's cells with its extra values.
 */
function* chunked(statement: Statement, columns: SqlColumn[], after: unknown[], params: unknown[]): Generator<[CellValue[], unknown[]]> {
  const converted = columns.flatMap((c, i) => (c.cell ? [[i, c.cell] as const] : []));
  statement.raw();
  for (;;) {
    const rows = statement.all(...after, ...params) as unknown[][];
    if (rows.length === CHUNK) after = rows[CHUNK - 1]!.slice(-after.length);
    for (const row of rows) {
      const extra = row.splice(columns.length);
      for (const [i, cell] of converted) row[i] = cell(row[i] as string | null);
      yield [row as CellValue[], extra];
    }
    if (rows.length < CHUNK) return;
  }
}

/** The ids of the objects in scope, in number order. */
function objectIdsInScope(ctx: ReadContext, scope: ExportScope): string[] | null {
  if (!scope.locationId && !scope.filter) return null;
  const { params, countSql, pageSql } = objectListQuery({ ...(scope.filter ?? {}), locationId: scope.locationId, limit: 500, offset: 0 });
  const { total } = ctx.db.prepare(countSql).get(params) as { total: number };
  return (ctx.db.prepare(pageSql(total)).all({ ...params, limit: total || 1 }) as { id: string }[]).map((r) => r.id);
}

/** A field of the registry as an export column: its Spectrum header and width, its value in the cell its kind asks for. */
function fieldColumn(ctx: ReadContext, key: ObjectFieldKey, place: LocationCells): SqlColumn {
  const def = fieldDef(key);
  const column = `o.${def.column}`;
  const base = { header: def.spectrum, width: def.width };
  switch (def.kind) {
    case 'count':
    case 'measure':
      return { ...base, kind: 'number', sql: column };
    case 'term':
      return { ...base, list: terms(ctx, def.vocabulary!), sql: column };
    case 'location':
      return { ...base, sql: column, cell: place.code };
    case 'flag':
      return { ...base, sql: `CASE ${column} WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END` };
    case 'priority':
      return { ...base, kind: 'number', list: def.choices!.map(String), sql: column };
    case 'rating':
      return { ...base, list: def.choices!.map(String), sql: column };
    case 'tags':
      return { ...base, sql: `coalesce((SELECT group_concat(value, '; ' ORDER BY key) FROM json_each(${column})), '')` };
    default:
      return { ...base, sql: column };
  }
}

function objectsSheet(ctx: ReadContext, ids: string[] | null, fields: CustomField[], place: LocationCells): Sheet {
  /** What the inventory says besides the fields, placed after one of them: condition and place, the last move, the photos. */
  const after: Partial<Record<ObjectFieldKey, SqlColumn[]>> = {
    weightUnit: [
      { header: 'Condition', width: 14, list: terms(ctx, 'condition'), sql: 'c.term' },
      { header: 'Condition note', width: 28, sql: 'c.note' },
      { header: 'Condition date', width: 12, kind: 'date', sql: 'c.assessed_on', cell: date },
      { header: 'Condition assessed by', width: 16, sql: 'c.assessed_by' },
      { header: 'Current location', width: 16, sql: 'o.location_id', cell: place.code },
      { header: 'Current location (full)', width: 36, sql: 'o.location_id', cell: place.path },
    ],
    normalLocationId: [
      { header: 'Previous location', width: 16, sql: 'm.from_location_id', cell: place.code },
      { header: 'Location date', width: 17, kind: 'date', sql: 'm.at', cell: date },
      { header: 'Movement reference', width: 12, sql: 'm.reference' },
      { header: 'Reason for move', width: 18, sql: `replace(m.reason, '_', ' ')` },
    ],
    reachable: [{ header: 'Photos', width: 8, kind: 'number', sql: '(SELECT count(*) FROM photo_links pk WHERE pk.target_id = o.id)' }],
  };
  const columns: SqlColumn[] = [
    { header: 'Object number', width: 16, sql: 'o.number' },
    { header: 'Temporary number', width: 12, sql: 'o.temp_number' },
    ...OBJECT_FIELD_KEYS.flatMap((key) => [fieldColumn(ctx, key, place), ...(after[key] ?? [])]),
    ...fields.map((f): SqlColumn => ({
      header: f.name,
      width: 18,
      kind: f.kind === 'number' ? 'number' : 'text',
      ...(f.kind === 'choice' ? { list: f.choices } : {}),
      sql: `o.custom ->> ${sqlText(`$."${f.id}"`)}`,
    })),
  ];
  const statement = ctx.db.prepare(
    `SELECT ${columns.map((c) => c.sql).join(', ')}, primary_photo.photo_id, o.sort_key, o.id
     FROM objects o
     LEFT JOIN condition_checks c ON c.id = o.condition_id
     LEFT JOIN movements m ON m.rowid = (SELECT rowid FROM movements WHERE object_id = o.id ORDER BY at DESC, id DESC LIMIT 1)
     LEFT JOIN photo_links primary_photo ON primary_photo.target_id = o.id AND primary_photo.is_primary = 1
     WHERE (o.sort_key, o.id) > (?, ?) AND o.removed = 0 ${ids ? 'AND o.id IN (SELECT value FROM json_each(?))' : ''}
     ORDER BY o.sort_key, o.id LIMIT ${CHUNK}`,
  );
  const photoIds: (string | null)[] = [];
  return {
    name: 'Objects',
    columns,
    photoIds,
    count: () => ids?.length ?? (ctx.db.prepare('SELECT count(*) FROM objects WHERE removed = 0').pluck().get() as number),
    *rows() {
      for (const [row, [photoId]] of chunked(statement, columns, ['', ''], ids ? [JSON.stringify(ids)] : [])) {
        photoIds.push(photoId as string | null);
        yield row;
      }
    },
  };
}

function locationsSheet(locations: TreeLocation[]): Sheet {
  const codes = new Map(locations.map((l) => [l.id, l.code]));
  return {
    name: 'Locations',
    columns: [
      { header: 'Location code', width: 16 },
      { header: 'Location name', width: 24 },
      { header: 'Type', width: 10 },
      { header: 'Role', width: 10 },
      { header: 'Parent', width: 16 },
      { header: 'Full path', width: 40 },
      { header: 'Objects here', width: 10, kind: 'number' },
      { header: 'Objects here and below', width: 12, kind: 'number' },
      { header: 'Archived', width: 9 },
      { header: 'Notes', width: 30 },
    ],
    count: () => locations.length,
    *rows() {
      for (const l of locations) {
        yield [l.code, l.name, l.type, l.role, l.parentId ? (codes.get(l.parentId) ?? null) : null, l.path, l.objectCount, l.subtreeObjectCount, l.archived ? 'yes' : 'no', l.notes];
      }
    },
  };
}

function movementsSheet(ctx: ReadContext, ids: string[] | null, place: LocationCells): Sheet {
  const columns: SqlColumn[] = [
    { header: 'Date', width: 17, kind: 'date', sql: 'm.at', cell: date },
    { header: 'Object number', width: 16, sql: 'coalesce(o.number, o.temp_number)' },
    { header: 'Object name', width: 24, sql: 'o.name' },
    { header: 'From', width: 14, sql: 'm.from_location_id', cell: place.code },
    { header: 'To', width: 14, sql: 'm.to_location_id', cell: place.code },
    { header: 'Reason for move', width: 18, sql: `replace(m.reason, '_', ' ')` },
    { header: 'Movement reference', width: 12, sql: 'm.reference' },
    { header: 'Moved by', width: 16, sql: 'p.name' },
    { header: 'Note', width: 30, sql: 'm.note' },
    { header: 'With container', width: 14, sql: 'm.container_id', cell: place.code },
    { header: 'Movement method', width: 18, sql: 'b.method' },
    { header: 'Movement contact', width: 18, sql: 'b.contact' },
  ];
  // Movements are appended as they happen: their order on disk is their order in time.
  const statement = ctx.db.prepare(
    `SELECT ${columns.map((c) => c.sql).join(', ')}, m.rowid
     FROM movements m JOIN objects o ON o.id = m.object_id JOIN batches b ON b.reference = m.reference LEFT JOIN people p ON p.id = m.person_id
     WHERE m.rowid > ? AND o.removed = 0 ${ids ? 'AND m.object_id IN (SELECT value FROM json_each(?))' : ''}
     ORDER BY m.rowid LIMIT ${CHUNK}`,
  );
  return {
    name: 'Movements',
    columns,
    // The movements of removed objects (an undone import's) are history, but not the inventory's.
    count: () =>
      ids
        ? (ctx.db.prepare('SELECT count(*) FROM movements WHERE object_id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(ids)) as number)
        : (ctx.db.prepare('SELECT count(*) FROM movements m JOIN objects o ON o.id = m.object_id WHERE o.removed = 0').pluck().get() as number),
    *rows() {
      for (const [row] of chunked(statement, columns, [0], ids ? [JSON.stringify(ids)] : [])) yield row;
    },
  };
}

function peopleSheet(ctx: ReadContext): Sheet {
  const rows = ctx.db
    .prepare(`SELECT p.name, p.created_at, (SELECT count(*) FROM ops c WHERE c.person_id = p.id) AS changes FROM people p ORDER BY p.name COLLATE NOCASE`)
    .all() as { name: string; created_at: string; changes: number }[];
  return {
    name: 'People',
    columns: [
      { header: 'Name', width: 24 },
      { header: 'Added', width: 17, kind: 'date' },
      { header: 'Changes recorded', width: 12, kind: 'number' },
    ],
    count: () => rows.length,
    rows: () => rows.map((p) => [p.name, date(p.created_at), p.changes]),
  };
}

const MEASURE_LABELS: [keyof Omit<Measures, 'conditions'>, string][] = [
  ['objects', 'Objects'],
  ['locatedPercent', 'Objects with a known location (%)'],
  ['onFloor', 'Objects on the floor'],
  ['inHolding', 'Objects in holding areas'],
  ['reachablePercent', 'Reachable without moving more than two others (%)'],
  ['mixedUnits', 'Units that mix categories'],
  ['notSeenSinceBefore', 'Objects not seen since Before'],
];

function beforeAfterSheet(ctx: ReadContext, chosen: { fromMilestoneId: string; toMilestoneId: string } | undefined): Sheet | null {
  const milestones = listMilestones(ctx);
  const from = chosen ? requireMilestone(ctx, chosen.fromMilestoneId) : milestones.find((m) => m.kind === 'before');
  const to = chosen ? requireMilestone(ctx, chosen.toMilestoneId) : milestones.find((m) => m.kind === 'after');
  if (!from || !to) return null;
  const measures = compareMeasures(ctx, { fromMilestoneId: from.id, toMilestoneId: to.id });
  const { rows } = compareAll(ctx, from, to);
  const conditions = conditionKeys(terms(ctx, 'condition'), measures.from.overall, measures.to.overall);
  return {
    name: 'Before-After',
    columns: [
      { header: 'Measure / object number', width: 36 },
      { header: from.name, width: 16 },
      { header: to.name, width: 16 },
      { header: 'Change', width: 10 },
      { header: 'Location then', width: 16 },
      { header: 'Location now', width: 16 },
      { header: 'Condition then', width: 14 },
      { header: 'Condition now', width: 14 },
      { header: 'Moved', width: 8 },
      { header: 'Condition worse', width: 10 },
      { header: 'In holding', width: 10 },
    ],
    // The measures, a condition each, a blank row and the objects' header, then an object each.
    count: () => MEASURE_LABELS.length + conditions.length + 2 + rows.length,
    *rows() {
      for (const [key, label] of MEASURE_LABELS) {
        const a = measures.from.overall[key];
        const b = measures.to.overall[key];
        yield [label, a, b, Math.round((b - a) * 10) / 10];
      }
      for (const c of conditions) {
        const a = measures.from.overall.conditions[c] ?? 0;
        const b = measures.to.overall.conditions[c] ?? 0;
        yield [`Condition: ${c || 'not assessed'}`, a, b, b - a];
      }
      yield [];
      yield ['Object', 'Object name', null, null, 'Location then', 'Location now', 'Condition then', 'Condition now', 'Moved', 'Condition worse', 'In holding'];
      for (const r of rows) {
        yield [r.displayNumber, r.name, null, null, r.fromLocationCode, r.toLocationCode, r.fromCondition, r.toCondition, r.moved ? 'yes' : 'no', r.conditionWorse ? 'yes' : 'no', r.inHolding ? 'yes' : 'no'];
      }
    },
  };
}

/** The sheets of an export, in order; the About sheet is added by the writer, which knows the counts. */
export function exportSheets(ctx: ReadContext, scope: ExportScope, beforeAfter?: { fromMilestoneId: string; toMilestoneId: string }): Sheet[] {
  const { locations } = locationTree(ctx);
  const byId = new Map(locations.map((l) => [l.id, l]));
  const at = (id: string | null) => (id === null ? undefined : byId.get(id));
  const place: LocationCells = { code: (id) => at(id)?.code ?? null, path: (id) => at(id)?.path ?? null };
  const ids = objectIdsInScope(ctx, scope);
  const sheets: (Sheet | null)[] = [
    objectsSheet(ctx, ids, customFields(ctx), place),
    locationsSheet(locations),
    movementsSheet(ctx, ids, place),
    peopleSheet(ctx),
    beforeAfterSheet(ctx, beforeAfter),
  ];
  return sheets.filter((s): s is Sheet => s !== null);
}
