import { AppError, OBJECT_FIELD_KEYS, OBJECT_FIELDS, type CatalogueObject, type Condition, type ObjectFieldValues, type Output, type ParsedInput } from '../../contract';
import type { CallContext } from '../context';
import { EFFECTIVE_ROLES, locationPaths, SUBTREE } from '../locations/locations';
import { requireTerm } from '../vocabularies/vocabularies';
import { ftsQuery } from './search';
import { checkFields, cleanTags, customColumns, fieldColumns, fieldValue, insertObjects, numberSortKey, updateObjectColumns } from './write';

export { cleanTags, numberSortKey };

/** A row of the objects table, as SQLite returns it. */
export interface ObjectColumns {
  id: string;
  number: string | null;
  temp_number: string | null;
  sort_key: string;
  name: string;
  count: number;
  description: string;
  category: string | null;
  materials: string;
  height: number | null;
  width: number | null;
  depth: number | null;
  dimension_unit: CatalogueObject['dimensionUnit'];
  weight: number | null;
  weight_unit: CatalogueObject['weightUnit'];
  dimension_summary: string;
  normal_location_id: string | null;
  reachable: number | null;
  evacuation_priority: number | null;
  significance: CatalogueObject['significance'];
  vulnerability: CatalogueObject['vulnerability'];
  ease_of_handling: CatalogueObject['easeOfHandling'];
  handling_notes: string;
  tags: string;
  custom: string;
  custom_text: string;
  condition_id: string | null;
  location_id: string | null;
  last_seen_at: string | null;
  created_at: string;
  updated_at: string;
}

interface ObjectRow extends ObjectColumns {
  duplicate: number;
  normal_code: string | null;
  location_code: string | null;
  c_id: string | null;
  c_term: string | null;
  c_note: string | null;
  c_assessed_on: string | null;
  c_assessed_by: string | null;
  c_at: string | null;
  c_person: string | null;
  primary_photo_id: string | null;
}

const SELECT_OBJECT = `SELECT o.*, l.code AS location_code, n.code AS normal_code,
  (o.number IS NOT NULL AND EXISTS (SELECT 1 FROM objects d WHERE d.number = o.number COLLATE NOCASE AND d.id <> o.id AND d.removed = 0)) AS duplicate,
  c.id AS c_id, c.term AS c_term, c.note AS c_note, c.assessed_on AS c_assessed_on, c.assessed_by AS c_assessed_by,
  c.at AS c_at, cp.name AS c_person,
  (SELECT photo_id FROM photo_links WHERE target_id = o.id AND is_primary = 1) AS primary_photo_id
  FROM objects o
  LEFT JOIN locations l ON l.id = o.location_id
  LEFT JOIN locations n ON n.id = o.normal_location_id
  LEFT JOIN condition_checks c ON c.id = o.condition_id
  LEFT JOIN people cp ON cp.id = c.person_id`;

/** The registry's fields of an object, from its row: a plain loop, since a page holds hundreds of objects. */
function registryFields(row: ObjectRow): ObjectFieldValues {
  const fields: Record<string, unknown> = {};
  for (const key of OBJECT_FIELD_KEYS) fields[key] = fieldValue(key, row[OBJECT_FIELDS[key].column as keyof ObjectRow]);
  return fields as ObjectFieldValues;
}

function toObjects(ctx: Pick<CallContext, 'db'>, rows: ObjectRow[]): CatalogueObject[] {
  const paths = locationPaths(ctx, rows.flatMap((r) => (r.location_id ? [r.location_id] : [])));
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    tempNumber: row.temp_number,
    displayNumber: row.number ?? row.temp_number ?? '',
    duplicateNumber: row.duplicate === 1,
    ...registryFields(row),
    condition: row.c_id
      ? { id: row.c_id, term: row.c_term!, note: row.c_note!, assessedOn: row.c_assessed_on!, assessedBy: row.c_assessed_by!, recordedAt: row.c_at!, recordedBy: row.c_person }
      : null,
    normalLocationCode: row.normal_code,
    custom: JSON.parse(row.custom) as Record<string, string | number>,
    currentLocationId: row.location_id,
    currentLocationCode: row.location_code,
    currentLocationPath: row.location_id ? (paths.get(row.location_id) ?? null) : null,
    lastSeenAt: row.last_seen_at,
    primaryPhotoId: row.primary_photo_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export function getObject(ctx: Pick<CallContext, 'db'>, id: string): CatalogueObject {
  const row = ctx.db.prepare(`${SELECT_OBJECT} WHERE o.id = ? AND o.removed = 0`).get(id) as ObjectRow | undefined;
  if (!row) throw AppError.of('NOT_FOUND', 'objects.notFound', { id }, { id });
  return toObjects(ctx, [row])[0]!;
}

type Fields = Omit<ParsedInput<'objects.update'>, 'id' | 'number'>;

/** Checks the fields a create, update or bulk update sets, and returns the columns that hold them. */
function columnsFor(ctx: CallContext, fields: Fields, currentCustom: Record<string, string | number> = {}): Record<string, unknown> {
  const { custom, ...values } = fields;
  const columns = fieldColumns(checkFields(ctx, values));
  return custom === undefined ? columns : { ...columns, ...customColumns(ctx, custom, currentCustom) };
}

export function createObject(ctx: CallContext, input: ParsedInput<'objects.create'>): Output<'objects.create'> {
  const id = ctx.mint.id();
  const { number = null, ...fields } = input;
  insertObjects(ctx, [{ id, number, tempNumber: number === null ? ctx.mint.tempNumber() : null, columns: columnsFor(ctx, fields) }]);
  return getObject(ctx, id);
}

export function updateObject(ctx: CallContext, input: ParsedInput<'objects.update'>): Output<'objects.update'> {
  const current = getObject(ctx, input.id);
  const { id, number: newNumber, ...fields } = input;
  const cols = columnsFor(ctx, fields, current.custom);
  if (newNumber !== undefined) {
    // An object that loses its number is known by its temporary number again: the one it had, or a new one.
    const tempNumber = current.tempNumber ?? (newNumber === null ? ctx.mint.tempNumber() : null);
    Object.assign(cols, { number: newNumber, temp_number: tempNumber, sort_key: numberSortKey(newNumber ?? tempNumber!) });
  }
  updateObjectColumns(ctx, id, cols);
  ctx.touch('objects', id);
  return getObject(ctx, id);
}

export function requireObjects(ctx: Pick<CallContext, 'db'>, ids: string[]): Map<string, { id: string; location_id: string | null; normal_location_id: string | null; tags: string; custom: string }> {
  const rows = ctx.db
    .prepare('SELECT id, location_id, normal_location_id, tags, custom FROM objects WHERE id IN (SELECT value FROM json_each(?)) AND removed = 0')
    .all(JSON.stringify(ids)) as { id: string; location_id: string | null; normal_location_id: string | null; tags: string; custom: string }[];
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw AppError.of('NOT_FOUND', 'objects.someMissing', { missing: missing.length }, { objectIds: missing });
  return found;
}

export function bulkUpdateObjects(ctx: CallContext, input: ParsedInput<'objects.bulkUpdate'>): Output<'objects.bulkUpdate'> {
  const ids = [...new Set(input.ids)];
  const objects = requireObjects(ctx, ids);
  const { custom, ...shared } = input.set ?? {};
  const sharedCols = columnsFor(ctx, shared);
  const conditionTerm = input.condition ? requireTerm(ctx, 'condition', input.condition.term) : null;
  const remove = new Set((input.removeTags ?? []).map((t) => t.trim().toLowerCase()));
  for (const id of ids) {
    const row = objects.get(id)!;
    const cols = { ...sharedCols };
    if (custom) Object.assign(cols, customColumns(ctx, custom, JSON.parse(row.custom) as Record<string, string | number>));
    if (input.addTags || input.removeTags) {
      const tags = cleanTags([...(JSON.parse(row.tags) as string[]), ...(input.addTags ?? [])]).filter((t) => !remove.has(t.toLowerCase()));
      cols.tags = JSON.stringify(tags);
    }
    updateObjectColumns(ctx, id, cols);
    if (input.condition && conditionTerm) insertCondition(ctx, { objectId: id, ...input.condition, term: conditionTerm });
  }
  ctx.touch('objects', ...ids);
  return { updated: ids.length };
}

function insertCondition(ctx: CallContext, input: ParsedInput<'objects.checkCondition'>): string {
  const id = ctx.mint.id();
  const assessedBy =
    input.assessedBy ||
    (ctx.personId ? ((ctx.db.prepare('SELECT name FROM people WHERE id = ?').get(ctx.personId) as { name: string } | undefined)?.name ?? '') : '');
  ctx.db
    .prepare('INSERT INTO condition_checks (id, object_id, term, note, assessed_on, assessed_by, at, person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, input.objectId, input.term, input.note ?? '', input.assessedOn ?? ctx.now.slice(0, 10), assessedBy, ctx.now, ctx.personId);
  return id;
}

export function checkCondition(ctx: CallContext, input: ParsedInput<'objects.checkCondition'>): Output<'objects.checkCondition'> {
  getObject(ctx, input.objectId);
  const id = insertCondition(ctx, { ...input, term: requireTerm(ctx, 'condition', input.term) });
  ctx.touch('objects', input.objectId);
  return conditionHistory(ctx, input.objectId).find((c) => c.id === id)!;
}

export function conditionHistory(ctx: Pick<CallContext, 'db'>, objectId: string): Condition[] {
  return (
    ctx.db
      .prepare(
        `SELECT c.id, c.term, c.note, c.assessed_on AS assessedOn, c.assessed_by AS assessedBy, c.at AS recordedAt, p.name AS recordedBy
         FROM condition_checks c LEFT JOIN people p ON p.id = c.person_id WHERE c.object_id = ? AND c.withdrawn = 0 ORDER BY c.assessed_on DESC, c.at DESC, c.id DESC`,
      )
      .all(objectId) as Condition[]
  );
}

export function findByNumber(ctx: CallContext, input: ParsedInput<'objects.findByNumber'>): Output<'objects.findByNumber'> {
  const rows = ctx.db
    .prepare(`${SELECT_OBJECT} WHERE (o.number = @n COLLATE NOCASE OR o.temp_number = @n COLLATE NOCASE) AND o.removed = 0 ORDER BY o.sort_key`)
    .all({ n: input.number }) as ObjectRow[];
  return { items: toObjects(ctx, rows) };
}

const SORTS: Record<NonNullable<ParsedInput<'objects.list'>['sort']>, string> = {
  number: 'o.sort_key',
  name: 'o.name COLLATE NOCASE',
  count: 'o.count',
  location: 'l.code COLLATE NOCASE',
  category: 'o.category COLLATE NOCASE',
  condition: 'c.term COLLATE NOCASE',
  updatedAt: 'o.updated_at',
};

/** Above this many matches, a page in number order is read from the number index rather than sorted. */
const INDEX_WALK_THRESHOLD = 2000;

/** Queries with FTS5 operators go to FTS5 as written; plain words are matched as prefixes. */
const FTS_SYNTAX = /["*()^:]|\b(AND|OR|NOT|NEAR)\b/;

export const OBJECTS_BY_IDS_SQL = `${SELECT_OBJECT} WHERE o.id IN (SELECT value FROM json_each(?))`;

/** The SQL behind objects.list: a count, then one page of ids in order (how depends on the count). */
export function objectListQuery(input: ParsedInput<'objects.list'>) {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: input.limit ?? 100, offset: input.offset ?? 0 };
  const ctes: string[] = [];
  if (input.query) {
    // Operators alone ("*", "**", '"') search for nothing: they are read as words, of which there are none.
    const match = FTS_SYNTAX.test(input.query) && /[\p{L}\p{N}]/u.test(input.query) ? input.query : ftsQuery(input.query);
    if (match) {
      where.push('o.rowid IN (SELECT rowid FROM objects_fts WHERE objects_fts MATCH @match)');
      params.match = match;
    }
  }
  if (input.locationId) {
    ctes.push(SUBTREE);
    where.push('o.location_id IN (SELECT id FROM subtree)');
    params.root = input.locationId;
  }
  if (input.role) {
    ctes.push(EFFECTIVE_ROLES);
    where.push('o.location_id IN (SELECT id FROM effective_roles WHERE role = @role)');
    params.role = input.role;
  }
  if (input.unlocated !== undefined) where.push(input.unlocated ? 'o.location_id IS NULL' : 'o.location_id IS NOT NULL');
  if (input.awayFromNormal) where.push('o.normal_location_id IS NOT NULL AND o.location_id IS NOT o.normal_location_id');
  if (input.notSeenSince) {
    where.push('(o.last_seen_at IS NULL OR o.last_seen_at < @seen)');
    params.seen = input.notSeenSince;
  }
  if (input.category !== undefined) {
    where.push('o.category = @category COLLATE NOCASE');
    params.category = input.category;
  }
  if (input.condition !== undefined) {
    where.push('c.term = @condition COLLATE NOCASE');
    params.condition = input.condition;
  }
  if (input.reachable !== undefined) where.push(`o.reachable = ${input.reachable ? 1 : 0}`);
  if (input.tag !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(o.tags) WHERE value = @tag COLLATE NOCASE)');
    params.tag = input.tag;
  }
  if (input.priority !== undefined) {
    where.push('o.evacuation_priority <= @priority');
    params.priority = input.priority;
  }
  if (input.duplicateNumber) where.push('o.number IS NOT NULL AND EXISTS (SELECT 1 FROM objects d WHERE d.number = o.number COLLATE NOCASE AND d.id <> o.id AND d.removed = 0)');

  const withClause = ctes.length ? `WITH RECURSIVE ${ctes.join(', ')}` : '';
  // Removed objects (tombstones) are never listed; they are not in the search index either.
  const clause = `WHERE ${['o.removed = 0', ...where].join(' AND ')}`;
  const sort = input.sort ?? 'number';
  const direction = input.descending ? 'DESC' : 'ASC';
  const joins = [
    sort === 'location' ? 'LEFT JOIN locations l ON l.id = o.location_id' : '',
    sort === 'condition' || input.condition !== undefined ? 'LEFT JOIN condition_checks c ON c.id = o.condition_id' : '',
  ].join(' ');
  return {
    params,
    // With words only, the full-text index alone knows how many objects match.
    countSql:
      where.length === 1 && params.match
        ? 'SELECT count(*) AS total FROM objects_fts WHERE objects_fts MATCH @match'
        : `${withClause} SELECT count(*) AS total FROM objects o ${joins} ${clause}`,
    // Sorting many matches costs more than walking the number index and skipping the rest: when a filter
    // matches a large share of the catalogue, read in number order and stop at the page.
    pageSql: (total: number) =>
      `${withClause} SELECT o.id FROM objects o ${sort === 'number' && where.length > 0 && total > INDEX_WALK_THRESHOLD ? 'INDEXED BY objects_sort' : ''}
       ${joins} ${clause} ORDER BY ${SORTS[sort]} ${direction}, o.sort_key ${direction}, o.id ${direction} LIMIT @limit OFFSET @offset`,
  };
}

export function listObjects(ctx: CallContext, input: ParsedInput<'objects.list'>): Output<'objects.list'> {
  const { params, countSql, pageSql } = objectListQuery(input);
  try {
    const { total } = ctx.db.prepare(countSql).get(params) as { total: number };
    const ids = (ctx.db.prepare(pageSql(total)).all(params) as { id: string }[]).map((r) => r.id);
    const rows = ids.length ? (ctx.db.prepare(OBJECTS_BY_IDS_SQL).all(JSON.stringify(ids)) as ObjectRow[]) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: toObjects(ctx, ids.map((id) => byId.get(id)!)), total };
  } catch (error) {
    if (input.query && params.match && /fts5|syntax error|unterminated|no such column|special query|malformed match/i.test((error as Error).message)) {
      throw AppError.of('VALIDATION', 'objects.searchNotUnderstood', { query: input.query, reason: (error as Error).message }, { query: input.query });
    }
    throw error;
  }
}
