import type { Measures } from '../../contract';
import type { CallContext } from '../context';
import { placement } from '../locations/model';

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
  createdAt: string;
}

/** Every location as it stood at `at`: its parent then, path, room, role and units. */
export function placesAt(ctx: Pick<CallContext, 'db'>, at: string): Map<string, Place> {
  const rows = JSON.parse(
    ctx.db
      .prepare(
        `SELECT json_group_array(json_object('id', id, 'parent_id', parent_id, 'code', code, 'name', name, 'type', type, 'role', role, 'created_at', created_at))
         FROM locations WHERE created_at <= ? AND removed = 0`,
      )
      .pluck()
      .get(at) as string,
  ) as LocationRow[];
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
  const visiting = new Set<string>();
  const place = (id: string): Place | null => {
    const known = places.get(id);
    if (known) return known;
    const row = byId.get(id);
    if (!row || visiting.has(id)) return null;
    visiting.add(id);
    const parent = row.parent_id ? place(row.parent_id) : null;
    visiting.delete(id);
    const { path, roomId, role, units } = placement(row, parent && { path: parent.path, roomId: parent.room?.id ?? null, role: parent.role, units: parent.units });
    const result: Place = { id, code: row.code, name: row.name, path, room: roomId === id ? row : (parent?.room ?? null), role, units, createdAt: row.created_at };
    places.set(id, result);
    return result;
  };
  for (const id of byId.keys()) place(id);
  return places;
}

/**
 * The places at each of `times`. A place depends only on where its location and those above it stood, so when no
 * location moved between a time and the latest, the places then are those of the latest, less the later ones.
 */
function placesAtEach(ctx: Pick<CallContext, 'db'>, times: string[], last: string): Map<string, Place>[] {
  const latest = placesAt(ctx, last);
  const movedSince = ctx.db.prepare('SELECT 1 FROM location_moves WHERE at > ? AND at <= ? LIMIT 1');
  return times.map((time) => {
    if (time === last) return latest;
    if (movedSince.get(time, last)) return placesAt(ctx, time);
    return new Map([...latest].filter(([, place]) => place.createdAt <= time));
  });
}

/**
 * The objects recorded by the latest of some times, as columns in one order, with the catalogue at each time:
 * `history.at[i]` is the catalogue at `times[i]`. Position `p` is the same object in every column.
 */
export interface History {
  rowids: Int32Array;
  category: (string | null)[];
  /** 1 reachable, 0 not, -1 not assessed. */
  reachable: Int8Array;
  at: Snapshot[];
  /** The position of an object, by rowid; undefined when it was recorded later. */
  positionOf(rowid: number): number | undefined;
}

/** The catalogue at one time, by object position. */
export interface Snapshot {
  time: string;
  /** Every location as it stood then. */
  places: Map<string, Place>;
  /** 1 when the object was recorded by then. */
  present: Uint8Array;
  /** Where the object was then; undefined when unknown. */
  place: (Place | undefined)[];
  condition: (string | null)[];
  /** 1 when the object was moved, checked or seen in place after Before, and by then. */
  seen: Uint8Array;
}

/** A column of ids or times sent as one comma-separated text (see statesAt). */
const values = (text: string | null): string[] => (text === null ? [] : text.split(','));

/** A column of integers sent as one comma-separated text, read without making a string of each. */
export function integers(text: string | null): Int32Array {
  if (text === null) return new Int32Array();
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
  const out = new Int32Array(count);
  let n = 0;
  let value = 0;
  let sign = 1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 44) {
      out[n++] = sign * value;
      value = 0;
      sign = 1;
    } else if (c === 45) sign = -1;
    else value = value * 10 + (c - 48);
  }
  return out;
}

/**
 * Reads the objects recorded by `times` and computes each object's location and condition at each time, and
 * whether it was seen after `before`. Per object and time, the latest movement then is the object's own latest
 * (objects.moved_at) when that came by then, or else one seek in the covering index of movements; condition checks
 * and sightings are read in bulk. Objects are read in rowid order, which is the order their movements are indexed in.
 * Each column comes back as one value, because better-sqlite3 pays for every value it returns and there is one per
 * object: lists of ids and numbers as text, free text as JSON.
 */
export function statesAt(ctx: Pick<CallContext, 'db'>, times: string[], before: string): History {
  const last = times.reduce((a, b) => (a > b ? a : b));
  const params = { last, before, ...Object.fromEntries(times.map((t, i) => [`t${i}`, t])) };
  // The latest movement by then: "+" when it came after Before, else "-", followed by its destination. When the
  // object's latest movement of all came by then, that is the one, and the object holds it (moved_at, location_id).
  const latest = (i: number) =>
    `CASE WHEN o.moved_at <= @t${i} THEN iif(o.moved_at > @before, '+', '-') || coalesce(o.location_id, '')
      ELSE (SELECT iif(m.at > @before, '+', '-') || coalesce(m.to_location_id, '') FROM movements m
        WHERE m.object_id = o.id AND m.at <= @t${i} ORDER BY m.at DESC, m.id DESC LIMIT 1) END`;
  // Every object read was recorded by the latest time; whether it was by an earlier one is a column of its own.
  const perTime = times.map((time, i) => `${time === last ? 'NULL' : `group_concat(o.created_at <= @t${i})`}, group_concat(coalesce(${latest(i)}, ''))`);
  // Of an event at `column`: 1 when it came after Before, plus 2 << i when it came by times[i].
  const flags = (column: string) => [`(${column} > @before)`, ...times.map((_, i) => `((${column} <= @t${i}) << ${i + 1})`)].join(' | ');
  return ctx.db.transaction(() => {
    const [rowidList, categories, reachableList, ...timeLists] = ctx.db
      .prepare(
        `SELECT group_concat(o.rowid), json_group_array(o.category), group_concat(coalesce(o.reachable, -1)), ${perTime.join(', ')}
         FROM objects o WHERE o.created_at <= @last AND o.removed = 0`,
      )
      .raw()
      .get(params) as [string | null, string, string | null, ...(string | null)[]];
    const rowids = integers(rowidList);
    const positions = new Int32Array(rowids.reduce((max, rowid) => Math.max(max, rowid), 0) + 1).fill(-1);
    rowids.forEach((rowid, p) => (positions[rowid] = p));
    const positionOf = (rowid: number) => {
      const p = positions[rowid] ?? -1;
      return p >= 0 ? p : undefined;
    };
    // Condition checks by then, per object in the order they supersede each other (the latest assessment, then the
    // latest recorded), as the covering index holds them. The condition at a time is that of the last check by then.
    const [checkRowids, checkTerms, checkFlags] = ctx.db
      .prepare(
        `SELECT group_concat(r), json_group_array(term), group_concat(f) FROM (
           SELECT o.rowid AS r, c.term AS term, ${flags('c.at')} AS f FROM condition_checks c JOIN objects o ON o.id = c.object_id
           WHERE c.at <= @last AND c.withdrawn = 0 ORDER BY c.object_id, c.assessed_on, c.at, c.id)`,
      )
      .raw()
      .get(params) as [string | null, string, string | null];
    const checks = { rowids: integers(checkRowids), terms: JSON.parse(checkTerms) as string[], flags: integers(checkFlags) };
    const [sightingRowids, sightingFlags] = ctx.db
      .prepare(`SELECT group_concat(o.rowid), group_concat(${flags('s.at')}) FROM sightings s JOIN objects o ON o.id = s.object_id WHERE s.at > @before AND s.at <= @last`)
      .raw()
      .get(params) as [string | null, string | null];
    const sightings = { rowids: integers(sightingRowids), flags: integers(sightingFlags) };

    const placesThen = placesAtEach(ctx, times, last);
    const at = times.map((time, i): Snapshot => {
      const places = placesThen[i]!;
      const byMove = new Map<string, Place>();
      for (const [id, where] of places) byMove.set(`+${id}`, where).set(`-${id}`, where);
      const presentList = timeLists[2 * i] ?? null;
      const present = presentList === null ? new Uint8Array(rowids.length).fill(1) : Uint8Array.from(integers(presentList));
      const seen = new Uint8Array(rowids.length);
      const moves = values(timeLists[2 * i + 1]!);
      const place = new Array<Place | undefined>(rowids.length);
      for (let p = 0; p < moves.length; p++) {
        const move = moves[p]!;
        if (move.charCodeAt(0) === 43) seen[p] = 1;
        place[p] = present[p] ? byMove.get(move) : undefined;
      }
      const byThen = 2 << i;
      const condition = new Array<string | null>(rowids.length).fill(null);
      for (let c = 0; c < checks.rowids.length; c++) {
        const p = positionOf(checks.rowids[c]!);
        if (p === undefined || !(checks.flags[c]! & byThen)) continue;
        condition[p] = checks.terms[c]!;
        if (checks.flags[c]! & 1) seen[p] = 1;
      }
      for (let s = 0; s < sightings.rowids.length; s++) {
        const p = positionOf(sightings.rowids[s]!);
        if (p !== undefined && sightings.flags[s]! & byThen) seen[p] = 1;
      }
      return { time, places, present, place, condition, seen };
    });
    return { rowids, category: JSON.parse(categories) as (string | null)[], reachable: Int8Array.from(integers(reachableList)), at, positionOf };
  })();
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

/** The RE-ORG counts of a set of objects, added one at a time. */
class Tally {
  private readonly conditions = new Map<string, number>();
  private objects = 0;
  private located = 0;
  private onFloor = 0;
  private inHolding = 0;
  private reachable = 0;
  private assessed = 0;
  private notSeen = 0;

  add(place: Place | undefined, reachable: number, condition: string | null, seen: boolean): void {
    this.objects++;
    if (place) {
      this.located++;
      if (place.role === 'floor') this.onFloor++;
      if (place.role === 'holding') this.inHolding++;
    }
    if (reachable >= 0) {
      this.assessed++;
      if (reachable === 1) this.reachable++;
    }
    this.conditions.set(condition ?? '', (this.conditions.get(condition ?? '') ?? 0) + 1);
    if (!seen) this.notSeen++;
  }

  addAll(other: Tally): void {
    this.objects += other.objects;
    this.located += other.located;
    this.onFloor += other.onFloor;
    this.inHolding += other.inHolding;
    this.reachable += other.reachable;
    this.assessed += other.assessed;
    this.notSeen += other.notSeen;
    for (const [term, n] of other.conditions) this.conditions.set(term, (this.conditions.get(term) ?? 0) + n);
  }

  /** The measures, with the categories found in each unit in scope. */
  measures(units: Set<string>[]): Measures {
    return {
      objects: this.objects,
      located: this.located,
      locatedPercent: percent(this.located, this.objects),
      onFloor: this.onFloor,
      inHolding: this.inHolding,
      reachable: this.reachable,
      reachablePercent: percent(this.reachable, this.assessed),
      reachableAssessed: this.assessed,
      units: units.length,
      mixedUnits: units.filter((categories) => categories.size > 1).length,
      conditions: Object.fromEntries(this.conditions),
      notSeenSinceBefore: this.notSeen,
    };
  }
}

/** Rooms by code (R2 before R10), with objects in no room last. */
export const byRoomCode = (a: { code: string | null }, b: { code: string | null }): number =>
  a.code === null ? 1 : b.code === null ? -1 : a.code.localeCompare(b.code, undefined, { numeric: true });

/** Measures overall and per room of the catalogue at one time. Each object is counted in its room; overall is their sum. */
export function measuresFor(history: History, snapshot: Snapshot) {
  const { places, present, place, condition, seen } = snapshot;
  const rooms = new Map<string | null, Tally>();
  const unitCategories = new Map<string, Set<string>>();
  for (const where of places.values()) {
    if (where.room?.id === where.id) rooms.set(where.id, new Tally());
    if (where.units.at(-1) === where.id) unitCategories.set(where.id, new Set());
  }
  for (let p = 0; p < present.length; p++) {
    if (!present[p]) continue;
    const where = place[p];
    const roomId = where?.room?.id ?? null;
    let room = rooms.get(roomId);
    if (!room) rooms.set(roomId, (room = new Tally()));
    room.add(where, history.reachable[p]!, condition[p] ?? null, seen[p] === 1);
    const category = history.category[p];
    if (category && where) for (const unit of where.units) unitCategories.get(unit)?.add(category);
  }
  const overall = new Tally();
  for (const room of rooms.values()) overall.addAll(room);
  const unitsByRoom = new Map<string, Set<string>[]>();
  for (const [unit, categories] of unitCategories) {
    const roomId = places.get(unit)!.room?.id;
    if (!roomId) continue;
    const inRoom = unitsByRoom.get(roomId);
    if (inRoom) inRoom.push(categories);
    else unitsByRoom.set(roomId, [categories]);
  }
  return {
    overall: overall.measures([...unitCategories.values()]),
    rooms: [...rooms.entries()]
      .map(([id, tally]) => {
        const room = id ? places.get(id)! : null;
        return { locationId: id, code: room?.code ?? null, name: room?.name ?? null, measures: tally.measures(id ? (unitsByRoom.get(id) ?? []) : []) };
      })
      .sort(byRoomCode),
  };
}
