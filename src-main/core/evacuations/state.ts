import {
  BOX_STATUSES,
  CUSTODY_STATUSES,
  childPath,
  isRoom,
  type BoxKind,
  type BoxStatus,
  type CustodyStatus,
  type CustodyStep,
  type EvacuationBox,
  type EvacuationItem,
  type Leg,
  type Output,
} from '../../contract';
import type { ReadContext } from '../context';
import { legOf, legStart, legTarget, type EvacuationRow } from './plans';

/**
 * Where each object of an evacuation stands in its chain of custody, computed from the catalogue's history rather
 * than stored: the list, then the object's movements (into a box, with its box into the vehicles and to the
 * destination, out of the box to its place there) and sightings (found in its box at the destination) since the
 * evacuation began. What the present says (the object is in a box that is in the vehicles) gives its status; the
 * history gives who did each step, and when. So copies of a catalogue merged later agree, as their histories do.
 */

/** The catalogue's locations as the chain of custody reads them: what holds what, names and codes, the tree's order. */
export class Places {
  readonly parent = new Map<string, string | null>();
  readonly code = new Map<string, string>();
  readonly name = new Map<string, string>();
  readonly type = new Map<string, string>();
  /** Depth-first order of the tree (siblings by position, then code): the order in which a room is walked. */
  readonly order = new Map<string, number>();
  private readonly chains = new Map<string, string[]>();

  constructor(ctx: Pick<ReadContext, 'db'>) {
    const rows = ctx.db
      .prepare('SELECT id, parent_id, coalesce(removed_code, code) AS code, name, type, position FROM locations ORDER BY position, code COLLATE NOCASE')
      .all() as { id: string; parent_id: string | null; code: string; name: string; type: string; position: number }[];
    const children = new Map<string | null, string[]>();
    for (const row of rows) {
      this.parent.set(row.id, row.parent_id);
      this.code.set(row.id, row.code);
      this.name.set(row.id, row.name);
      this.type.set(row.id, row.type);
      const siblings = children.get(row.parent_id) ?? [];
      siblings.push(row.id);
      children.set(row.parent_id, siblings);
    }
    const stack = [...(children.get(null) ?? [])].reverse();
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (this.order.has(id)) continue;
      this.order.set(id, this.order.size);
      stack.push(...[...(children.get(id) ?? [])].reverse());
    }
  }

  /** The location and those above it, from itself up. */
  chain(id: string): string[] {
    let chain = this.chains.get(id);
    if (!chain) {
      chain = [];
      const seen = new Set<string>();
      for (let at: string | null | undefined = id; at && !seen.has(at); at = this.parent.get(at)) {
        seen.add(at);
        chain.push(at);
      }
      this.chains.set(id, chain);
    }
    return chain;
  }

  within(id: string | null, root: string | null): boolean {
    return id !== null && root !== null && this.chain(id).includes(root);
  }

  path(id: string | null): string | null {
    if (!id) return null;
    return this.chain(id).reduceRight<string | null>((path, at) => childPath(path, this.name.get(at) ?? ''), null);
  }

  room(id: string | null): string | null {
    if (!id) return null;
    return this.chain(id).find((at) => isRoom(this.type.get(at) ?? '')) ?? null;
  }
}

/** A step as the walk through history records it; its place is turned into a code when it is shown. */
interface Step {
  at: string;
  personName: string | null;
  locationId: string | null;
  transport: string;
  contact: string;
  reference: string | null;
}

export interface Box {
  id: string;
  number: number;
  kind: BoxKind;
  createdAt: string;
}

/** One object of the list, with where it stands. */
export interface ItemState {
  objectId: string;
  displayNumber: string;
  name: string;
  description: string;
  sortKey: string;
  evacuationPriority: number | null;
  significance: EvacuationItem['significance'];
  vulnerability: EvacuationItem['vulnerability'];
  easeOfHandling: EvacuationItem['easeOfHandling'];
  handlingNotes: string;
  primaryPhotoId: string | null;
  found: boolean;
  inLeg: boolean;
  status: CustodyStatus;
  originalLocationId: string | null;
  currentLocationId: string | null;
  /** The box it is in now, or was last packed in. */
  boxId: string | null;
  condition: string | null;
  steps: Record<CustodyStep, Step | null>;
}

export interface EvacuationState {
  evacuation: EvacuationRow;
  leg: Leg | null;
  places: Places;
  boxes: Map<string, Box>;
  items: ItemState[];
}

interface ItemRow {
  object_id: string;
  found: number;
  in_return: number;
  added_at: string;
  added_by: string | null;
  display: string;
  name: string;
  description: string;
  sort_key: string;
  evacuation_priority: number | null;
  significance: ItemState['significance'];
  vulnerability: ItemState['vulnerability'];
  ease_of_handling: ItemState['easeOfHandling'];
  handling_notes: string;
  location_id: string | null;
  photo: string | null;
}

interface Event {
  object_id: string;
  kind: 'movement' | 'sighting';
  id: string;
  at: string;
  from_id: string | null;
  to_id: string | null;
  container_id: string | null;
  container_to: string | null;
  person: string | null;
  method: string;
  contact: string;
  reference: string | null;
}

const SELECT_ITEMS = `SELECT i.object_id, i.found, i.in_return, i.added_at, p.name AS added_by, coalesce(o.number, o.temp_number, '') AS display, o.name, o.description,
    o.sort_key, o.evacuation_priority, o.significance, o.vulnerability, o.ease_of_handling, o.handling_notes, o.location_id,
    (SELECT photo_id FROM photo_links WHERE target_id = o.id AND is_primary = 1) AS photo
  FROM evacuation_items i JOIN objects o ON o.id = i.object_id LEFT JOIN people p ON p.id = i.person_id
  WHERE i.evacuation_id = @evacuation AND i.removed = 0 AND o.removed = 0 AND (@object IS NULL OR i.object_id = @object)`;

/** The movements and sightings of the list's objects since the evacuation began, in the order they happened. */
const SELECT_EVENTS = `SELECT * FROM (
    SELECT m.object_id, 'movement' AS kind, m.id, m.at, m.from_location_id AS from_id, m.to_location_id AS to_id, m.container_id,
      lm.to_parent_id AS container_to, p.name AS person, b.method, b.contact, m.reference
    FROM movements m JOIN batches b ON b.reference = m.reference LEFT JOIN people p ON p.id = m.person_id
    LEFT JOIN location_moves lm ON lm.reference = m.reference AND lm.location_id = m.container_id
    WHERE m.object_id IN (SELECT object_id FROM evacuation_items WHERE evacuation_id = @evacuation AND (@object IS NULL OR object_id = @object)) AND m.at >= @since
    UNION ALL
    SELECT s.object_id, 'sighting', s.id, s.at, NULL, s.location_id, NULL, NULL, p.name, '', '', NULL
    FROM sightings s LEFT JOIN people p ON p.id = s.person_id
    WHERE s.object_id IN (SELECT object_id FROM evacuation_items WHERE evacuation_id = @evacuation AND (@object IS NULL OR object_id = @object)) AND s.at >= @since
  ) ORDER BY object_id, at, id`;

const SELECT_CONDITIONS = `SELECT c.object_id, c.term, c.at FROM condition_checks c
  WHERE c.withdrawn = 0 AND c.at >= @since AND c.object_id IN (SELECT object_id FROM evacuation_items WHERE evacuation_id = @evacuation AND (@object IS NULL OR object_id = @object))
  ORDER BY c.object_id, c.assessed_on, c.at, c.id`;

/** Reads an evacuation's objects and their chain of custody for a leg (the current one by default); one object, when named. */
export function evacuationState(ctx: Pick<ReadContext, 'db'>, evacuation: EvacuationRow, options: { leg?: Leg | null; objectId?: string } = {}): EvacuationState {
  const leg = options.leg === undefined ? legOf(evacuation) : options.leg;
  const places = new Places(ctx);
  const boxes = new Map(
    (
      ctx.db.prepare('SELECT location_id AS id, number, kind, created_at AS createdAt FROM evacuation_boxes WHERE evacuation_id = ? ORDER BY number').all(evacuation.id) as Box[]
    ).map((b) => [b.id, b]),
  );
  const params = { evacuation: evacuation.id, object: options.objectId ?? null };
  const rows = ctx.db.prepare(SELECT_ITEMS).all(params) as ItemRow[];
  const since = evacuation.started_at;
  const events = new Map<string, Event[]>();
  const conditions = new Map<string, { term: string; at: string }[]>();
  if (since) {
    for (const event of ctx.db.prepare(SELECT_EVENTS).all({ ...params, since }) as Event[]) {
      const list = events.get(event.object_id) ?? [];
      list.push(event);
      events.set(event.object_id, list);
    }
    for (const c of ctx.db.prepare(SELECT_CONDITIONS).all({ ...params, since }) as { object_id: string; term: string; at: string }[]) {
      const list = conditions.get(c.object_id) ?? [];
      list.push(c);
      conditions.set(c.object_id, list);
    }
  }
  const boxMoves = new Map<string, { at: string; to: string | null }[]>();
  for (const move of ctx.db
    .prepare('SELECT location_id, at, to_parent_id AS "to" FROM location_moves WHERE location_id IN (SELECT location_id FROM evacuation_boxes WHERE evacuation_id = ?) ORDER BY at, id')
    .all(evacuation.id) as { location_id: string; at: string; to: string | null }[]) {
    const list = boxMoves.get(move.location_id) ?? [];
    list.push(move);
    boxMoves.set(move.location_id, list);
  }
  const walker = new Walker(evacuation, leg, places, boxes, boxMoves);
  const items = rows.map((row) => walker.item(row, events.get(row.object_id) ?? [], conditions.get(row.object_id) ?? []));
  return { evacuation, leg, places, boxes, items };
}

class Walker {
  private readonly target: string | null;
  private readonly transit: string | null;
  private readonly returnAt: string | null;

  constructor(
    private readonly e: EvacuationRow,
    private readonly leg: Leg | null,
    private readonly places: Places,
    private readonly boxes: Map<string, Box>,
    private readonly boxMoves: Map<string, { at: string; to: string | null }[]>,
  ) {
    this.target = leg ? legTarget(e, leg) : null;
    this.transit = e.transit_location_id;
    this.returnAt = e.return_started_at;
  }

  /** The evacuation's box that holds this location (itself, or above it), if any. */
  boxOf(locationId: string | null): string | null {
    if (!locationId) return null;
    return this.places.chain(locationId).find((id) => this.boxes.has(id)) ?? null;
  }

  /** Whether a box stood at the leg's destination at a time: its latest move by then took it there. */
  private boxAtTarget(box: string, at: string): boolean {
    const moves = this.boxMoves.get(box) ?? [];
    let last: string | null | undefined;
    for (const move of moves) {
      if (move.at > at) break;
      last = move.to;
    }
    return last !== undefined && this.places.within(last, this.target);
  }

  item(row: ItemRow, events: Event[], conditions: { term: string; at: string }[]): ItemState {
    const { places } = this;
    const X = this.target;
    const T = this.transit;
    const steps: Record<CustodyStep, Step | null> = { listed: null, packed: null, left: null, arrived: null, received: null, placed: null };
    steps.listed = { at: row.added_at, personName: row.added_by, locationId: null, transport: '', contact: '', reference: null };
    let boxId: string | null = null;
    let original: string | null | undefined;
    // On the way back, what the way out did is history: only a box never unpacked still counts as packed.
    let reset = this.leg !== 'back';
    const resetForReturn = () => {
      reset = true;
      const stillPacked = steps.packed && !steps.placed && this.boxOf(boxId) !== null ? steps.packed : null;
      steps.packed = stillPacked;
      if (!stillPacked) boxId = null;
      steps.left = steps.arrived = steps.received = steps.placed = null;
    };
    const step = (event: Event, locationId: string | null, withTransport = false): Step => ({
      at: event.at,
      personName: event.person,
      locationId,
      transport: withTransport ? event.method : '',
      contact: withTransport ? event.contact : '',
      reference: event.reference,
    });

    for (const event of events) {
      if (this.leg === 'out' && this.returnAt && event.at >= this.returnAt) break;
      if (!reset && this.returnAt && event.at >= this.returnAt) resetForReturn();
      if (event.kind === 'sighting') {
        if (steps.arrived && !steps.received && event.at >= steps.arrived.at) steps.received = step(event, event.to_id);
        continue;
      }
      if (event.container_id) {
        // Its box (or what held it) moved, and it went along.
        const to = event.container_to;
        if (places.within(to, T)) {
          steps.left = step(event, to, true);
          steps.arrived = steps.received = steps.placed = null;
        } else if (places.within(to, X) && !steps.arrived) {
          steps.arrived = step(event, to, true);
          steps.received = steps.placed = null;
        }
        continue;
      }
      const to = event.to_id;
      const box = this.boxOf(to);
      // Where it was before it entered the chain (a box, the vehicles, the destination): its original location.
      if (original === undefined && (box || places.within(to, T) || places.within(to, X))) original = event.from_id;
      if (box) {
        boxId = box;
        if (this.boxAtTarget(box, event.at)) {
          // Found in a box at the destination (it arrived with it, whatever the records said before).
          steps.arrived ??= step(event, to);
          steps.received = step(event, to);
          steps.placed = null;
        } else {
          steps.packed = step(event, to);
          steps.left = steps.arrived = steps.received = steps.placed = null;
        }
      } else if (places.within(to, T)) {
        steps.left = step(event, to, true);
        steps.arrived = steps.received = steps.placed = null;
      } else if (places.within(to, X)) {
        // Carried in loose, or out of its box to its place there.
        steps.arrived ??= step(event, to, true);
        steps.received ??= step(event, to);
        if (to !== X || steps.placed) steps.placed = step(event, to);
      } else {
        // Taken out of the chain: unpacked where it was, or moved on elsewhere.
        steps.packed = steps.left = steps.arrived = steps.received = steps.placed = null;
        boxId = null;
      }
    }
    if (!reset && this.returnAt) resetForReturn();
    if (steps.placed && !steps.received) steps.received = steps.placed;

    const current = row.location_id;
    const currentBox = this.boxOf(current);
    if (currentBox) boxId = currentBox;
    let status: CustodyStatus;
    if (this.leg === null) status = 'listed';
    else if (current && places.within(current, X)) {
      if (currentBox) status = steps.received ? 'received' : 'unconfirmed';
      else status = steps.placed ? 'placed' : steps.received ? 'received' : 'listed';
    } else if (current && places.within(current, T)) status = 'in_transit';
    else if (currentBox) status = 'packed';
    else status = 'listed';

    const originalLocationId = original === undefined ? current : original;
    steps.listed.locationId = originalLocationId;
    const arrivedAt = steps.arrived?.at ?? null;
    const condition = arrivedAt ? (conditions.filter((c) => c.at >= arrivedAt).at(-1)?.term ?? null) : null;
    return {
      objectId: row.object_id,
      displayNumber: row.display,
      name: row.name,
      description: row.description,
      sortKey: row.sort_key,
      evacuationPriority: row.evacuation_priority,
      significance: row.significance,
      vulnerability: row.vulnerability,
      easeOfHandling: row.ease_of_handling,
      handlingNotes: row.handling_notes,
      primaryPhotoId: row.photo,
      found: row.found === 1,
      inLeg: this.leg !== 'back' || row.in_return === 1,
      status,
      originalLocationId,
      currentLocationId: current,
      boxId,
      condition,
      steps,
    };
  }
}

/** Out of the building: past the vehicles' door, on the way or arrived. */
export const OUT_STATUSES: readonly CustodyStatus[] = ['in_transit', 'unconfirmed', 'received', 'placed'];
/** Accounted for at the destination. */
export const DONE_STATUSES: readonly CustodyStatus[] = ['received', 'placed'];

/** The route order of the grab list and of the list: room by room, along the tree as the locations stand, then by number. */
export function byRoute(state: EvacuationState): (a: ItemState, b: ItemState) => number {
  const { places } = state;
  const rank = (item: ItemState) => (item.originalLocationId ? (places.order.get(item.originalLocationId) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER);
  return (a, b) => rank(a) - rank(b) || (a.evacuationPriority ?? 9) - (b.evacuationPriority ?? 9) || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);
}

/** An item as the API gives it: places as codes and paths, the last step in which the object itself was handled. */
export function itemOutput(state: EvacuationState, item: ItemState): EvacuationItem {
  const { places, boxes } = state;
  const code = (id: string | null) => (id ? (places.code.get(id) ?? null) : null);
  const out = (s: Step | null) => (s ? { at: s.at, personName: s.personName, locationCode: code(s.locationId), transport: s.transport, contact: s.contact, reference: s.reference } : null);
  const steps = Object.fromEntries(Object.entries(item.steps).map(([k, s]) => [k, out(s)])) as EvacuationItem['steps'];
  // Where it was last known to be: the latest step that handled the object itself (a box travels without anyone
  // seeing what is in it), or its place on the list.
  const handled = (['placed', 'received', 'packed'] as const).map((k) => [k, item.steps[k]] as const).filter(([, s]) => s !== null) as [CustodyStep, Step][];
  handled.sort((a, b) => (a[1].at < b[1].at ? 1 : -1));
  const [lastStep, last] = handled[0] ?? (['listed', item.steps.listed!] as [CustodyStep, Step]);
  const box = item.boxId ? boxes.get(item.boxId) : undefined;
  return {
    objectId: item.objectId,
    displayNumber: item.displayNumber,
    name: item.name,
    description: item.description,
    evacuationPriority: item.evacuationPriority,
    significance: item.significance,
    vulnerability: item.vulnerability,
    easeOfHandling: item.easeOfHandling,
    handlingNotes: item.handlingNotes,
    primaryPhotoId: item.primaryPhotoId,
    found: item.found,
    inLeg: item.inLeg,
    status: item.status,
    originalLocationId: item.originalLocationId,
    originalLocationCode: code(item.originalLocationId),
    originalLocationPath: places.path(item.originalLocationId),
    currentLocationId: item.currentLocationId,
    currentLocationCode: code(item.currentLocationId),
    currentLocationPath: places.path(item.currentLocationId),
    box: box ? { id: box.id, code: code(box.id) ?? '', number: box.number } : null,
    condition: item.condition,
    steps,
    lastRecorded: { ...out(last)!, step: lastStep, locationPath: places.path(last.locationId) },
  };
}

/** A box as the API gives it: where it is, what was packed in it for this leg, and what of that was found. */
export function boxesOutput(ctx: Pick<ReadContext, 'db'>, state: EvacuationState): EvacuationBox[] {
  const { places, evacuation: e, leg } = state;
  const target = leg ? legTarget(e, leg) : null;
  const inLeg = state.items.filter((i) => i.inLeg);
  const contents = new Map(
    (
      ctx.db
        .prepare(
          `WITH RECURSIVE inside (box, id) AS (
             SELECT location_id, location_id FROM evacuation_boxes WHERE evacuation_id = ?
             UNION ALL SELECT inside.box, l.id FROM locations l JOIN inside ON l.parent_id = inside.id)
           SELECT inside.box, count(o.id) AS n FROM inside LEFT JOIN objects o ON o.location_id = inside.id AND o.removed = 0 GROUP BY inside.box`,
        )
        .all(e.id) as { box: string; n: number }[]
    ).map((r) => [r.box, r.n]),
  );
  const photos = new Map(
    (
      ctx.db.prepare(`SELECT target_id, count(*) AS n FROM photo_links WHERE target_id IN (SELECT location_id FROM evacuation_boxes WHERE evacuation_id = ?) GROUP BY target_id`).all(e.id) as {
        target_id: string;
        n: number;
      }[]
    ).map((r) => [r.target_id, r.n]),
  );
  return [...state.boxes.values()].map((box) => {
    const expected = inLeg.filter((i) => i.boxId === box.id && i.status !== 'listed');
    const confirmed = expected.filter((i) => i.status === 'received' || i.status === 'placed');
    const missing = expected.filter((i) => i.status === 'unconfirmed');
    const objects = contents.get(box.id) ?? 0;
    const parent = places.parent.get(box.id) ?? null;
    let status: BoxStatus;
    if (places.within(box.id, e.transit_location_id)) status = 'in_transit';
    else if (target && places.within(box.id, target) && leg !== null) {
      if (expected.length > 0 && objects === 0) status = 'unpacked';
      else if (missing.length === 0 && expected.length > 0) status = 'checked';
      else status = 'arrived';
    } else status = objects > 0 ? 'packing' : 'empty';
    return {
      id: box.id,
      code: places.code.get(box.id) ?? '',
      name: places.name.get(box.id) ?? '',
      number: box.number,
      kind: box.kind,
      status,
      locationCode: parent ? (places.code.get(parent) ?? null) : null,
      locationPath: places.path(parent),
      objects,
      expected: expected.length,
      confirmed: confirmed.length,
      missing: missing.map((i) => ({ objectId: i.objectId, displayNumber: i.displayNumber, name: i.name })),
      photos: photos.get(box.id) ?? 0,
      createdAt: box.createdAt,
    };
  });
}

/** The dashboard's numbers: the current leg, counted by status and by priority; the boxes by where they are. */
export function progressOutput(state: EvacuationState, boxes: EvacuationBox[]): Output<'evacuations.get'>['progress'] {
  const inLeg = state.items.filter((i) => i.inLeg);
  const byStatus = Object.fromEntries(CUSTODY_STATUSES.map((s) => [s, 0])) as Record<CustodyStatus, number>;
  for (const item of inLeg) byStatus[item.status]++;
  const priorities = new Map<number | null, { total: number; out: number }>();
  for (const item of inLeg) {
    const p = priorities.get(item.evacuationPriority) ?? { total: 0, out: 0 };
    p.total++;
    if (OUT_STATUSES.includes(item.status)) p.out++;
    priorities.set(item.evacuationPriority, p);
  }
  const boxCounts = Object.fromEntries(BOX_STATUSES.map((s) => [s, 0])) as Record<BoxStatus, number>;
  for (const box of boxes) boxCounts[box.status]++;
  return {
    leg: state.leg,
    total: inLeg.length,
    byStatus,
    out: inLeg.filter((i) => OUT_STATUSES.includes(i.status)).length,
    byPriority: [...priorities.entries()]
      .sort(([a], [b]) => (a ?? 9) - (b ?? 9))
      .map(([priority, p]) => ({ priority, ...p })),
    unaccounted: byStatus.unconfirmed,
    found: inLeg.filter((i) => i.found).length,
    boxes: { ...boxCounts, total: boxes.length },
  };
}

/** The leg a start time belongs to, for the documents of a returned evacuation. */
export const legsOf = (e: EvacuationRow): Leg[] => (legStart(e, 'back') ? ['out', 'back'] : legStart(e, 'out') ? ['out'] : []);
