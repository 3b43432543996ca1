import { AppError, type Location, type Output, type ParsedInput, type TreeLocation } from '../../contract';
import type { CallContext } from '../context';
import { childPath, isUnit, PATH_SEPARATOR, SUBTREE } from './model';

export interface LocationRow {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  type: string;
  role: Location['role'];
  notes: string;
  position: number;
  archived: number;
  created_at: string;
  updated_at: string;
}

export { EFFECTIVE_ROLES, PATH_SEPARATOR, SUBTREE } from './model';

const toLocation = (row: LocationRow): Location => ({
  id: row.id,
  parentId: row.parent_id,
  code: row.code,
  name: row.name,
  type: row.type,
  role: row.role,
  notes: row.notes,
  position: row.position,
  archived: row.archived === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A location that objects and other locations may go into: it exists and is not archived. */
export function requireOpenLocation(ctx: Pick<CallContext, 'db'>, id: string): Location {
  const location = requireLocation(ctx, id);
  if (location.archived) throw AppError.of('CONFLICT', 'locations.archived', { code: location.code }, { id });
  return location;
}

export function requireLocation(ctx: Pick<CallContext, 'db'>, id: string): Location {
  const row = ctx.db.prepare('SELECT * FROM locations WHERE id = ? AND removed = 0').get(id) as LocationRow | undefined;
  if (!row) throw AppError.of('NOT_FOUND', 'locations.notFound', { id }, { id });
  return toLocation(row);
}

function assertCodeFree(ctx: CallContext, code: string, exceptId?: string): void {
  const clash = ctx.db.prepare('SELECT id, name FROM locations WHERE code = ? COLLATE NOCASE').get(code) as
    | { id: string; name: string }
    | undefined;
  if (clash && clash.id !== exceptId) {
    throw AppError.of('CONFLICT', 'locations.codeTaken', { code, name: clash.name }, { code, locationId: clash.id });
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

export function locationTree(ctx: Pick<CallContext, 'db'>): Output<'locations.tree'> {
  const rows = ctx.db.prepare('SELECT * FROM locations WHERE removed = 0 ORDER BY position, code COLLATE NOCASE').all() as LocationRow[];
  const counts = new Map(
    (ctx.db.prepare('SELECT location_id AS id, count(*) AS n FROM objects WHERE location_id IS NOT NULL AND removed = 0 GROUP BY location_id').all() as {
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
  const visit = (row: LocationRow, depth: number, parentPath: string | null): number => {
    const path = childPath(parentPath, row.name);
    const node: TreeLocation = { ...toLocation(row), depth, path, objectCount: counts.get(row.id) ?? 0, subtreeObjectCount: 0 };
    out.push(node);
    let total = node.objectCount;
    for (const child of children.get(row.id) ?? []) total += visit(child, depth + 1, path);
    node.subtreeObjectCount = total;
    return total;
  };
  for (const root of children.get(null) ?? []) visit(root, 0, null);
  return { locations: out };
}

export function createLocation(ctx: CallContext, input: ParsedInput<'locations.create'>): Output<'locations.create'> {
  if (input.parentId) requireOpenLocation(ctx, input.parentId);
  assertCodeFree(ctx, input.code);
  const row: LocationRow = {
    id: ctx.mint.id(),
    parent_id: input.parentId ?? null,
    code: input.code,
    name: input.name,
    type: input.type,
    role: input.role,
    notes: input.notes ?? '',
    // A new location comes after its siblings.
    position: (ctx.db.prepare('SELECT coalesce(max(position) + 1, 0) AS p FROM locations WHERE parent_id IS ? AND removed = 0').get(input.parentId ?? null) as { p: number }).p,
    archived: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  insertLocation(ctx, row);
  ctx.touch('locations', row.id);
  return toLocation(row);
}

export function insertLocation(ctx: CallContext, row: LocationRow): void {
  ctx.db
    .prepare(
      `INSERT INTO locations (id, parent_id, code, name, type, role, notes, position, archived, created_at, updated_at)
       VALUES (@id, @parent_id, @code, @name, @type, @role, @notes, @position, @archived, @created_at, @updated_at)`,
    )
    .run(row);
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

/** Refuses to put a location inside itself or its own sublocations. */
export function assertCanHold(ctx: CallContext, parentId: string, locationId: string): void {
  if (isWithin(ctx, parentId, locationId)) {
    const { name } = requireLocation(ctx, locationId);
    throw AppError.of('CONFLICT', 'locations.insideItself', { name }, { id: locationId, parentId });
  }
}

/** Changes a location's own fields; a change of parent is a move, made by the moves module. */
export function updateLocation(ctx: CallContext, input: Omit<ParsedInput<'locations.update'>, 'parentId'>): Output<'locations.update'> {
  const current = requireLocation(ctx, input.id);
  if (input.code !== undefined) assertCodeFree(ctx, input.code, input.id);
  const next: LocationRow = {
    id: current.id,
    parent_id: current.parentId,
    code: input.code ?? current.code,
    name: input.name ?? current.name,
    type: input.type ?? current.type,
    role: input.role ?? current.role,
    notes: input.notes ?? current.notes,
    position: input.position ?? current.position,
    archived: input.archived === undefined ? Number(current.archived) : Number(input.archived),
    created_at: current.createdAt,
    updated_at: ctx.now,
  };
  ctx.db
    .prepare(
      `UPDATE locations SET code = @code, name = @name, type = @type, role = @role, notes = @notes,
       position = @position, archived = @archived, updated_at = @updated_at WHERE id = @id`,
    )
    .run(next);
  ctx.touch('locations', next.id);
  return toLocation(next);
}

/** Puts the sublocations of a location, or the top-level locations, in the order given: every one of them, once. */
export function reorderLocations(ctx: CallContext, input: ParsedInput<'locations.reorder'>): Output<'locations.reorder'> {
  const parent = input.parentId === null ? null : requireLocation(ctx, input.parentId);
  const children = ctx.db.prepare('SELECT id FROM locations WHERE parent_id IS ? AND removed = 0').pluck().all(input.parentId) as string[];
  const given = new Set(input.locationIds);
  if (given.size !== input.locationIds.length || given.size !== children.length || children.some((id) => !given.has(id))) {
    throw parent
      ? AppError.of('VALIDATION', 'locations.reorderMismatch', { parent: parent.code }, { parentId: parent.id })
      : AppError.of('VALIDATION', 'locations.reorderMismatchTop', {}, { parentId: null });
  }
  const setPosition = ctx.db.prepare('UPDATE locations SET position = ?, updated_at = ? WHERE id = ? AND position IS NOT ?');
  const moved = input.locationIds.filter((id, position) => setPosition.run(position, ctx.now, id, position).changes > 0);
  // The parent's history shows the new order of what it holds.
  if (moved.length > 0) ctx.touch('locations', ...moved, ...(parent ? [parent.id] : []));
  return input;
}

export function deleteLocation(ctx: CallContext, input: ParsedInput<'locations.delete'>): Output<'locations.delete'> {
  const location = requireLocation(ctx, input.id);
  const uses = ctx.db
    .prepare(
      `SELECT
         (SELECT count(*) FROM locations WHERE parent_id = @id AND removed = 0) AS children,
         (SELECT count(*) FROM objects WHERE (location_id = @id OR normal_location_id = @id) AND removed = 0) AS objects,
         (SELECT count(*) FROM movements WHERE from_location_id = @id OR to_location_id = @id OR container_id = @id) +
         (SELECT count(*) FROM location_moves WHERE location_id = @id OR from_parent_id = @id OR to_parent_id = @id) AS history`,
    )
    .get({ id: input.id }) as { children: number; objects: number; history: number };
  if (uses.children + uses.objects + uses.history > 0) {
    throw AppError.of('CONFLICT', 'locations.inUse', { code: location.code }, uses);
  }
  removeLocation(ctx, input.id);
  return { id: input.id };
}

/**
 * Removes a location: a tombstone. Its row stays, with its history, so that it can be brought back; its code is set
 * aside, for a new location to take.
 */
export function removeLocation(ctx: CallContext, id: string): void {
  ctx.db.prepare(`UPDATE locations SET removed = 1, removed_code = code, code = '~' || id, updated_at = ? WHERE id = ? AND removed = 0`).run(ctx.now, id);
  ctx.touch('locations', id);
}

/** Brings a removed location back, with its code, unless another location has taken that code since. */
export function restoreLocation(ctx: CallContext, id: string): boolean {
  const row = ctx.db.prepare('SELECT removed_code FROM locations WHERE id = ? AND removed = 1').get(id) as { removed_code: string } | undefined;
  if (!row) return false;
  assertCodeFree(ctx, row.removed_code);
  ctx.db.prepare('UPDATE locations SET removed = 0, code = removed_code, removed_code = NULL, updated_at = ? WHERE id = ?').run(ctx.now, id);
  ctx.touch('locations', id);
  return true;
}

/** Expands "A-R", "1-6", "01-12", "A,B,D" or "1-3,7" into its values. */
export function expandRange(spec: string): string[] {
  const values: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^([A-Za-z]|\d+)\s*-\s*([A-Za-z]|\d+)$/.exec(part);
    if (!range) {
      values.push(part);
      continue;
    }
    const [, from, to] = range as unknown as [string, string, string];
    const numeric = /^\d+$/.test(from);
    if (numeric !== /^\d+$/.test(to)) throw AppError.of('VALIDATION', 'locations.rangeMixed', { range: part });
    const [a, b] = numeric ? [Number(from), Number(to)] : [from.charCodeAt(0), to.charCodeAt(0)];
    if (b < a) throw AppError.of('VALIDATION', 'locations.rangeBackwards', { range: part });
    if (b - a >= 1000) throw AppError.of('VALIDATION', 'locations.rangeTooLong', { range: part });
    const width = numeric && from.startsWith('0') ? from.length : 0;
    for (let v = a; v <= b; v++) values.push(numeric ? String(v).padStart(width, '0') : String.fromCharCode(v));
  }
  if (values.length === 0) throw AppError.of('VALIDATION', 'locations.rangeEmpty', { range: spec });
  return values;
}

const MAX_GENERATED = 5000;

export function generateLocations(ctx: CallContext, input: ParsedInput<'locations.generate'>): Output<'locations.generate'> {
  const parent = input.parentId ? requireOpenLocation(ctx, input.parentId) : null;
  const keys = input.levels.map((l) => l.key);
  if (new Set(keys).size !== keys.length) throw AppError.of('VALIDATION', 'locations.levelKeysRepeated');
  for (const key of keys) {
    if (!input.codePattern.includes(`{${key}}`)) throw AppError.of('VALIDATION', 'locations.patternMissingLevel', { placeholder: `{${key}}` }, { key });
  }
  const positions = keys.map((key) => input.codePattern.indexOf(`{${key}}`));
  if (positions.some((p, i) => i > 0 && p < positions[i - 1]!)) throw AppError.of('VALIDATION', 'locations.levelsOutOfOrder');
  const values = input.levels.map((level) => expandRange(level.values));
  const total = values.reduce((sum, _, i) => sum + values.slice(0, i + 1).reduce((p, v) => p * v.length, 1), 0);
  if (total > MAX_GENERATED) throw AppError.of('VALIDATION', 'locations.tooMany', { total, max: MAX_GENERATED }, { total });

  type Planned = { code: string; name: string; type: string; role: LocationRow['role']; parentCode: string | null; depth: number };
  const planned: Planned[] = [];
  const expand = (depth: number, chosen: Record<string, string>, parentCode: string | null) => {
    const level = input.levels[depth];
    if (!level) return;
    const end = positions[depth]! + level.key.length + 2;
    for (const value of values[depth]!) {
      const vars = { ...chosen, [level.key]: value };
      const fill = (pattern: string) => pattern.replace(/\{([a-z][a-z0-9_]*)\}/g, (m, k: string) => vars[k] ?? m);
      const code = fill(input.codePattern.slice(0, end));
      const type = level.type;
      const name = level.name ? fill(level.name) : `${type.charAt(0).toUpperCase()}${type.slice(1)} ${value}`;
      planned.push({ code, name, type, role: level.role ?? parent?.role ?? 'permanent', parentCode, depth });
      expand(depth + 1, vars, code);
    }
  };
  expand(0, {}, parent?.code ?? null);

  const codes = planned.map((p) => p.code);
  const taken = new Set(
    (ctx.db.prepare('SELECT code FROM locations WHERE code IN (SELECT value FROM json_each(?))').all(JSON.stringify(codes)) as { code: string }[]).map((r) =>
      r.code.toLowerCase(),
    ),
  );
  const seen = new Set<string>();
  const preview = planned.map((p) => {
    const key = p.code.toLowerCase();
    const collides = taken.has(key) || seen.has(key);
    seen.add(key);
    return { code: p.code, name: p.name, type: p.type, parentCode: p.parentCode, depth: p.depth, collides };
  });
  const collisions = preview.filter((p) => p.collides).length;
  const invalid = planned.find((p) => !/^[^\s>]+$/.test(p.code) || p.code.length > 60);
  if (invalid) throw AppError.of('VALIDATION', 'locations.invalidCode', { code: invalid.code });
  if (input.dryRun || collisions > 0) {
    if (!input.dryRun) throw AppError.of('CONFLICT', 'locations.codesTaken', { collisions }, { codes: preview.filter((p) => p.collides).map((p) => p.code) });
    return { locations: preview, collisions, created: 0 };
  }
  const ids = new Map<string | null, string | null>([[parent?.code ?? null, parent?.id ?? null]]);
  planned.forEach((p, i) => {
    const id = ctx.mint.id();
    ids.set(p.code, id);
    insertLocation(ctx, {
      id,
      parent_id: ids.get(p.parentCode) ?? null,
      code: p.code,
      name: p.name,
      type: p.type,
      role: p.role,
      notes: '',
      position: i,
      archived: 0,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    ctx.touch('locations', id);
  });
  return { locations: preview, collisions: 0, created: planned.length };
}

export function locationContents(ctx: CallContext, input: ParsedInput<'locations.contents'>): Output<'locations.contents'> {
  requireLocation(ctx, input.id);
  const { locations } = locationTree(ctx);
  const index = locations.findIndex((l) => l.id === input.id);
  const location = locations[index]!;
  const subtree = [location];
  for (let i = index + 1; i < locations.length && locations[i]!.depth > location.depth; i++) subtree.push(locations[i]!);
  const categories = ctx.db
    .prepare(
      `WITH RECURSIVE ${SUBTREE} SELECT o.category, count(*) AS count FROM objects o
       WHERE o.location_id IN (SELECT id FROM subtree) AND o.removed = 0 GROUP BY o.category ORDER BY count DESC, o.category`,
    )
    .all({ root: input.id }) as { category: string | null; count: number }[];
  const unitCategories = ctx.db.prepare(
    `WITH RECURSIVE ${SUBTREE} SELECT DISTINCT o.category FROM objects o
     WHERE o.location_id IN (SELECT id FROM subtree) AND o.removed = 0 AND o.category IS NOT NULL ORDER BY o.category`,
  );
  const mixedUnits = subtree
    .filter((l) => isUnit(l.type) && l.subtreeObjectCount > 1)
    .map((l) => ({ id: l.id, code: l.code, name: l.name, categories: (unitCategories.all({ root: l.id }) as { category: string }[]).map((r) => r.category) }))
    .filter((u) => u.categories.length > 1);
  return {
    location,
    directObjectCount: location.objectCount,
    subtreeObjectCount: location.subtreeObjectCount,
    categories,
    mixedUnits,
    children: subtree.filter((l) => l.parentId === input.id),
  };
}
