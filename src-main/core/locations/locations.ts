import { AppError, type Location, type Output, type ParsedInput, type TreeLocation } from '../../contract';
import type { CallContext } from '../context';
import { newId } from '../ids';

interface LocationRow {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  type: string;
  role: Location['role'];
  notes: string;
  created_at: string;
  updated_at: string;
}

export const PATH_SEPARATOR = ' > ';

const toLocation = (row: LocationRow): Location => ({
  id: row.id,
  parentId: row.parent_id,
  code: row.code,
  name: row.name,
  type: row.type,
  role: row.role,
  notes: row.notes,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function requireLocation(ctx: Pick<CallContext, 'db'>, id: string): Location {
  const row = ctx.db.prepare('SELECT * FROM locations WHERE id = ?').get(id) as LocationRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No location with id ${id}.`, { id });
  return toLocation(row);
}

function assertCodeFree(ctx: CallContext, code: string, exceptId?: string): void {
  const clash = ctx.db.prepare('SELECT id, name FROM locations WHERE code = ? COLLATE NOCASE').get(code) as
    | { id: string; name: string }
    | undefined;
  if (clash && clash.id !== exceptId) {
    throw new AppError('CONFLICT', `The location code "${code}" is already used by "${clash.name}".`, { code, locationId: clash.id });
  }
}

/** The path of names from the root down to each of the given locations. */
export function locationPaths(ctx: Pick<CallContext, 'db'>, ids: Iterable<string>): Map<string, string> {
  const wanted = [...new Set(ids)];
  const paths = new Map<string, string>();
  if (wanted.length === 0) return paths;
  const rows = ctx.db
    .prepare(
      `WITH RECURSIVE up (start, id, parent_id, name, depth) AS (
         SELECT l.id, l.id, l.parent_id, l.name, 0 FROM locations l WHERE l.id IN (SELECT value FROM json_each(?))
         UNION ALL
         SELECT up.start, p.id, p.parent_id, p.name, up.depth + 1 FROM locations p JOIN up ON p.id = up.parent_id
       )
       SELECT start, group_concat(name, ?) AS path FROM (SELECT start, name FROM up ORDER BY start, depth DESC) GROUP BY start`,
    )
    .all(JSON.stringify(wanted), PATH_SEPARATOR) as { start: string; path: string }[];
  for (const row of rows) paths.set(row.start, row.path);
  return paths;
}

export function locationTree(ctx: CallContext): Output<'locations.tree'> {
  const rows = ctx.db.prepare('SELECT * FROM locations ORDER BY code COLLATE NOCASE').all() as LocationRow[];
  const counts = new Map(
    (ctx.db.prepare('SELECT location_id AS id, count(*) AS n FROM objects WHERE location_id IS NOT NULL GROUP BY location_id').all() as {
      id: string;
      n: number;
    }[]).map((r) => [r.id, r.n]),
  );
  const children = new Map<string | null, LocationRow[]>();
  for (const row of rows) {
    const siblings = children.get(row.parent_id) ?? [];
    siblings.push(row);
    children.set(row.parent_id, siblings);
  }

  const out: TreeLocation[] = [];
  const visit = (row: LocationRow, depth: number, parentPath: string): number => {
    const path = parentPath ? parentPath + PATH_SEPARATOR + row.name : row.name;
    const node: TreeLocation = { ...toLocation(row), depth, path, objectCount: counts.get(row.id) ?? 0, subtreeObjectCount: 0 };
    out.push(node);
    let total = node.objectCount;
    for (const child of children.get(row.id) ?? []) total += visit(child, depth + 1, path);
    node.subtreeObjectCount = total;
    return total;
  };
  for (const root of children.get(null) ?? []) visit(root, 0, '');
  return { locations: out };
}

export function createLocation(ctx: CallContext, input: ParsedInput<'locations.create'>): Output<'locations.create'> {
  if (input.parentId) requireLocation(ctx, input.parentId);
  assertCodeFree(ctx, input.code);
  const row: LocationRow = {
    id: newId(),
    parent_id: input.parentId ?? null,
    code: input.code,
    name: input.name,
    type: input.type,
    role: input.role,
    notes: input.notes ?? '',
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  ctx.db
    .prepare(
      `INSERT INTO locations (id, parent_id, code, name, type, role, notes, created_at, updated_at)
       VALUES (@id, @parent_id, @code, @name, @type, @role, @notes, @created_at, @updated_at)`,
    )
    .run(row);
  ctx.touch(row.id);
  return toLocation(row);
}

/** True when `candidateId` is `locationId` or lies below it. */
function isWithin(ctx: CallContext, candidateId: string, locationId: string): boolean {
  const row = ctx.db
    .prepare(
      `WITH RECURSIVE up (id, parent_id) AS (
         SELECT id, parent_id FROM locations WHERE id = ?
         UNION ALL SELECT p.id, p.parent_id FROM locations p JOIN up ON p.id = up.parent_id
       ) SELECT 1 FROM up WHERE id = ?`,
    )
    .get(candidateId, locationId);
  return row !== undefined;
}

export function updateLocation(ctx: CallContext, input: ParsedInput<'locations.update'>): Output<'locations.update'> {
  const current = requireLocation(ctx, input.id);
  if (input.code !== undefined) assertCodeFree(ctx, input.code, input.id);
  if (input.parentId) {
    requireLocation(ctx, input.parentId);
    if (isWithin(ctx, input.parentId, input.id)) {
      throw new AppError('CONFLICT', `"${current.name}" cannot be placed inside itself or one of its own sublocations.`, {
        id: input.id,
        parentId: input.parentId,
      });
    }
  }
  const next: LocationRow = {
    id: current.id,
    parent_id: input.parentId === undefined ? current.parentId : input.parentId,
    code: input.code ?? current.code,
    name: input.name ?? current.name,
    type: input.type ?? current.type,
    role: input.role ?? current.role,
    notes: input.notes ?? current.notes,
    created_at: current.createdAt,
    updated_at: ctx.now,
  };
  ctx.db
    .prepare(
      `UPDATE locations SET parent_id = @parent_id, code = @code, name = @name, type = @type, role = @role,
       notes = @notes, updated_at = @updated_at WHERE id = @id`,
    )
    .run(next);
  ctx.touch(next.id);
  return toLocation(next);
}
