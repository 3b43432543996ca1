import type { Statement } from 'better-sqlite3';
import { conditionKeys, fieldDef, OBJECT_FIELD_KEYS, type CustomField, type ExportSheet, type Measures, type ObjectFieldKey, type TreeLocation } from '../../contract';
import type { ReadContext } from '../context';
import { locationTree } from '../locations/locations';
import { compareAll, compareMeasures, listMilestones, requireMilestone } from '../milestones/milestones';
import { objectListQuery } from '../objects/objects';
import { customFields, terms } from '../vocabularies/vocabularies';
import type { CellValue } from './cells';
import type { WorkbookWords } from './words';

/** One column of an exported sheet: its Spectrum header and what it holds, a width, and how to format it. */
export interface Column {
  header: string;
  /** What the column holds, in the reader's language: a note on the header, and a line of the About sheet. */
  help: string;
  width: number;
  /** date: a day, written with no time and no time-zone shift; timestamp: a moment, written in local time. */
  kind?: 'date' | 'timestamp' | 'number' | 'text';
  /** Allowed values, offered as a drop-down from the hidden lists sheet: a vocabulary, or a custom field's choices. */
  list?: ListKey;
}

/** The lists a drop-down takes its values from. */
export type ListKey = 'category' | 'condition' | `custom:${string}`;

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

/** A moment (an ISO timestamp). */
const date = (iso: string | null): Date | null => (iso ? new Date(iso) : null);
/** A day (an ISO date): midnight UTC, which a spreadsheet shows as that day whatever the computer's zone. */
export const day = (iso: string | null): Date | null => (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? new Date(`${iso.slice(0, 10)}T00:00:00.000Z`) : null);

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

/** A column's header (Spectrum's name) and help, by its id in spectrum.json and export.json. */
const named = (w: WorkbookWords, id: string) => ({ header: w.header(id), help: w.help(id) });

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

/**
 * A field of the registry as an export column: its Spectrum header (in the reader's language where Spectrum is
 * translated, by the field's import name in spectrum.json) and help, its width, its value in the cell its kind asks for.
 */
function fieldColumn(ctx: ReadContext, w: WorkbookWords, key: ObjectFieldKey, place: LocationCells): SqlColumn {
  const def = fieldDef(key);
  const column = `o.${def.column}`;
  const base = { ...named(w, def.importAs), width: def.width };
  switch (def.kind) {
    case 'count':
    case 'measure':
      return { ...base, kind: 'number', sql: column };
    case 'term':
      return { ...base, list: def.vocabulary!, sql: column };
    case 'location':
      return { ...base, sql: column, cell: place.code };
    case 'flag':
      return { ...base, sql: `CASE ${column} WHEN 1 THEN ${sqlText(w.yes)} WHEN 0 THEN ${sqlText(w.no)} END` };
    case 'priority':
      return { ...base, kind: 'number', sql: column };
    case 'rating':
      return { ...base, sql: column, cell: (value) => (value === null ? null : w.say(`values.${value}`)) };
    case 'tags':
      return { ...base, sql: `coalesce((SELECT group_concat(value, '; ' ORDER BY key) FROM json_each(${column})), '')` };
    default:
      return { ...base, sql: column };
  }
}

function objectsSheet(ctx: ReadContext, w: WorkbookWords, ids: string[] | null, fields: CustomField[], place: LocationCells): Sheet {
  /** What the inventory says besides the fields, placed after one of them: condition and place, the last move, the photos. */
  const after: Partial<Record<ObjectFieldKey, SqlColumn[]>> = {
    weightUnit: [
      { ...named(w, 'condition'), width: 14, list: 'condition', sql: 'c.term' },
      { ...named(w, 'conditionNote'), width: 28, sql: 'c.note' },
      { ...named(w, 'conditionDate'), width: 12, kind: 'date', sql: 'c.assessed_on', cell: day },
      { ...named(w, 'conditionAssessedBy'), width: 16, sql: 'c.assessed_by' },
      { ...named(w, 'currentLocation'), width: 16, sql: 'o.location_id', cell: place.code },
      { ...named(w, 'currentLocationFull'), width: 36, sql: 'o.location_id', cell: place.path },
    ],
    normalLocationId: [
      { ...named(w, 'previousLocation'), width: 16, sql: 'm.from_location_id', cell: place.code },
      { ...named(w, 'locationDate'), width: 17, kind: 'timestamp', sql: 'm.at', cell: date },
      { ...named(w, 'movementReference'), width: 12, sql: 'm.reference' },
      { ...named(w, 'reasonForMove'), width: 18, sql: 'm.reason', cell: w.reason },
    ],
    reachable: [{ ...named(w, 'photos'), width: 8, kind: 'number', sql: '(SELECT count(*) FROM photo_links pk WHERE pk.target_id = o.id)' }],
  };
  const columns: SqlColumn[] = [
    { ...named(w, 'number'), width: 16, sql: 'o.number' },
    { ...named(w, 'tempNumber'), width: 12, sql: 'o.temp_number' },
    ...OBJECT_FIELD_KEYS.flatMap((key) => [fieldColumn(ctx, w, key, place), ...(after[key] ?? [])]),
    ...fields.map((f): SqlColumn => ({
      header: f.name,
      help: w.help('custom', { kind: w.say(`customKinds.${f.kind}`) }),
      width: 18,
      kind: f.kind === 'number' ? 'number' : f.kind === 'date' ? 'date' : 'text',
      ...(f.kind === 'choice' ? { list: `custom:${f.id}` as const } : {}),
      ...(f.kind === 'date' ? { cell: day } : {}),
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

function locationsSheet(w: WorkbookWords, locations: TreeLocation[]): Sheet {
  const codes = new Map(locations.map((l) => [l.id, l.code]));
  return {
    name: 'Locations',
    columns: [
      { ...named(w, 'locationCode'), width: 16 },
      { ...named(w, 'locationName'), width: 24 },
      { ...named(w, 'locationType'), width: 10 },
      { ...named(w, 'locationRole'), width: 10 },
      { ...named(w, 'parentLocation'), width: 16 },
      { ...named(w, 'fullPath'), width: 40 },
      { ...named(w, 'objectsHere'), width: 10, kind: 'number' },
      { ...named(w, 'objectsBelow'), width: 12, kind: 'number' },
      { ...named(w, 'archived'), width: 9 },
      { ...named(w, 'locationNotes'), width: 30 },
    ],
    count: () => locations.length,
    *rows() {
      for (const l of locations) {
        yield [l.code, l.name, w.type(l.type), w.role(l.role), l.parentId ? (codes.get(l.parentId) ?? null) : null, l.path, l.objectCount, l.subtreeObjectCount, l.archived ? w.yes : w.no, l.notes];
      }
    },
  };
}

function movementsSheet(ctx: ReadContext, w: WorkbookWords, ids: string[] | null, place: LocationCells): Sheet {
  const columns: SqlColumn[] = [
    { ...named(w, 'movementDate'), width: 17, kind: 'timestamp', sql: 'm.at', cell: date },
    { ...named(w, 'number'), width: 16, sql: 'coalesce(o.number, o.temp_number)' },
    { ...named(w, 'name'), width: 24, sql: 'o.name' },
    { ...named(w, 'fromLocation'), width: 14, sql: 'm.from_location_id', cell: place.code },
    { ...named(w, 'toLocation'), width: 14, sql: 'm.to_location_id', cell: place.code },
    { ...named(w, 'reasonForMove'), width: 18, sql: 'm.reason', cell: w.reason },
    { ...named(w, 'movementReference'), width: 12, sql: 'm.reference' },
    { ...named(w, 'movedBy'), width: 16, sql: 'p.name' },
    { ...named(w, 'movementNote'), width: 30, sql: 'm.note', cell: w.note },
    { ...named(w, 'withContainer'), width: 14, sql: 'm.container_id', cell: place.code },
    { ...named(w, 'movementMethod'), width: 18, sql: 'b.method' },
    { ...named(w, 'movementContact'), width: 18, sql: 'b.contact' },
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

function peopleSheet(ctx: ReadContext, w: WorkbookWords): Sheet {
  const rows = ctx.db
    .prepare(`SELECT p.name, p.created_at, (SELECT count(*) FROM ops c WHERE c.person_id = p.id) AS changes FROM people p ORDER BY p.name COLLATE NOCASE`)
    .all() as { name: string; created_at: string; changes: number }[];
  return {
    name: 'People',
    columns: [
      { ...named(w, 'personName'), width: 24 },
      { ...named(w, 'personAdded'), width: 17, kind: 'timestamp' },
      { ...named(w, 'changesRecorded'), width: 12, kind: 'number' },
    ],
    count: () => rows.length,
    rows: () => rows.map((p) => [p.name, date(p.created_at), p.changes]),
  };
}

const MEASURES: (keyof Omit<Measures, 'conditions'>)[] = ['objects', 'locatedPercent', 'onFloor', 'inHolding', 'reachablePercent', 'mixedUnits', 'notSeenSinceBefore'];

function beforeAfterSheet(ctx: ReadContext, w: WorkbookWords, chosen: { fromMilestoneId: string; toMilestoneId: string } | undefined): Sheet | null {
  const milestones = listMilestones(ctx);
  const from = chosen ? requireMilestone(ctx, chosen.fromMilestoneId) : milestones.find((m) => m.kind === 'before');
  const to = chosen ? requireMilestone(ctx, chosen.toMilestoneId) : milestones.find((m) => m.kind === 'after');
  if (!from || !to) return null;
  const measures = compareMeasures(ctx, { fromMilestoneId: from.id, toMilestoneId: to.id });
  const { rows } = compareAll(ctx, from, to);
  const conditions = conditionKeys(terms(ctx, 'condition'), measures.from.overall, measures.to.overall);
  const yesNo = (value: boolean) => (value ? w.yes : w.no);
  const objectColumns = ['locationThen', 'locationNow', 'conditionThen', 'conditionNow', 'moved', 'conditionWorse', 'inHolding'];
  return {
    name: 'Before-After',
    columns: [
      { ...named(w, 'measure'), width: 36 },
      { header: w.milestone(from), help: w.help('milestone'), width: 16 },
      { header: w.milestone(to), help: w.help('milestone'), width: 16 },
      { ...named(w, 'change'), width: 10 },
      ...objectColumns.map((id) => ({ ...named(w, id), width: id.startsWith('location') ? 16 : id.startsWith('condition') ? 14 : 10 })),
    ],
    // The measures, a condition each, a blank row and the objects' header, then an object each.
    count: () => MEASURES.length + conditions.length + 2 + rows.length,
    *rows() {
      for (const key of MEASURES) {
        const a = measures.from.overall[key];
        const b = measures.to.overall[key];
        yield [w.say(`measures.${key}`), a, b, Math.round((b - a) * 10) / 10];
      }
      for (const c of conditions) {
        const a = measures.from.overall.conditions[c] ?? 0;
        const b = measures.to.overall.conditions[c] ?? 0;
        yield [w.say('measures.condition', { term: c || w.say('measures.notAssessed') }), a, b, b - a];
      }
      yield [];
      yield [w.header('object'), w.header('name'), null, null, ...objectColumns.map((id) => w.header(id))];
      for (const r of rows) {
        yield [r.displayNumber, r.name, null, null, r.fromLocationCode, r.toLocationCode, r.fromCondition, r.toCondition, yesNo(r.moved), yesNo(r.conditionWorse), yesNo(r.inHolding)];
      }
    },
  };
}

/** A drop-down's source: the range of the hidden lists sheet that holds its values. */
export interface Lists {
  sheet: Sheet;
  ranges: Map<ListKey, { column: number; from: number; to: number }>;
}

/**
 * The hidden sheet the drop-downs take their values from (a literal list breaks on a term with a comma, and is
 * limited to 255 characters). It also tells an import of the workbook its lists: categories, condition terms in
 * their order, and each custom field's kind and choices. Row 1 marks it; row 2 names the lists.
 */
export function listsSheet(ctx: ReadContext, w: WorkbookWords, marker: string): Lists {
  const fields = customFields(ctx);
  const categories = terms(ctx, 'category');
  const conditions = terms(ctx, 'condition');
  const rows: CellValue[][] = [[marker], [w.header('category'), w.header('condition'), ...fields.map((f) => f.name)]];
  const put = (row: number, column: number, value: string) => {
    while (rows.length <= row) rows.push([]);
    const line = rows[row]!;
    while (line.length < column) line.push(null);
    line[column] = value;
  };
  categories.forEach((t, i) => put(2 + i, 0, t));
  conditions.forEach((t, i) => put(2 + i, 1, t));
  const ranges = new Map<ListKey, { column: number; from: number; to: number }>([
    ['category', { column: 1, from: 3, to: 2 + categories.length }],
    ['condition', { column: 2, from: 3, to: 2 + conditions.length }],
  ]);
  fields.forEach((f, i) => {
    put(2, 2 + i, f.kind);
    f.choices.forEach((choice, j) => put(3 + j, 2 + i, choice));
    ranges.set(`custom:${f.id}`, { column: 3 + i, from: 4, to: 3 + f.choices.length });
  });
  return {
    sheet: { name: 'Lists' as ExportSheet, columns: [], count: () => rows.length, rows: () => rows },
    ranges,
  };
}

/** The sheets of an export, in order; the About sheet is added by the writer, which knows the counts. */
export function exportSheets(ctx: ReadContext, w: WorkbookWords, scope: ExportScope, beforeAfter?: { fromMilestoneId: string; toMilestoneId: string }): Sheet[] {
  const { locations } = locationTree(ctx);
  const byId = new Map(locations.map((l) => [l.id, l]));
  const at = (id: string | null) => (id === null ? undefined : byId.get(id));
  const place: LocationCells = { code: (id) => at(id)?.code ?? null, path: (id) => at(id)?.path ?? null };
  const ids = objectIdsInScope(ctx, scope);
  const sheets: (Sheet | null)[] = [
    objectsSheet(ctx, w, ids, customFields(ctx), place),
    locationsSheet(w, locations),
    movementsSheet(ctx, w, ids, place),
    peopleSheet(ctx, w),
    beforeAfterSheet(ctx, w, beforeAfter),
  ];
  return sheets.filter((s): s is Sheet => s !== null);
}
