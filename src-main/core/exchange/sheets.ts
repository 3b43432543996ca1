import type { Statement } from 'better-sqlite3';
import type { CustomField, ExportSheet, Measures, TreeLocation } from '../../contract';
import type { CallContext } from '../context';
import { locationTree } from '../locations/locations';
import { compareAll, compareMeasures, listMilestones, requireMilestone } from '../milestones/milestones';
import { objectListQuery, type ObjectColumns } from '../objects/objects';
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
  /** For the Objects sheet: the photo to show in the thumbnail column, per row. */
  photoIds?: (string | null)[];
}

export interface ExportScope {
  locationId?: string | undefined;
  filter?: Record<string, unknown> | undefined;
}

const date = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

const CHUNK = 2000;

/**
 * Rows in chunks, each read at once: the connection is never left mid-query while the writer waits
 * on the disk, so the catalogue answers other calls during a long export.
 */
function* chunked<R>(statement: Statement, ids: string[] | null, after: (last: R | undefined) => Record<string, unknown>): Generator<R> {
  let last: R | undefined;
  for (;;) {
    const rows = statement.all({ ...after(last), ...(ids ? { ids: JSON.stringify(ids) } : {}) }) as R[];
    yield* rows;
    if (rows.length < CHUNK) return;
    last = rows.at(-1);
  }
}

/** The ids of the objects in scope, in number order. */
function objectIdsInScope(ctx: CallContext, scope: ExportScope): string[] | null {
  if (!scope.locationId && !scope.filter) return null;
  const { params, countSql, pageSql } = objectListQuery({ ...(scope.filter ?? {}), locationId: scope.locationId, limit: 500, offset: 0 });
  const { total } = ctx.db.prepare(countSql).get(params) as { total: number };
  return (ctx.db.prepare(pageSql(total)).all({ ...params, limit: total || 1 }) as { id: string }[]).map((r) => r.id);
}

/** An object's columns with what the Objects sheet shows beside them. */
interface ObjectExportRow extends ObjectColumns {
  c_term: string | null;
  c_note: string | null;
  c_date: string | null;
  c_by: string | null;
  normal_code: string | null;
  previous_code: string | null;
  moved_at: string | null;
  reference: string | null;
  reason: string | null;
  photos: number;
  primary_photo: string | null;
}

function objectsSheet(ctx: CallContext, scope: ExportScope, fields: CustomField[], paths: Map<string, { code: string; path: string }>): Sheet {
  const ids = objectIdsInScope(ctx, scope);
  const customColumns: Column[] = fields.map((f) => ({ header: f.name, width: 18, kind: f.kind === 'number' ? 'number' : 'text', ...(f.kind === 'choice' ? { list: f.choices } : {}) }));
  const columns: Column[] = [
    { header: 'Object number', width: 16 },
    { header: 'Temporary number', width: 12 },
    { header: 'Object name', width: 28 },
    { header: 'Number of objects', width: 10, kind: 'number' },
    { header: 'Brief description', width: 40 },
    { header: 'Category', width: 16, list: terms(ctx, 'category') },
    { header: 'Materials', width: 18 },
    { header: 'Height', width: 9, kind: 'number' },
    { header: 'Width', width: 9, kind: 'number' },
    { header: 'Depth', width: 9, kind: 'number' },
    { header: 'Dimension unit', width: 9 },
    { header: 'Weight', width: 9, kind: 'number' },
    { header: 'Weight unit', width: 9 },
    { header: 'Condition', width: 14, list: terms(ctx, 'condition') },
    { header: 'Condition note', width: 28 },
    { header: 'Condition date', width: 12, kind: 'date' },
    { header: 'Condition assessed by', width: 16 },
    { header: 'Current location', width: 16 },
    { header: 'Current location (full)', width: 36 },
    { header: 'Normal location', width: 16 },
    { header: 'Previous location', width: 16 },
    { header: 'Location date', width: 17, kind: 'date' },
    { header: 'Movement reference', width: 12 },
    { header: 'Reason for move', width: 18 },
    { header: 'Reachable', width: 10 },
    { header: 'Photos', width: 8, kind: 'number' },
    { header: 'Tags', width: 20 },
    ...customColumns,
  ];
  const statement = ctx.db.prepare(
    `SELECT o.*,
       c.term AS c_term, c.note AS c_note, c.assessed_on AS c_date, c.assessed_by AS c_by,
       n.code AS normal_code, pl.code AS previous_code, m.at AS moved_at, m.reference, m.reason,
       (SELECT count(*) FROM photo_links pk WHERE pk.target_id = o.id) AS photos,
       (SELECT photo_id FROM photo_links pk WHERE pk.target_id = o.id AND pk.is_primary = 1) AS primary_photo
     FROM objects o
     LEFT JOIN condition_checks c ON c.id = o.condition_id
     LEFT JOIN locations n ON n.id = o.normal_location_id
     LEFT JOIN movements m ON m.id = (SELECT id FROM movements WHERE object_id = o.id ORDER BY at DESC, id DESC LIMIT 1)
     LEFT JOIN locations pl ON pl.id = m.from_location_id
     WHERE (o.sort_key, o.id) > (@key, @id) ${ids ? 'AND o.id IN (SELECT value FROM json_each(@ids))' : ''}
     ORDER BY o.sort_key, o.id LIMIT ${CHUNK}`,
  );
  const photoIds: (string | null)[] = [];
  return {
    name: 'Objects',
    columns,
    photoIds,
    *rows() {
      for (const r of chunked<ObjectExportRow>(statement, ids, (last) => ({ key: last?.sort_key ?? '', id: last?.id ?? '' }))) {
        const custom = JSON.parse(r.custom) as Record<string, string | number>;
        const place = r.location_id ? paths.get(r.location_id) : undefined;
        photoIds.push(r.primary_photo);
        yield [
          r.number, r.temp_number, r.name, r.count, r.description, r.category, r.materials, r.height, r.width, r.depth,
          r.dimension_unit, r.weight, r.weight_unit, r.c_term, r.c_note, date(r.c_date), r.c_by, place?.code ?? null, place?.path ?? null,
          r.normal_code, r.previous_code, date(r.moved_at), r.reference, r.reason ? r.reason.replace(/_/g, ' ') : null,
          r.reachable === null ? null : r.reachable === 1 ? 'yes' : 'no', r.photos, (JSON.parse(r.tags) as string[]).join('; '),
          ...fields.map((f) => custom[f.id] ?? null),
        ];
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
    *rows() {
      for (const l of locations) {
        yield [l.code, l.name, l.type, l.role, l.parentId ? (codes.get(l.parentId) ?? null) : null, l.path, l.objectCount, l.subtreeObjectCount, l.archived ? 'yes' : 'no', l.notes];
      }
    },
  };
}

function movementsSheet(ctx: CallContext, ids: string[] | null): Sheet {
  const statement = ctx.db.prepare(
    `SELECT m.rowid AS seq, m.at, coalesce(o.number, o.temp_number) AS number, o.name, f.code AS from_code, t.code AS to_code, m.reason, m.reference,
       p.name AS person, m.note, c.code AS container
     FROM movements m JOIN objects o ON o.id = m.object_id
     LEFT JOIN locations f ON f.id = m.from_location_id LEFT JOIN locations t ON t.id = m.to_location_id
     LEFT JOIN locations c ON c.id = m.container_id LEFT JOIN people p ON p.id = m.person_id
     WHERE m.rowid > @after ${ids ? 'AND m.object_id IN (SELECT value FROM json_each(@ids))' : ''}
     ORDER BY m.rowid LIMIT ${CHUNK}`,
  );
  return {
    name: 'Movements',
    columns: [
      { header: 'Date', width: 17, kind: 'date' },
      { header: 'Object number', width: 16 },
      { header: 'Object name', width: 24 },
      { header: 'From', width: 14 },
      { header: 'To', width: 14 },
      { header: 'Reason for move', width: 18 },
      { header: 'Movement reference', width: 12 },
      { header: 'Moved by', width: 16 },
      { header: 'Note', width: 30 },
      { header: 'With container', width: 14 },
    ],
    *rows() {
      // Movements are appended as they happen: their order on disk is their order in time.
      for (const m of chunked<Record<string, string | null>>(statement, ids, (last) => ({ after: last?.seq ?? 0 }))) {
        yield [date(m.at!), m.number!, m.name!, m.from_code ?? null, m.to_code ?? null, m.reason!.replace(/_/g, ' '), m.reference!, m.person ?? null, m.note ?? null, m.container ?? null];
      }
    },
  };
}

function peopleSheet(ctx: CallContext): Sheet {
  const rows = ctx.db
    .prepare(`SELECT p.name, p.created_at, (SELECT count(*) FROM changes c WHERE c.person_id = p.id) AS changes FROM people p ORDER BY p.name COLLATE NOCASE`)
    .all() as { name: string; created_at: string; changes: number }[];
  return {
    name: 'People',
    columns: [
      { header: 'Name', width: 24 },
      { header: 'Added', width: 17, kind: 'date' },
      { header: 'Changes recorded', width: 12, kind: 'number' },
    ],
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

function beforeAfterSheet(ctx: CallContext, chosen: { fromMilestoneId: string; toMilestoneId: string } | undefined): Sheet | null {
  const milestones = listMilestones(ctx);
  const from = chosen ? requireMilestone(ctx, chosen.fromMilestoneId) : milestones.find((m) => m.kind === 'before');
  const to = chosen ? requireMilestone(ctx, chosen.toMilestoneId) : milestones.find((m) => m.kind === 'after');
  if (!from || !to) return null;
  const measures = compareMeasures(ctx, { fromMilestoneId: from.id, toMilestoneId: to.id });
  const { rows } = compareAll(ctx, from, to);
  const conditions = [...new Set([...Object.keys(measures.from.overall.conditions), ...Object.keys(measures.to.overall.conditions)])];
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
export function exportSheets(ctx: CallContext, scope: ExportScope, beforeAfter?: { fromMilestoneId: string; toMilestoneId: string }): Sheet[] {
  const { locations } = locationTree(ctx);
  const paths = new Map(locations.map((l) => [l.id, { code: l.code, path: l.path }]));
  const ids = objectIdsInScope(ctx, scope);
  const sheets: (Sheet | null)[] = [
    objectsSheet(ctx, scope, customFields(ctx), paths),
    locationsSheet(locations),
    movementsSheet(ctx, ids),
    peopleSheet(ctx),
    beforeAfterSheet(ctx, beforeAfter),
  ];
  return sheets.filter((s): s is Sheet => s !== null);
}
