import { AppError, OBJECT_FIELD_KEYS, OBJECT_FIELDS, type Output, type ParsedInput } from '../../contract';
import type { CallContext } from '../context';
import { restoreLocation } from '../locations/locations';
import { startBatch, recordMovement } from '../moves/moves';
import { columnValue, customColumns, numberSortKey, updateObjectColumns } from '../objects/write';
import { timestampTime } from '../ops/stamps';
import { knownDevices } from './devices';

/** The conflicts merging found (see merge.ts), settled by a person; settling one is a change of its own. */

interface ConflictRow {
  key: string;
  kind: Output<'conflicts.list'>['conflicts'][number]['kind'];
  tbl: string;
  row: string;
  col: string | null;
  detail: string;
  hlc: string;
  resolution: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
}

type Conflict = Output<'conflicts.list'>['conflicts'][number];

/** What a conflict is about, in words: an object's number and name, a location's code and name. */
function subjectOf(ctx: Pick<CallContext, 'db'>, table: string, id: string): string {
  if (table === 'objects') {
    const o = ctx.db.prepare('SELECT coalesce(number, temp_number) AS n, name FROM objects WHERE id = ?').get(id) as { n: string; name: string } | undefined;
    return o ? `${o.n} ${o.name}` : id;
  }
  if (table === 'evacuations') {
    const e = ctx.db.prepare('SELECT code, name FROM evacuations WHERE id = ?').get(id) as { code: string; name: string } | undefined;
    return e ? `${e.code} ${e.name}` : id;
  }
  if (table === 'locations') {
    const l = ctx.db.prepare('SELECT code, name FROM locations WHERE id = ?').get(id) as { code: string; name: string } | undefined;
    return l ? `${l.code} ${l.name}` : id;
  }
  return id;
}

function toConflict(ctx: Pick<CallContext, 'db'>, row: ConflictRow): Conflict {
  const detail = JSON.parse(row.detail) as Record<string, unknown>;
  const who = ctx.db.prepare('SELECT p.name AS personName, o.device_id AS deviceId FROM ops o LEFT JOIN people p ON p.id = o.person_id WHERE o.op_id = ?');
  const devices = knownDevices(ctx.db);
  const by = (op: string) => {
    const found = who.get(op) as { personName: string | null; deviceId: string | null } | undefined;
    return { personName: found?.personName ?? null, deviceCode: (found?.deviceId && devices[found.deviceId]) || null };
  };
  const sides =
    row.kind === 'field'
      ? (detail.writes as { hlc: string; value: unknown; op: string }[])
          .slice()
          .reverse()
          .map((w) => ({ value: w.value, at: timestampTime(w.hlc), ...by(w.op), opId: w.op }))
      : [];
  const objectIds = row.kind === 'number' ? (detail.objects as string[]) : [];
  const objects = objectIds.flatMap((id) => {
    const o = ctx.db.prepare('SELECT id, coalesce(number, temp_number) AS displayNumber, name FROM objects WHERE id = ?').get(id) as Conflict['objects'][number] | undefined;
    return o ? [o] : [];
  });
  return {
    key: row.key,
    kind: row.kind,
    table: row.tbl as Conflict['table'],
    rowId: row.row,
    field: row.col,
    subject: row.kind === 'number' ? String(detail.number) : row.kind === 'code' ? String(detail.code ?? detail.name) : subjectOf(ctx, row.tbl, row.row),
    sides,
    objects,
    at: row.hlc.length > 24 ? timestampTime(row.hlc) : row.hlc,
    resolved: row.resolved_at ? { at: row.resolved_at, personName: row.resolved_by, resolution: row.resolution ?? '' } : null,
  };
}

const SELECT = `SELECT c.*, r.resolution, r.at AS resolved_at, p.name AS resolved_by FROM conflicts c
  LEFT JOIN resolutions r ON r.key = c.key LEFT JOIN people p ON p.id = r.person_id`;

export function listConflicts(ctx: CallContext, input: ParsedInput<'conflicts.list'>): Output<'conflicts.list'> {
  const rows = ctx.db.prepare(`${SELECT} ${input.open ? 'WHERE r.key IS NULL' : ''} ORDER BY (r.key IS NOT NULL), c.hlc DESC, c.key`).all() as ConflictRow[];
  const open = ctx.db.prepare('SELECT count(*) FROM conflicts c WHERE NOT EXISTS (SELECT 1 FROM resolutions r WHERE r.key = c.key)').pluck().get() as number;
  return { conflicts: rows.map((r) => toConflict(ctx, r)), open };
}

/** Writes a settled value to the field a conflict is about: a registry field through the writer, a custom value by key. */
function writeField(ctx: CallContext, table: string, id: string, col: string, value: unknown): void {
  if (table === 'objects') {
    const current = ctx.db.prepare('SELECT custom FROM objects WHERE id = ?').pluck().get(id) as string | undefined;
    if (current === undefined) throw AppError.of('NOT_FOUND', 'objects.notFound', { id }, { id });
    if (col.startsWith('custom:')) {
      updateObjectColumns(ctx, id, customColumns(ctx, { [col.slice('custom:'.length)]: value as string | number | null }, JSON.parse(current) as Record<string, string | number>));
      return;
    }
    const columns: Record<string, unknown> = { [col]: value };
    if (col === 'number') columns.sort_key = numberSortKey(String(value ?? ctx.db.prepare('SELECT temp_number FROM objects WHERE id = ?').pluck().get(id)));
    updateObjectColumns(ctx, id, columns);
    return;
  }
  const columns = ctx.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
  if (!columns.includes(col)) throw AppError.of('VALIDATION', 'conflicts.cannotWrite', { field: col });
  ctx.db.prepare(`UPDATE ${table} SET ${col} = ? WHERE id = ?`).run(value as string | number | null, id);
  ctx.touch(table === 'locations' ? 'locations' : 'catalogue', id);
}

export function resolveConflict(ctx: CallContext, input: ParsedInput<'conflicts.resolve'>): Output<'conflicts.resolve'> {
  const row = ctx.db.prepare(`${SELECT} WHERE c.key = ?`).get(input.key) as ConflictRow | undefined;
  if (!row) throw AppError.of('NOT_FOUND', 'conflicts.notFound', { key: input.key });
  if (row.resolved_at) throw AppError.of('CONFLICT', 'conflicts.alreadyResolved', { date: row.resolved_at.slice(0, 10) });
  const { choice } = input;
  const allowed: Record<ConflictRow['kind'], string[]> = { field: ['keep', 'value'], number: ['renumber', 'keepBoth', 'mergeObjects'], code: ['value', 'keepBoth'], removed: ['restore', 'leaveRemoved'] };
  if (!allowed[row.kind].includes(choice.kind)) throw AppError.of('VALIDATION', 'conflicts.wrongChoice', { choice: choice.kind });
  const detail = JSON.parse(row.detail) as Record<string, unknown>;
  if (choice.kind === 'keep') {
    const write = (detail.writes as { value: unknown; op: string }[]).find((w) => w.op === choice.opId);
    if (!write) throw AppError.of('VALIDATION', 'conflicts.notASide', { opId: choice.opId });
    writeField(ctx, row.tbl, row.row, row.col!, write.value);
  } else if (choice.kind === 'value') {
    const col = row.kind === 'code' ? 'code' : row.col!;
    let value: unknown = choice.value;
    if (row.tbl === 'objects' && col !== 'number' && !col.startsWith('custom:')) {
      // A field of the registry, as its column holds it.
      const key = OBJECT_FIELD_KEYS.find((k) => OBJECT_FIELDS[k].column === col);
      if (!key) throw AppError.of('VALIDATION', 'conflicts.cannotWrite', { field: col });
      value = columnValue(key, choice.value);
    }
    writeField(ctx, row.tbl, row.row, col, value);
  } else if (choice.kind === 'renumber') {
    if (!(detail.objects as string[]).includes(choice.objectId)) throw AppError.of('VALIDATION', 'conflicts.notASide', { opId: choice.objectId });
    writeField(ctx, 'objects', choice.objectId, 'number', choice.number);
  } else if (choice.kind === 'mergeObjects') {
    const ids = detail.objects as string[];
    if (!ids.includes(choice.objectId)) throw AppError.of('VALIDATION', 'conflicts.notASide', { opId: choice.objectId });
    mergeRecords(ctx, choice.objectId, ids.filter((id) => id !== choice.objectId));
  } else if (choice.kind === 'restore') {
    if (row.tbl === 'locations') restoreLocation(ctx, row.row);
    else updateObjectColumns(ctx, row.row, { removed: 0 });
  }
  ctx.db
    .prepare('INSERT INTO resolutions (key, resolution, at, person_id) VALUES (?, ?, ?, ?)')
    .run(input.key, JSON.stringify(choice), ctx.now, ctx.personId);
  ctx.touch('catalogue', `conflict:${input.key}`);
  return { key: input.key };
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || value === '[]' || value === '{}';

/** Fields that go together: taken from a duplicate only when the record that stands has none of them. */
const GROUPS: readonly (readonly string[])[] = [
  ['height', 'width', 'depth', 'dimension_unit'],
  ['weight', 'weight_unit'],
];

/**
 * Two records of one object, numbered the same on two laptops, made one: the record that stands keeps its own values
 * and takes each field it lacks from the others (tags and custom values joined, photos attached), goes where the
 * latest of them was last moved, and the others are removed. Their history stays with them (nothing is deleted),
 * and every step is part of this one change, which syncs like any other.
 */
function mergeRecords(ctx: CallContext, keepId: string, others: string[]): void {
  const read = ctx.db.prepare('SELECT * FROM objects WHERE id = ? AND removed = 0');
  const kept = read.get(keepId) as Record<string, unknown> | undefined;
  if (!kept) throw AppError.of('NOT_FOUND', 'objects.notFound', { id: keepId }, { id: keepId });
  const grouped = new Set(GROUPS.flat());
  const single = OBJECT_FIELD_KEYS.map((k) => OBJECT_FIELDS[k].column).filter((c) => !grouped.has(c) && !['name', 'count', 'tags'].includes(c));
  const columns: Record<string, unknown> = {};
  const value = (col: string) => (col in columns ? columns[col] : kept[col]);
  let tags = new Set(JSON.parse(String(kept.tags ?? '[]')) as string[]);
  let custom = JSON.parse(String(kept.custom ?? '{}')) as Record<string, string | number>;
  let place = { at: (kept.moved_at as string | null) ?? '', locationId: kept.location_id as string | null };
  for (const id of others) {
    const other = read.get(id) as Record<string, unknown> | undefined;
    if (!other) continue;
    for (const col of single) if (isEmpty(value(col)) && !isEmpty(other[col])) columns[col] = other[col];
    for (const group of GROUPS) {
      const measured = (row: (c: string) => unknown) => group.slice(0, -1).some((c) => !isEmpty(row(c)));
      if (!measured(value) && measured((c) => other[c])) for (const c of group) columns[c] = other[c];
    }
    tags = new Set([...tags, ...(JSON.parse(String(other.tags ?? '[]')) as string[])]);
    custom = { ...(JSON.parse(String(other.custom ?? '{}')) as Record<string, string | number>), ...custom };
    ctx.db
      .prepare(
        `INSERT OR IGNORE INTO photo_links (photo_id, target_kind, target_id, role, is_primary, created_at)
         SELECT photo_id, 'object', ?, role, 0, ? FROM photo_links WHERE target_kind = 'object' AND target_id = ?`,
      )
      .run(keepId, ctx.now, id);
    const movedAt = (other.moved_at as string | null) ?? '';
    if (movedAt > place.at && other.location_id) place = { at: movedAt, locationId: other.location_id as string };
    updateObjectColumns(ctx, id, { removed: 1 });
  }
  // A record that had no photo takes the others' primary one as its own.
  ctx.db
    .prepare(
      `UPDATE photo_links SET is_primary = 1 WHERE target_kind = 'object' AND target_id = @keepId
       AND photo_id = (SELECT photo_id FROM photo_links WHERE target_kind = 'object' AND target_id IN (SELECT value FROM json_each(@others)) ORDER BY is_primary DESC, photo_id LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM photo_links WHERE target_kind = 'object' AND target_id = @keepId AND is_primary = 1)`,
    )
    .run({ keepId, others: JSON.stringify(others) });
  if (tags.size) columns.tags = JSON.stringify([...tags]);
  Object.assign(columns, customColumns(ctx, custom, JSON.parse(String(kept.custom ?? '{}')) as Record<string, string | number>));
  updateObjectColumns(ctx, keepId, Object.fromEntries(Object.entries(columns).filter(([c, v]) => v !== kept[c])));
  if (place.locationId && place.locationId !== kept.location_id) {
    const reference = startBatch(ctx, { reason: 'other' });
    recordMovement(ctx, reference, { objectId: keepId, from: (kept.location_id as string | null) ?? null, to: place.locationId, reason: 'other', note: '' });
  }
}
