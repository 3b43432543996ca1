import { AppError, type CatalogueObject, type Output, type ParsedInput } from '../../contract';
import type { CallContext } from '../context';
import { newId } from '../ids';
import { locationPaths } from '../locations/locations';
import { ftsQuery } from './search';

interface ObjectRow {
  id: string;
  number: string | null;
  temp_number: string | null;
  name: string;
  count: number;
  description: string;
  location_id: string | null;
  location_code: string | null;
  created_at: string;
  updated_at: string;
}

const SELECT_OBJECT = `SELECT o.id, o.number, o.temp_number, o.name, o.count, o.description, o.location_id,
  l.code AS location_code, o.created_at, o.updated_at
  FROM objects o LEFT JOIN locations l ON l.id = o.location_id`;

function toObjects(ctx: Pick<CallContext, 'db'>, rows: ObjectRow[]): CatalogueObject[] {
  const paths = locationPaths(ctx, rows.flatMap((r) => (r.location_id ? [r.location_id] : [])));
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    tempNumber: row.temp_number,
    displayNumber: row.number ?? row.temp_number ?? '',
    name: row.name,
    count: row.count,
    description: row.description,
    currentLocationId: row.location_id,
    currentLocationCode: row.location_code,
    currentLocationPath: row.location_id ? (paths.get(row.location_id) ?? null) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export function getObject(ctx: Pick<CallContext, 'db'>, id: string): CatalogueObject {
  const row = ctx.db.prepare(`${SELECT_OBJECT} WHERE o.id = ?`).get(id) as ObjectRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No object with id ${id}.`, { id });
  return toObjects(ctx, [row])[0]!;
}

/** Sorts object numbers the way a registrar reads them: 1987.3.12 before 1987.12.3, T-0002 before T-0010. */
export const numberSortKey = (displayNumber: string): string =>
  displayNumber.toLowerCase().replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'));

/** The next temporary number, T-0001 onwards; a number once given is never given again. */
function nextTempNumber(ctx: CallContext): string {
  const { value } = ctx.db
    .prepare(
      `INSERT INTO counters (name, value) VALUES ('temp_number', 1)
       ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    )
    .get() as { value: number };
  return `T-${String(value).padStart(4, '0')}`;
}

export function createObject(ctx: CallContext, input: ParsedInput<'objects.create'>): Output<'objects.create'> {
  const id = newId();
  const number = input.number ?? null;
  const tempNumber = number === null ? nextTempNumber(ctx) : null;
  ctx.db
    .prepare(
      `INSERT INTO objects (id, number, temp_number, sort_key, name, count, description, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, number, tempNumber, numberSortKey(number ?? tempNumber!), input.name, input.count ?? 1, input.description ?? '', ctx.now, ctx.now);
  ctx.touch(id);
  return getObject(ctx, id);
}

export function updateObject(ctx: CallContext, input: ParsedInput<'objects.update'>): Output<'objects.update'> {
  const current = getObject(ctx, input.id);
  const number = input.number === undefined ? current.number : input.number;
  // An object that loses its number is known by its temporary number again: it keeps the one it had, or gets a new one.
  const tempNumber = current.tempNumber ?? (number === null ? nextTempNumber(ctx) : null);
  ctx.db
    .prepare(
      `UPDATE objects SET number = ?, temp_number = ?, sort_key = ?, name = ?, count = ?, description = ?, updated_at = ? WHERE id = ?`,
    )
    .run(
      number,
      tempNumber,
      numberSortKey(number ?? tempNumber!),
      input.name ?? current.name,
      input.count ?? current.count,
      input.description ?? current.description,
      ctx.now,
      input.id,
    );
  ctx.touch(input.id);
  return getObject(ctx, input.id);
}

const SUBTREE = `WITH RECURSIVE sub (id) AS (
  SELECT id FROM locations WHERE id = @locationId
  UNION ALL SELECT l.id FROM locations l JOIN sub ON l.parent_id = sub.id
) SELECT id FROM sub`;

export function listObjects(ctx: CallContext, input: ParsedInput<'objects.list'>): Output<'objects.list'> {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: input.limit ?? 100, offset: input.offset ?? 0 };
  const match = input.query ? ftsQuery(input.query) : null;
  if (match) {
    where.push('o.rowid IN (SELECT rowid FROM objects_fts WHERE objects_fts MATCH @match)');
    params.match = match;
  }
  if (input.locationId) {
    where.push(`o.location_id IN (${SUBTREE})`);
    params.locationId = input.locationId;
  }
  if (input.unlocated) where.push('o.location_id IS NULL');
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';

  const { total } = ctx.db.prepare(`SELECT count(*) AS total FROM objects o ${clause}`).get(params) as { total: number };
  const rows = ctx.db
    .prepare(`${SELECT_OBJECT} ${clause} ORDER BY o.sort_key, o.id LIMIT @limit OFFSET @offset`)
    .all(params) as ObjectRow[];
  return { items: toObjects(ctx, rows), total };
}
