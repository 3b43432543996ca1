import { AppError, type Evacuation, type EvacuationStatus, type Leg, type Output, type ParsedInput } from '../../contract';
import type { CallContext, ReadContext } from '../context';
import { insertLocation, requireOpenLocation } from '../locations/locations';
import { evacuationState } from './state';

/** A row of the evacuations table, as SQLite returns it. */
export interface EvacuationRow {
  id: string;
  code: string;
  name: string;
  reason: Evacuation['reason'];
  status: EvacuationStatus;
  authorized_by: string;
  authorized_at: string | null;
  authorized_objects: number | null;
  destination_name: string;
  destination_address: string;
  destination_latitude: number | null;
  destination_longitude: number | null;
  team: string;
  route: string;
  assembly_points: string;
  notes: string;
  packing_location_id: string | null;
  transit_location_id: string | null;
  destination_location_id: string | null;
  return_location_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  return_started_at: string | null;
  returned_at: string | null;
  closing_note: string;
  return_closing_note: string;
  created_at: string;
  updated_at: string;
}

/** The leg an evacuation is on: out to its destination, or back; none while it is a plan. */
export function legOf(e: Pick<EvacuationRow, 'status'>): Leg | null {
  if (e.status === 'planned') return null;
  return e.status === 'under_way' || e.status === 'completed' ? 'out' : 'back';
}

/** Where a leg takes the objects: the destination on the way out, the return location on the way back. */
export const legTarget = (e: EvacuationRow, leg: Leg): string | null => (leg === 'out' ? e.destination_location_id : e.return_location_id);
/** When a leg began. */
export const legStart = (e: EvacuationRow, leg: Leg): string | null => (leg === 'out' ? e.started_at : e.return_started_at);

export function requireEvacuation(ctx: Pick<ReadContext, 'db'>, id: string): EvacuationRow {
  const row = ctx.db.prepare('SELECT * FROM evacuations WHERE id = ?').get(id) as EvacuationRow | undefined;
  if (!row) throw AppError.of('NOT_FOUND', 'evacuation.notFound', { id }, { id });
  return row;
}

/** An evacuation whose objects are on the move (under way, or returning): packing, loading and receiving need one. */
export function requireActive(ctx: Pick<ReadContext, 'db'>, id: string): EvacuationRow & { leg: Leg; target: string; transit: string } {
  const e = requireEvacuation(ctx, id);
  if (e.status === 'planned') throw AppError.of('CONFLICT', 'evacuation.notStarted', { name: e.name }, { status: e.status });
  if (e.status === 'completed') throw AppError.of('CONFLICT', 'evacuation.closed', { name: e.name }, { status: e.status });
  if (e.status === 'returned') throw AppError.of('CONFLICT', 'evacuation.over', { name: e.name }, { status: e.status });
  const leg = legOf(e)!;
  return { ...e, leg, target: legTarget(e, leg)!, transit: e.transit_location_id! };
}

const place = (ctx: Pick<ReadContext, 'db'>, id: string | null) => {
  if (!id) return null;
  const row = ctx.db.prepare('SELECT id, coalesce(removed_code, code) AS code FROM locations WHERE id = ?').get(id) as { id: string; code: string } | undefined;
  return row ?? null;
};

export function toEvacuation(ctx: Pick<ReadContext, 'db'>, row: EvacuationRow): Evacuation {
  const team = (JSON.parse(row.team) as { role: Evacuation['team'][number]['role']; name: string; contact?: string }[]).map((m) => ({ role: m.role, name: m.name, contact: m.contact ?? '' }));
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    reason: row.reason,
    status: row.status,
    authorizedBy: row.authorized_by,
    authorizedAt: row.authorized_at,
    authorizedObjects: row.authorized_objects,
    destinationName: row.destination_name,
    destinationAddress: row.destination_address,
    destinationLatitude: row.destination_latitude,
    destinationLongitude: row.destination_longitude,
    team,
    route: row.route,
    assemblyPoints: row.assembly_points,
    notes: row.notes,
    packingLocation: place(ctx, row.packing_location_id),
    transitLocation: place(ctx, row.transit_location_id),
    destinationLocation: place(ctx, row.destination_location_id),
    returnLocation: place(ctx, row.return_location_id),
    startedAt: row.started_at,
    completedAt: row.completed_at,
    returnStartedAt: row.return_started_at,
    returnedAt: row.returned_at,
    closingNote: row.closing_note,
    returnClosingNote: row.return_closing_note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type Plan = Omit<ParsedInput<'evacuations.update'>, 'id' | 'destinationLocationId'>;

/** The columns a plan's fields go to. */
function planColumns(plan: Plan): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) columns[column] = value;
  };
  set('name', plan.name);
  set('reason', plan.reason);
  set('authorized_by', plan.authorizedBy);
  set('authorized_at', plan.authorizedAt === undefined ? undefined : plan.authorizedAt === null ? null : new Date(plan.authorizedAt).toISOString());
  set('authorized_objects', plan.authorizedObjects);
  set('destination_name', plan.destinationName);
  set('destination_address', plan.destinationAddress);
  set('destination_latitude', plan.destinationLatitude);
  set('destination_longitude', plan.destinationLongitude);
  set('team', plan.team === undefined ? undefined : JSON.stringify(plan.team.map((m) => ({ role: m.role, name: m.name, contact: m.contact ?? '' }))));
  set('route', plan.route);
  set('assembly_points', plan.assemblyPoints);
  set('notes', plan.notes);
  return columns;
}

/** The ids of an evacuation's own places: its packing area, vehicles, destination and boxes. */
function ownPlaces(ctx: Pick<ReadContext, 'db'>, e: EvacuationRow | null): Set<string> {
  if (!e) return new Set();
  const boxes = ctx.db.prepare('SELECT location_id FROM evacuation_boxes WHERE evacuation_id = ?').pluck().all(e.id) as string[];
  return new Set([e.packing_location_id, e.transit_location_id, ...boxes].filter((id): id is string => id !== null));
}

/** A destination the user chose: a location of the catalogue, open, and not one of the evacuation's own places. */
function checkDestination(ctx: Pick<ReadContext, 'db'>, e: EvacuationRow | null, locationId: string): void {
  const location = requireOpenLocation(ctx, locationId);
  const boxOfAny = ctx.db.prepare('SELECT 1 FROM evacuation_boxes WHERE location_id = ?').get(locationId);
  const placeOfAny = ctx.db.prepare('SELECT 1 FROM evacuations WHERE packing_location_id = ? OR transit_location_id = ?').get(locationId, locationId);
  if (boxOfAny || placeOfAny || ownPlaces(ctx, e).has(locationId)) throw AppError.of('VALIDATION', 'evacuation.destinationIsOwn', { code: location.code }, { locationId });
}

function assertCodeFree(ctx: Pick<ReadContext, 'db'>, code: string): void {
  const clash = ctx.db.prepare('SELECT name FROM evacuations WHERE code = ?').get(code) as { name: string } | undefined;
  if (clash) throw AppError.of('CONFLICT', 'evacuation.codeTaken', { code, name: clash.name }, { code });
}

/** EV1, EV2, …: the first free. */
function nextCode(ctx: Pick<ReadContext, 'db'>): string {
  let n = (ctx.db.prepare('SELECT count(*) FROM evacuations').pluck().get() as number) + 1;
  while (ctx.db.prepare('SELECT 1 FROM evacuations WHERE code = ?').get(`EV${n}`)) n++;
  return `EV${n}`;
}

/** A location code not yet used: the code wanted, or it with -2, -3, … */
export function freeLocationCode(ctx: Pick<ReadContext, 'db'>, wanted: string): string {
  const taken = (code: string) => ctx.db.prepare('SELECT 1 FROM locations WHERE code = ? COLLATE NOCASE').get(code) !== undefined;
  if (!taken(wanted)) return wanted;
  let n = 2;
  while (taken(`${wanted}-${n}`)) n++;
  return `${wanted}-${n}`;
}

/** Makes a location for an evacuation (its packing area, vehicles, destination, boxes), after its siblings. */
export function makeLocation(ctx: CallContext, fields: { parentId: string | null; code: string; name: string; type: string; role: 'permanent' | 'holding'; notes?: string }): string {
  const id = ctx.mint.id();
  const position = (ctx.db.prepare('SELECT coalesce(max(position) + 1, 0) FROM locations WHERE parent_id IS ? AND removed = 0').pluck().get(fields.parentId) as number);
  insertLocation(ctx, {
    id,
    parent_id: fields.parentId,
    code: freeLocationCode(ctx, fields.code),
    name: fields.name,
    type: fields.type,
    role: fields.role,
    notes: fields.notes ?? '',
    position,
    archived: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  ctx.touch('locations', id);
  return id;
}

export function createEvacuation(ctx: CallContext, input: ParsedInput<'evacuations.create'>): Output<'evacuations.create'> {
  const code = input.code ?? nextCode(ctx);
  assertCodeFree(ctx, code);
  if (input.destinationLocationId) checkDestination(ctx, null, input.destinationLocationId);
  const id = ctx.mint.id();
  const { start, code: _code, destinationLocationId, placeNames: _names, ...plan } = input;
  const columns = { ...planColumns(plan), destination_location_id: destinationLocationId ?? null };
  const names = Object.keys(columns);
  ctx.db
    .prepare(
      `INSERT INTO evacuations (id, code, status, created_at, updated_at, ${names.join(', ')}) VALUES (@id, @code, 'planned', @now, @now, ${names.map((n) => `@${n}`).join(', ')})`,
    )
    .run({ ...columns, id, code, now: ctx.now });
  ctx.touch('evacuations', id);
  if (start) return startEvacuation(ctx, { id, placeNames: input.placeNames });
  return toEvacuation(ctx, requireEvacuation(ctx, id));
}

function updateColumns(ctx: CallContext, id: string, columns: Record<string, unknown>): void {
  const names = Object.keys(columns);
  ctx.db.prepare(`UPDATE evacuations SET ${[...names.map((n) => `${n} = @${n}`), 'updated_at = @updated_at'].join(', ')} WHERE id = @id`).run({ ...columns, updated_at: ctx.now, id });
  ctx.touch('evacuations', id);
}

export function updateEvacuation(ctx: CallContext, input: ParsedInput<'evacuations.update'>): Output<'evacuations.update'> {
  const e = requireEvacuation(ctx, input.id);
  const { id, destinationLocationId, ...plan } = input;
  const columns = planColumns(plan);
  if (destinationLocationId !== undefined && destinationLocationId !== e.destination_location_id) {
    // Once under way, objects are on their way there: the destination place is fixed (its name and address are not).
    if (e.status !== 'planned') throw AppError.of('CONFLICT', 'evacuation.alreadyStarted', { name: e.name }, { status: e.status });
    if (destinationLocationId) checkDestination(ctx, e, destinationLocationId);
    columns.destination_location_id = destinationLocationId;
  }
  // Only what changes is written: a form saved unchanged is no change.
  const changed = Object.fromEntries(Object.entries(columns).filter(([column, value]) => (e as unknown as Record<string, unknown>)[column] !== value));
  if (Object.keys(changed).length > 0) updateColumns(ctx, id, changed);
  return toEvacuation(ctx, requireEvacuation(ctx, id));
}

export function startEvacuation(ctx: CallContext, input: ParsedInput<'evacuations.start'>): Output<'evacuations.start'> {
  const e = requireEvacuation(ctx, input.id);
  if (e.status !== 'planned') throw AppError.of('CONFLICT', 'evacuation.alreadyStarted', { name: e.name }, { status: e.status });
  const names = input.placeNames ?? {};
  const packing =
    e.packing_location_id ??
    makeLocation(ctx, { parentId: null, code: `${e.code}-PACK`, name: names.packing || `${e.name}: packing area`, type: 'area', role: 'holding' });
  const transit = e.transit_location_id ?? makeLocation(ctx, { parentId: null, code: `${e.code}-TRANSIT`, name: names.transit || `${e.name}: in transit`, type: 'vehicle', role: 'holding' });
  const destination =
    e.destination_location_id ??
    makeLocation(ctx, {
      parentId: null,
      code: `${e.code}-DEST`,
      name: e.destination_name || names.destination || `${e.name}: destination`,
      type: 'site',
      role: 'holding',
      notes: e.destination_address,
    });
  updateColumns(ctx, e.id, { status: 'under_way', started_at: ctx.now, packing_location_id: packing, transit_location_id: transit, destination_location_id: destination });
  return toEvacuation(ctx, requireEvacuation(ctx, e.id));
}

export function startReturn(ctx: CallContext, input: ParsedInput<'evacuations.startReturn'>): Output<'evacuations.startReturn'> {
  const e = requireEvacuation(ctx, input.id);
  if (e.status !== 'completed') {
    if (e.status === 'returning' || e.status === 'returned') throw AppError.of('CONFLICT', 'evacuation.over', { name: e.name }, { status: e.status });
    throw AppError.of('CONFLICT', 'evacuation.notCompleted', { name: e.name }, { status: e.status });
  }
  const location = requireOpenLocation(ctx, input.returnLocationId);
  if (ownPlaces(ctx, e).has(location.id) || location.id === e.destination_location_id || isWithin(ctx, location.id, e.destination_location_id)) {
    throw AppError.of('VALIDATION', 'evacuation.placeTaken', { code: location.code, name: e.name }, { locationId: location.id });
  }
  // The way back takes what was accounted for at the destination: what is missing there cannot come back.
  const accounted = evacuationState(ctx, e, { leg: 'out' }).items.filter((i) => i.status === 'received' || i.status === 'placed');
  const join = ctx.db.prepare('UPDATE evacuation_items SET in_return = 1 WHERE evacuation_id = ? AND object_id = ? AND in_return = 0');
  for (const item of accounted) join.run(e.id, item.objectId);
  updateColumns(ctx, e.id, { status: 'returning', return_started_at: ctx.now, return_location_id: location.id });
  return toEvacuation(ctx, requireEvacuation(ctx, e.id));
}

/** True when `locationId` lies within `rootId` (or is it). */
export function isWithin(ctx: Pick<ReadContext, 'db'>, locationId: string | null, rootId: string | null): boolean {
  if (!locationId || !rootId) return false;
  return (
    ctx.db
      .prepare(
        `WITH RECURSIVE up (id, parent_id) AS (SELECT id, parent_id FROM locations WHERE id = ? UNION ALL SELECT p.id, p.parent_id FROM locations p JOIN up ON p.id = up.parent_id)
         SELECT 1 FROM up WHERE id = ?`,
      )
      .get(locationId, rootId) !== undefined
  );
}
