import { AppError, keyedMessage, type Output, type ParsedInput, type Translatable } from '../../contract';
import type { CallContext, ReadContext } from '../context';
import { requireOpenLocation } from '../locations/locations';
import { batchOf, moveContainer, recordMovement, startBatch, type BatchOptions } from '../moves/moves';
import { insertObjects } from '../objects/write';
import { listObjects } from './evacuations';
import { isWithin, makeLocation, requireActive, requireEvacuation, type EvacuationRow } from './plans';
import { boxesOutput, evacuationState, type ItemState } from './state';

/**
 * The chain of custody, scan by scan: packing objects into boxes, the boxes leaving the building, checked in at the
 * destination with their contents, objects found in them and put in their places. Each scan is one operation made of
 * the catalogue's own records (movements, container moves, sightings), with the reason "evacuation"; scans of one
 * session join one batch, whose movement method and contact name the transport and who took charge.
 */

type Active = ReturnType<typeof requireActive>;

interface Found {
  id: string;
  displayNumber: string;
  name: string;
  evacuationPriority: number | null;
  locationId: string | null;
  currentLocationCode: string | null;
}

const SELECT_BY_NUMBER = `SELECT o.id, coalesce(o.number, o.temp_number) AS displayNumber, o.name, o.evacuation_priority AS evacuationPriority, o.location_id AS locationId,
    l.code AS currentLocationCode
  FROM objects o LEFT JOIN locations l ON l.id = o.location_id
  WHERE o.removed = 0 AND %WHERE% ORDER BY o.sort_key LIMIT 20`;

function objectsNumbered(ctx: Pick<ReadContext, 'db'>, number: string): Found[] {
  return ctx.db.prepare(SELECT_BY_NUMBER.replace('%WHERE%', '(o.number = @n COLLATE NOCASE OR o.temp_number = @n COLLATE NOCASE)')).all({ n: number }) as Found[];
}

function objectById(ctx: Pick<ReadContext, 'db'>, id: string): Found {
  const found = ctx.db.prepare(SELECT_BY_NUMBER.replace('%WHERE%', 'o.id = @id')).get({ id }) as Found | undefined;
  if (!found) throw AppError.of('NOT_FOUND', 'objects.notFound', { id }, { id });
  return found;
}

type Resolved = { object: Found } | { status: 'unknown' | 'ambiguous'; candidates: Found[] };

/** The object a scan names: by id (chosen among several), or by its number. */
function resolve(ctx: Pick<ReadContext, 'db'>, input: { number?: string | undefined; objectId?: string | undefined }): Resolved {
  if (input.objectId) return { object: objectById(ctx, input.objectId) };
  const matches = objectsNumbered(ctx, input.number!);
  if (matches.length === 1) return { object: matches[0]! };
  return { status: matches.length === 0 ? 'unknown' : 'ambiguous', candidates: matches };
}

const candidates = (found: Found[]) => found.map((f) => ({ id: f.id, displayNumber: f.displayNumber, name: f.name, currentLocationCode: f.currentLocationCode }));
const scanned = (o: Found) => ({ id: o.id, displayNumber: o.displayNumber, name: o.name, evacuationPriority: o.evacuationPriority });

/** Records an object the catalogue did not know, found on the way, under the number scanned. */
function recordNewObject(ctx: CallContext, number: string, name: string): Found {
  const id = ctx.mint.id();
  insertObjects(ctx, [{ id, number, tempNumber: null, columns: { name } }]);
  return objectById(ctx, id);
}

interface BoxRow {
  id: string;
  code: string;
  number: number;
}

function requireBox(ctx: Pick<ReadContext, 'db'>, e: EvacuationRow, id: string): BoxRow {
  const box = ctx.db
    .prepare('SELECT b.location_id AS id, l.code, b.number FROM evacuation_boxes b JOIN locations l ON l.id = b.location_id WHERE b.location_id = ? AND b.evacuation_id = ? AND l.removed = 0')
    .get(id, e.id) as BoxRow | undefined;
  if (!box) throw AppError.of('NOT_FOUND', 'evacuation.boxNotFound', { id }, { id });
  return box;
}

function boxByCode(ctx: Pick<ReadContext, 'db'>, e: EvacuationRow, code: string): BoxRow | undefined {
  return ctx.db
    .prepare('SELECT b.location_id AS id, l.code, b.number FROM evacuation_boxes b JOIN locations l ON l.id = b.location_id WHERE l.code = ? COLLATE NOCASE AND b.evacuation_id = ? AND l.removed = 0')
    .get(code, e.id) as BoxRow | undefined;
}

/** The evacuation's box that holds a location (itself, or one above it). */
function boxHolding(ctx: Pick<ReadContext, 'db'>, e: EvacuationRow, locationId: string | null): BoxRow | null {
  if (!locationId) return null;
  return (
    (ctx.db
      .prepare(
        `WITH RECURSIVE up (id, parent_id, depth) AS (
           SELECT id, parent_id, 0 FROM locations WHERE id = ? UNION ALL SELECT p.id, p.parent_id, up.depth + 1 FROM locations p JOIN up ON p.id = up.parent_id)
         SELECT b.location_id AS id, l.code, b.number FROM up JOIN evacuation_boxes b ON b.location_id = up.id AND b.evacuation_id = ? JOIN locations l ON l.id = b.location_id
         ORDER BY up.depth LIMIT 1`,
      )
      .get(locationId, e.id) as BoxRow | undefined) ?? null
  );
}

/** Objects in a box and below it, now. */
const boxContents = (ctx: Pick<ReadContext, 'db'>, boxId: string): number =>
  ctx.db
    .prepare(
      `WITH RECURSIVE inside (id) AS (SELECT ? UNION ALL SELECT l.id FROM locations l JOIN inside ON l.parent_id = inside.id)
       SELECT count(*) FROM objects WHERE location_id IN (SELECT id FROM inside) AND removed = 0`,
    )
    .pluck()
    .get(boxId) as number;

const codeOf = (ctx: Pick<ReadContext, 'db'>, id: string | null): string => (id ? ((ctx.db.prepare('SELECT code FROM locations WHERE id = ?').pluck().get(id) as string | undefined) ?? '—') : '—');

/** The batch a scan joins: the one its session started, when it is an evacuation's with the same transport; or a new one. */
function batchFor(ctx: CallContext, reference: string | undefined, options: Omit<BatchOptions, 'reason'>): string {
  if (reference) {
    const batch = batchOf(ctx, reference);
    if (batch.reason === 'evacuation' && batch.method === (options.method ?? '') && batch.contact === (options.contact ?? '')) return batch.reference;
  }
  return startBatch(ctx, { reason: 'evacuation', ...options });
}

/** Puts an object scanned on the way on the list, if it was not on it: found, with a warning. On the way back it joins the return. */
function listScanned(ctx: CallContext, e: Active, o: Found): Translatable | null {
  const listed = ctx.db.prepare('SELECT removed, in_return FROM evacuation_items WHERE evacuation_id = ? AND object_id = ?').get(e.id, o.id) as
    | { removed: number; in_return: number }
    | undefined;
  const onList = listed !== undefined && listed.removed === 0;
  if (!onList) listObjects(ctx, e, [o.id], { found: true, inReturn: e.leg === 'back' });
  else if (e.leg === 'back' && listed.in_return === 0) listObjects(ctx, e, [o.id], { inReturn: true });
  return onList ? null : keyedMessage('evacuation.foundNotListed', { number: o.displayNumber });
}

function sighting(ctx: CallContext, objectId: string, locationId: string | null): void {
  ctx.db.prepare('INSERT INTO sightings (id, object_id, location_id, at, person_id) VALUES (?, ?, ?, ?, ?)').run(ctx.mint.id(), objectId, locationId, ctx.now, ctx.personId);
  ctx.touch('moves', objectId);
}

/** One object's place in the chain now. */
const custodyOf = (ctx: CallContext, e: EvacuationRow, objectId: string): ItemState | undefined => evacuationState(ctx, e, { objectId }).items[0];

export function createBoxes(ctx: CallContext, input: ParsedInput<'evacuations.createBoxes'>): Output<'evacuations.createBoxes'> {
  const e = requireActive(ctx, input.evacuationId);
  const kind = input.kind ?? 'box';
  // Boxes for the way out are made in the packing area; for the way back, at the destination.
  const parent = e.leg === 'out' ? e.packing_location_id : e.destination_location_id;
  const first = (ctx.db.prepare('SELECT coalesce(max(number), 0) + 1 FROM evacuation_boxes WHERE evacuation_id = ?').pluck().get(e.id) as number);
  const made: string[] = [];
  const insert = ctx.db.prepare('INSERT INTO evacuation_boxes (location_id, evacuation_id, number, kind, created_at, person_id) VALUES (?, ?, ?, ?, ?, ?)');
  for (let number = first; number < first + input.count; number++) {
    const code = `${e.code}-${kind === 'crate' ? 'C' : 'B'}${String(number).padStart(2, '0')}`;
    const name = (input.name ?? (kind === 'crate' ? 'Crate {n}' : 'Box {n}')).replaceAll('{n}', String(number));
    const id = makeLocation(ctx, { parentId: parent, code, name, type: kind, role: 'permanent' });
    insert.run(id, e.id, number, kind, ctx.now, ctx.personId);
    made.push(id);
  }
  ctx.touch('evacuations', e.id);
  const boxes = boxesOutput(ctx, evacuationState(ctx, requireEvacuation(ctx, e.id)));
  return { boxes: boxes.filter((b) => made.includes(b.id)) };
}

export function pack(ctx: CallContext, input: ParsedInput<'evacuations.pack'>): Output<'evacuations.pack'> {
  const e = requireActive(ctx, input.evacuationId);
  const box = requireBox(ctx, e, input.boxId);
  if (isWithin(ctx, box.id, e.transit)) throw AppError.of('CONFLICT', 'evacuation.boxOnTheWay', { box: box.code }, { boxId: box.id });
  const resolved = resolve(ctx, input);
  let warning: Translatable | null = null;
  let object: Found;
  if ('status' in resolved) {
    if (resolved.status === 'ambiguous' || !input.newObjectName) {
      return { status: resolved.status, reference: input.reference ?? null, object: null, fromLocationCode: null, found: false, warning: null, candidates: candidates(resolved.candidates), boxCount: boxContents(ctx, box.id) };
    }
    object = recordNewObject(ctx, input.number!, input.newObjectName);
    warning = keyedMessage('evacuation.foundNew', { number: object.displayNumber });
  } else object = resolved.object;

  const inBox = boxHolding(ctx, e, object.locationId);
  if (inBox?.id === box.id) {
    return { status: 'already_in_box', reference: input.reference ?? null, object: scanned(object), fromLocationCode: object.currentLocationCode, found: false, warning: null, candidates: [], boxCount: boxContents(ctx, box.id) };
  }
  if (inBox && !input.move) {
    throw AppError.of('CONFLICT', 'evacuation.inOtherBox', { number: object.displayNumber, box: inBox.code, target: box.code }, { objectId: object.id, boxId: inBox.id, boxCode: inBox.code });
  }
  const notListed = listScanned(ctx, e, object);
  warning ??= notListed;
  const reference = batchFor(ctx, input.reference, {});
  recordMovement(ctx, reference, { objectId: object.id, from: object.locationId, to: box.id, reason: 'evacuation', note: '' });
  ctx.touch('locations', box.id);
  ctx.touch('evacuations', e.id);
  return {
    status: 'packed',
    reference,
    object: scanned(object),
    fromLocationCode: object.currentLocationCode,
    found: warning !== null,
    warning,
    candidates: [],
    boxCount: boxContents(ctx, box.id),
  };
}

export function load(ctx: CallContext, input: ParsedInput<'evacuations.load'>): Output<'evacuations.load'> {
  const e = requireActive(ctx, input.evacuationId);
  const options = { method: input.transport, contact: input.contact ?? '' };
  const box = boxByCode(ctx, e, input.code);
  if (box) {
    if (isWithin(ctx, box.id, e.transit)) return { status: 'already_loaded', kind: 'box', code: box.code, objects: boxContents(ctx, box.id), reference: input.reference ?? null, warning: null };
    const objects = boxContents(ctx, box.id);
    if (objects === 0) throw AppError.of('CONFLICT', 'evacuation.boxEmpty', { box: box.code }, { boxId: box.id });
    const reference = batchFor(ctx, input.reference, options);
    const moved = moveContainer(ctx, reference, box.id, e.transit, 'evacuation', '');
    ctx.touch('locations', e.transit);
    ctx.touch('evacuations', e.id);
    return { status: 'loaded', kind: 'box', code: box.code, objects: moved.length, reference, warning: null };
  }
  // An object carried as it is, too large for a box.
  const matches = objectsNumbered(ctx, input.code);
  if (matches.length === 0) throw AppError.of('NOT_FOUND', 'evacuation.unknownCode', { code: input.code }, { code: input.code });
  if (matches.length > 1) throw AppError.of('CONFLICT', 'evacuation.ambiguousNumber', { number: input.code, objects: matches.length }, { objectIds: matches.map((m) => m.id) });
  const object = matches[0]!;
  const inBox = boxHolding(ctx, e, object.locationId);
  if (inBox) throw AppError.of('CONFLICT', 'evacuation.inBoxScanBox', { number: object.displayNumber, box: inBox.code }, { objectId: object.id, boxId: inBox.id });
  if (isWithin(ctx, object.locationId, e.transit)) return { status: 'already_loaded', kind: 'object', code: object.displayNumber, objects: 1, reference: input.reference ?? null, warning: null };
  const warning = listScanned(ctx, e, object);
  const reference = batchFor(ctx, input.reference, options);
  recordMovement(ctx, reference, { objectId: object.id, from: object.locationId, to: e.transit, reason: 'evacuation', note: '' });
  ctx.touch('locations', e.transit);
  ctx.touch('evacuations', e.id);
  return { status: 'loaded', kind: 'object', code: object.displayNumber, objects: 1, reference, warning };
}

/** A box's counts for the leg: what was packed in it, and what of that was found at the destination. */
function boxCounts(ctx: CallContext, e: EvacuationRow, box: BoxRow) {
  const counted = boxesOutput(ctx, evacuationState(ctx, e)).find((b) => b.id === box.id);
  return { id: box.id, code: box.code, number: box.number, expected: counted?.expected ?? 0, confirmed: counted?.confirmed ?? 0 };
}

export function receive(ctx: CallContext, input: ParsedInput<'evacuations.receive'>): Output<'evacuations.receive'> {
  const e = requireActive(ctx, input.evacuationId);
  const box = input.code ? boxByCode(ctx, e, input.code) : undefined;
  if (box) {
    if (isWithin(ctx, box.id, e.target)) {
      return { kind: 'box', status: 'already_arrived', reference: input.reference ?? null, box: boxCounts(ctx, e, box), object: null, found: false, warning: null, candidates: [] };
    }
    const everPacked =
      boxContents(ctx, box.id) > 0 ||
      ctx.db
        .prepare(
          `WITH RECURSIVE inside (id) AS (SELECT ? UNION ALL SELECT l.id FROM locations l JOIN inside ON l.parent_id = inside.id)
           SELECT 1 FROM movements WHERE to_location_id IN (SELECT id FROM inside) LIMIT 1`,
        )
        .get(box.id) !== undefined;
    if (!everPacked) throw AppError.of('CONFLICT', 'evacuation.boxNeverPacked', { box: box.code }, { boxId: box.id });
    const reference = batchFor(ctx, input.reference, {});
    moveContainer(ctx, reference, box.id, e.target, 'evacuation', '');
    ctx.touch('locations', e.target);
    ctx.touch('evacuations', e.id);
    return { kind: 'box', status: 'arrived', reference, box: boxCounts(ctx, e, box), object: null, found: false, warning: null, candidates: [] };
  }

  const resolved = resolve(ctx, { number: input.code, objectId: input.objectId });
  let warning: Translatable | null = null;
  let object: Found;
  if ('status' in resolved) {
    if (resolved.status === 'ambiguous' || !input.newObjectName) {
      return { kind: 'object', status: resolved.status, reference: input.reference ?? null, box: null, object: null, found: false, warning: null, candidates: candidates(resolved.candidates) };
    }
    object = recordNewObject(ctx, input.code!, input.newObjectName);
    warning = keyedMessage('evacuation.foundNew', { number: object.displayNumber });
  } else object = resolved.object;

  const into = input.boxId ? requireBox(ctx, e, input.boxId) : null;
  if (into && !isWithin(ctx, into.id, e.target)) throw AppError.of('CONFLICT', 'evacuation.boxNotArrived', { box: into.code }, { boxId: into.id });
  warning ??= listScanned(ctx, e, object);
  const inBox = boxHolding(ctx, e, object.locationId);
  const before = custodyOf(ctx, e, object.id);
  const done = before?.status === 'received' || before?.status === 'placed';
  const result = (status: 'received' | 'already_received', reference: string | null, countsFor: BoxRow | null) => ({
    kind: 'object' as const,
    status,
    reference,
    box: countsFor ? boxCounts(ctx, e, countsFor) : null,
    object: scanned(object),
    found: warning !== null,
    warning,
    candidates: [],
  });

  if (into ? inBox?.id === into.id : inBox !== null && isWithin(ctx, inBox.id, e.target)) {
    // Found in its box, as packed.
    if (done) return result('already_received', input.reference ?? null, inBox);
    sighting(ctx, object.id, object.locationId);
    ctx.touch('evacuations', e.id);
    return result('received', input.reference ?? null, inBox);
  }
  if (!into && isWithin(ctx, object.locationId, e.target)) {
    // Already at the destination, out of any box: received before, or placed.
    if (done) return result('already_received', input.reference ?? null, null);
    sighting(ctx, object.id, object.locationId);
    ctx.touch('evacuations', e.id);
    return result('received', input.reference ?? null, null);
  }
  // Found here although the records put it elsewhere (another box, a box still on its way, the storeroom): it is
  // recorded where it is, and the warning says where it had been recorded. One carried loose arrives with no warning.
  const loose = !into && inBox === null && isWithin(ctx, object.locationId, e.transit);
  if (!loose) warning ??= keyedMessage('evacuation.foundElsewhere', { number: object.displayNumber, recorded: inBox?.code ?? codeOf(ctx, object.locationId), box: into?.code ?? codeOf(ctx, e.target) });
  const reference = batchFor(ctx, input.reference, {});
  recordMovement(ctx, reference, { objectId: object.id, from: object.locationId, to: into?.id ?? e.target, reason: 'evacuation', note: '' });
  ctx.touch('locations', into?.id ?? e.target);
  ctx.touch('evacuations', e.id);
  return result('received', reference, into);
}

export function placeObject(ctx: CallContext, input: ParsedInput<'evacuations.place'>): Output<'evacuations.place'> {
  const e = requireActive(ctx, input.evacuationId);
  const to = requireOpenLocation(ctx, input.toLocationId);
  if (!isWithin(ctx, to.id, e.target)) throw AppError.of('CONFLICT', 'evacuation.notAtDestination', { code: to.code, destination: codeOf(ctx, e.target) }, { locationId: to.id });
  if (boxHolding(ctx, e, to.id)) throw AppError.of('VALIDATION', 'evacuation.notABoxPlace', { code: to.code }, { locationId: to.id });
  const resolved = resolve(ctx, input);
  if ('status' in resolved) return { status: resolved.status, reference: input.reference ?? null, object: null, fromLocationCode: null, warning: null, candidates: candidates(resolved.candidates) };
  const object = resolved.object;
  if (object.locationId === to.id) return { status: 'already_there', reference: input.reference ?? null, object: scanned(object), fromLocationCode: object.currentLocationCode, warning: null, candidates: [] };
  let warning = listScanned(ctx, e, object);
  const inBox = boxHolding(ctx, e, object.locationId);
  const arrived = isWithin(ctx, object.locationId, e.target) || isWithin(ctx, object.locationId, e.transit);
  if (!arrived) warning ??= keyedMessage('evacuation.foundElsewhere', { number: object.displayNumber, recorded: inBox?.code ?? codeOf(ctx, object.locationId), box: to.code });
  const reference = batchFor(ctx, input.reference, {});
  recordMovement(ctx, reference, { objectId: object.id, from: object.locationId, to: to.id, reason: 'evacuation', note: '' });
  ctx.touch('locations', to.id);
  ctx.touch('evacuations', e.id);
  return { status: 'placed', reference, object: scanned(object), fromLocationCode: object.currentLocationCode, warning, candidates: [] };
}

export function putBack(ctx: CallContext, input: ParsedInput<'evacuations.putBack'>): Output<'evacuations.putBack'> {
  const e = requireActive(ctx, input.evacuationId);
  if (e.leg !== 'back') throw AppError.of('CONFLICT', 'evacuation.notReturning', { name: e.name }, { status: e.status });
  const state = evacuationState(ctx, e);
  const wanted = input.objectIds ? new Set(input.objectIds) : null;
  const chosen = state.items.filter((i) => i.inLeg && (wanted ? wanted.has(i.objectId) : i.status === 'received' || i.status === 'placed'));
  const skipped: Output<'evacuations.putBack'>['skipped'] = [];
  const moves: { item: ItemState; to: string }[] = [];
  const open = (id: string) => ctx.db.prepare('SELECT 1 FROM locations WHERE id = ? AND removed = 0 AND archived = 0').get(id) !== undefined;
  for (const item of chosen) {
    const to = item.originalLocationId;
    const ready = item.status === 'received' || item.status === 'placed';
    if (!ready || !to || to === item.currentLocationId || !open(to) || !state.places.within(to, e.target) || state.boxes.has(to)) skipped.push({ objectId: item.objectId, displayNumber: item.displayNumber });
    else moves.push({ item, to });
  }
  if (moves.length === 0) return { reference: null, moved: 0, skipped };
  const reference = startBatch(ctx, { reason: 'evacuation' });
  for (const { item, to } of moves) recordMovement(ctx, reference, { objectId: item.objectId, from: item.currentLocationId, to, reason: 'evacuation', note: '' });
  ctx.touch('evacuations', e.id);
  return { reference, moved: moves.length, skipped };
}
