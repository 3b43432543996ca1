import type { Measures } from '../../contract';
import type { CallContext } from '../context';
import { PATH_SEPARATOR } from '../locations/locations';

/**
 * The catalogue as it was at a point in time, computed from history (never copied): where each object was
 * (its latest movement at or before then), its condition then, and where each container stood then.
 * Location roles, categories and the "reachable" flag are taken as they are now: they have no history.
 */

interface LocationRow {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  type: string;
  role: 'permanent' | 'holding' | 'floor';
  created_at: string;
}

export interface Place {
  id: string;
  code: string;
  name: string;
  path: string;
  /** The room it is in at that time (the nearest ancestor of type room, itself included). */
  room: LocationRow | null;
  /** Its role, inherited from the nearest ancestor that is not permanent. */
  role: LocationRow['role'];
  /** The units it is in (itself included). */
  units: string[];
}

/** Every location as it stood at `at`: its parent then, path, room, role and units. */
export function placesAt(ctx: Pick<CallContext, 'db'>, at: string): Map<string, Place> {
  const rows = ctx.db.prepare('SELECT id, parent_id, code, name, type, role, created_at FROM locations WHERE created_at <= ?').all(at) as LocationRow[];
  const moves = ctx.db.prepare('SELECT location_id, from_parent_id, to_parent_id, at FROM location_moves ORDER BY at, id').all() as {
    location_id: string;
    from_parent_id: string | null;
    to_parent_id: string | null;
    at: string;
  }[];
  // Its parent then: the destination of its last move by then, or else where its first later move started from.
  const parentThen = new Map<string, string | null>();
  for (const m of moves) {
    if (m.at <= at) parentThen.set(m.location_id, m.to_parent_id);
    else if (!parentThen.has(m.location_id)) parentThen.set(m.location_id, m.from_parent_id);
  }
  const byId = new Map(rows.map((r) => [r.id, { ...r, parent_id: parentThen.has(r.id) ? parentThen.get(r.id)! : r.parent_id }]));
  const places = new Map<string, Place>();
  const place = (id: string, seen = new Set<string>()): Place | null => {
    const known = places.get(id);
    if (known) return known;
    const row = byId.get(id);
    if (!row || seen.has(id)) return null;
    seen.add(id);
    const parent = row.parent_id ? place(row.parent_id, seen) : null;
    const isRoom = row.type.toLowerCase() === 'room';
    const result: Place = {
      id,
      code: row.code,
      name: row.name,
      path: parent ? parent.path + PATH_SEPARATOR + row.name : row.name,
      room: isRoom ? row : (parent?.room ?? null),
      role: row.role !== 'permanent' ? row.role : (parent?.role ?? 'permanent'),
      units: row.type.toLowerCase() === 'unit' ? [...(parent?.units ?? []), id] : (parent?.units ?? []),
    };
    places.set(id, result);
    return result;
  };
  for (const id of byId.keys()) place(id);
  return places;
}

export interface ObjectState {
  id: string;
  displayNumber: string;
  sortKey: string;
  name: string;
  category: string | null;
  reachable: number | null;
  locationId: string | null;
  condition: string | null;
  seenSinceBefore: boolean;
}

/**
 * Each object recorded by each of `times`, with its location and condition then, and whether it was moved,
 * checked or seen in place after `before` (and by then). Per object and time, one seek in the covering
 * index of movements gives the latest movement then (its time and destination); condition checks and
 * sightings are read in bulk.
 */
export function statesAt(ctx: Pick<CallContext, 'db'>, times: string[], before: string): ObjectState[][] {
  const last = times.reduce((a, b) => (a > b ? a : b));
  // An ISO time is 24 characters: the latest movement comes back as its time followed by its destination.
  const latest = (param: string) =>
    `(SELECT m.at || coalesce(m.to_location_id, '') FROM movements m WHERE m.object_id = o.id AND m.at <= @${param} ORDER BY m.at DESC, m.id DESC LIMIT 1)`;
  const rows = ctx.db
    .prepare(
      `SELECT o.id, coalesce(o.number, o.temp_number) AS displayNumber, o.sort_key AS sortKey, o.name, o.category, o.reachable,
         o.created_at AS createdAt, ${times.map((_, i) => `${latest(`t${i}`)} AS m${i}`).join(', ')}
       FROM objects o WHERE o.created_at <= @last`,
    )
    .raw()
    .all({ last, ...Object.fromEntries(times.map((t, i) => [`t${i}`, t])) }) as unknown[][];
  // An object's condition then: its latest assessment recorded by then (by assessment date, then by when recorded).
  type Check = { objectId: string; at: string; assessedOn: string; term: string; id: string };
  const checks = new Map<string, Check[]>();
  const rank = (c: Check) => `${c.assessedOn} ${c.at} ${c.id}`;
  for (const c of ctx.db
    .prepare('SELECT object_id AS objectId, at, assessed_on AS assessedOn, term, id FROM condition_checks WHERE at <= ?')
    .all(last) as Check[]) {
    const list = checks.get(c.objectId);
    if (list) list.push(c);
    else checks.set(c.objectId, [c]);
  }
  const sightings = new Map<string, string[]>();
  for (const s of ctx.db.prepare('SELECT object_id AS id, at FROM sightings WHERE at > ? AND at <= ?').all(before, last) as { id: string; at: string }[]) {
    const list = sightings.get(s.id);
    if (list) list.push(s.at);
    else sightings.set(s.id, [s.at]);
  }

  return times.map((t, i) => {
    const states: ObjectState[] = [];
    for (const row of rows) {
      const [id, displayNumber, sortKey, name, category, reachable, createdAt] = row as [string, string, string, string, string | null, number | null, string];
      if (createdAt > t) continue;
      const move = row[7 + i] as string | null;
      const movedAt = move?.slice(0, 24) ?? null;
      let condition: Check | undefined;
      let seenByCheck = false;
      for (const c of checks.get(id) ?? []) {
        if (c.at > t) continue;
        if (c.at > before) seenByCheck = true;
        if (!condition || rank(c) > rank(condition)) condition = c;
      }
      states.push({
        id,
        displayNumber,
        sortKey,
        name,
        category,
        reachable,
        locationId: move && move.length > 24 ? move.slice(24) : null,
        condition: condition?.term ?? null,
        seenSinceBefore: (movedAt !== null && movedAt > before) || seenByCheck || (sightings.get(id) ?? []).some((at) => at <= t),
      });
    }
    return states;
  });
}

/** Each object recorded by `at`, as it was then. */
export const objectsAt = (ctx: Pick<CallContext, 'db'>, at: string, before: string): ObjectState[] => statesAt(ctx, [at], before)[0]!;

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

/** The RE-ORG measures over a set of objects, with the places they were in. */
export function measure(objects: ObjectState[], places: Map<string, Place>, unitsInScope: Iterable<string>): Measures {
  const unitCategories = new Map<string, Set<string>>([...unitsInScope].map((id) => [id, new Set<string>()]));
  const conditions: Record<string, number> = {};
  let located = 0;
  let onFloor = 0;
  let inHolding = 0;
  let reachable = 0;
  let assessed = 0;
  let notSeen = 0;
  for (const o of objects) {
    const place = o.locationId ? places.get(o.locationId) : undefined;
    if (place) {
      located++;
      if (place.role === 'floor') onFloor++;
      if (place.role === 'holding') inHolding++;
      if (o.category) for (const unit of place.units) unitCategories.get(unit)?.add(o.category);
    }
    if (o.reachable !== null) {
      assessed++;
      if (o.reachable === 1) reachable++;
    }
    conditions[o.condition ?? ''] = (conditions[o.condition ?? ''] ?? 0) + 1;
    if (!o.seenSinceBefore) notSeen++;
  }
  return {
    objects: objects.length,
    located,
    locatedPercent: percent(located, objects.length),
    onFloor,
    inHolding,
    reachable,
    reachablePercent: percent(reachable, assessed),
    reachableAssessed: assessed,
    units: unitCategories.size,
    mixedUnits: [...unitCategories.values()].filter((c) => c.size > 1).length,
    conditions,
    notSeenSinceBefore: notSeen,
  };
}

/** Rooms by code (R2 before R10), with objects in no room last. */
export const byRoomCode = (a: { code: string | null }, b: { code: string | null }): number =>
  a.code === null ? 1 : b.code === null ? -1 : a.code.localeCompare(b.code, undefined, { numeric: true });

/** Measures overall and per room at one time. */
export function measuresFor(objects: ObjectState[], places: Map<string, Place>) {
  const units = [...places.values()].filter((p) => p.units.at(-1) === p.id).map((p) => p.id);
  const rooms = new Map<string | null, { objects: ObjectState[]; units: string[] }>();
  const roomOf = (o: ObjectState) => (o.locationId ? (places.get(o.locationId)?.room?.id ?? null) : null);
  for (const place of places.values()) if (place.room?.id === place.id) rooms.set(place.id, { objects: [], units: [] });
  for (const unit of units) rooms.get(places.get(unit)!.room?.id ?? null)?.units.push(unit);
  for (const o of objects) {
    const room = roomOf(o);
    if (!rooms.has(room)) rooms.set(room, { objects: [], units: [] });
    rooms.get(room)!.objects.push(o);
  }
  return {
    overall: measure(objects, places, units),
    rooms: [...rooms.entries()]
      .map(([id, r]) => ({ locationId: id, code: id ? places.get(id)!.code : null, name: id ? places.get(id)!.name : null, measures: measure(r.objects, places, r.units) }))
      .sort(byRoomCode),
  };
}
