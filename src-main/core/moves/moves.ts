import { AppError, undoNote, type Movement, type MoveReason, type Output, type ParsedInput } from '../../contract';
import type { CallContext } from '../context';
import { insertRows } from '../db/insert-rows';
import { assertCanHold, requireLocation, requireOpenLocation, SUBTREE } from '../locations/locations';
import { getObject, requireObjects } from '../objects/objects';

export interface BatchOptions {
  reason: MoveReason;
  note?: string | undefined;
  undoes?: string | undefined;
  /** Spectrum's movement method (the transport) and movement contact (who takes charge on the way). */
  method?: string | undefined;
  contact?: string | undefined;
}

/** Starts a batch: one movement reference (M-K7Q-000001, ...) shared by every movement in it. */
export function startBatch(ctx: CallContext, options: BatchOptions): string {
  const reference = ctx.mint.reference();
  ctx.db
    .prepare('INSERT INTO batches (reference, at, person_id, reason, note, undoes, method, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(reference, ctx.now, ctx.personId, options.reason, options.note ?? '', options.undoes ?? null, options.method ?? '', options.contact ?? '');
  return reference;
}

export function batchOf(ctx: Pick<CallContext, 'db'>, reference: string): { reference: string; reason: MoveReason; note: string; method: string; contact: string } {
  const batch = ctx.db.prepare('SELECT reference, reason, note, method, contact FROM batches WHERE reference = ?').get(reference) as
    | { reference: string; reason: MoveReason; note: string; method: string; contact: string }
    | undefined;
  if (!batch) throw AppError.of('NOT_FOUND', 'moves.batchNotFound', { reference }, { reference });
  return batch;
}

/** A workshop member undoes only the batches its own person made (the coordinator undoes any). */
export function assertOwnBatch(ctx: Pick<CallContext, 'db'>, reference: string, personId: string | null): void {
  const batch = ctx.db.prepare('SELECT person_id FROM batches WHERE reference = ?').get(reference) as { person_id: string | null } | undefined;
  if (!batch) throw AppError.of('NOT_FOUND', 'moves.batchNotFound', { reference }, { reference });
  if (personId === null || batch.person_id !== personId) throw AppError.of('FORBIDDEN', 'workshop.notOwnBatch', { reference }, { reference });
}

export type NewMovement = { objectId: string; from: string | null; to: string | null; containerId?: string | null; reason: MoveReason; note: string };

const MOVEMENT_COLUMNS = ['id', 'object_id', 'from_location_id', 'to_location_id', 'container_id', 'at', 'person_id', 'reason', 'reference', 'note'];

/** Records movements in a batch, in order; returns their ids. */
export function recordMovements(ctx: CallContext, reference: string, movements: readonly NewMovement[]): string[] {
  const ids = movements.map(() => ctx.mint.id());
  insertRows(ctx.db, 'movements', MOVEMENT_COLUMNS, movements.map((m, i) => [ids[i], m.objectId, m.from, m.to, m.containerId ?? null, ctx.now, ctx.personId, m.reason, reference, m.note]));
  for (const m of movements) ctx.touch('moves', m.objectId);
  return ids;
}

export function recordMovement(ctx: CallContext, reference: string, m: NewMovement): string {
  return recordMovements(ctx, reference, [m])[0]!;
}

/**
 * Moves a container (or any location) under a new parent. Its contents go with it: every object in it,
 * at any depth, gets a movement with the batch's reference, from and to its own place in the container.
 */
export function moveContainer(ctx: CallContext, reference: string, containerId: string, toParentId: string | null, reason: MoveReason, note: string): string[] {
  const container = requireLocation(ctx, containerId);
  if (toParentId) assertCanHold(ctx, toParentId, containerId);
  if (container.parentId === toParentId) {
    throw AppError.of('CONFLICT', 'moves.containerAlreadyThere', { code: container.code }, { containerId });
  }
  ctx.db
    .prepare(
      `INSERT INTO location_moves (id, location_id, from_parent_id, to_parent_id, at, person_id, reason, reference, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(ctx.mint.id(), containerId, container.parentId, toParentId, ctx.now, ctx.personId, reason, reference, note);
  ctx.touch('locations', containerId);
  const contents = ctx.db
    .prepare(`WITH RECURSIVE ${SUBTREE} SELECT id, location_id FROM objects WHERE location_id IN (SELECT id FROM subtree) AND removed = 0`)
    .all({ root: containerId }) as { id: string; location_id: string }[];
  return contents.map((o) => recordMovement(ctx, reference, { objectId: o.id, from: o.location_id, to: o.location_id, containerId, reason, note }));
}

/** Moves one location under another (or to the top level), as its own batch: used when a location is re-parented. */
export function relocate(ctx: CallContext, locationId: string, toParentId: string | null): void {
  if (toParentId) requireOpenLocation(ctx, toParentId);
  if (requireLocation(ctx, locationId).parentId === toParentId) return;
  const reference = startBatch(ctx, { reason: 'reorganization' });
  moveContainer(ctx, reference, locationId, toParentId, 'reorganization', '');
}

export function createMoves(ctx: CallContext, input: ParsedInput<'moves.create'>): Output<'moves.create'> {
  const destination = requireOpenLocation(ctx, input.toLocationId);
  const objectIds = [...new Set(input.objectIds)];
  const objects = requireObjects(ctx, objectIds);
  const alreadyThere = objectIds.filter((id) => objects.get(id)!.location_id === destination.id);
  if (alreadyThere.length > 0) {
    const details = { objectIds: alreadyThere, locationId: destination.id };
    throw alreadyThere.length === 1
      ? AppError.of('CONFLICT', 'moves.objectAlreadyThere', { number: getObject(ctx, alreadyThere[0]!).displayNumber, location: destination.code }, details)
      : AppError.of('CONFLICT', 'moves.objectsAlreadyThere', { objects: alreadyThere.length, location: destination.code }, details);
  }
  const reason = input.reason ?? 'reorganization';
  const note = input.note ?? '';
  const reference = startBatch(ctx, { reason, note, method: input.method, contact: input.contact });
  const movementIds = recordMovements(
    ctx,
    reference,
    objectIds.map((objectId) => ({ objectId, from: objects.get(objectId)!.location_id, to: destination.id, reason, note })),
  );
  for (const containerId of new Set(input.containerIds ?? [])) {
    movementIds.push(...moveContainer(ctx, reference, containerId, destination.id, reason, note));
  }
  ctx.touch('locations', destination.id);
  return { reference, movementIds, objectsMoved: movementIds.length };
}

export function scanMove(ctx: CallContext, input: ParsedInput<'moves.scan'>): Output<'moves.scan'> {
  const destination = requireOpenLocation(ctx, input.toLocationId);
  const batch = input.reference ? batchOf(ctx, input.reference) : null;
  const matches = ctx.db
    .prepare(
      `SELECT o.id, coalesce(o.number, o.temp_number) AS displayNumber, o.name, o.location_id, l.code AS currentLocationCode
       FROM objects o LEFT JOIN locations l ON l.id = o.location_id
       WHERE (o.number = @n COLLATE NOCASE OR o.temp_number = @n COLLATE NOCASE) AND o.removed = 0 ORDER BY o.sort_key LIMIT 20`,
    )
    .all({ n: input.number }) as { id: string; displayNumber: string; name: string; location_id: string | null; currentLocationCode: string | null }[];
  const candidates = matches.map(({ id, displayNumber, name, currentLocationCode }) => ({ id, displayNumber, name, currentLocationCode }));
  const reference = batch?.reference ?? null;
  if (matches.length === 0) return { status: 'unknown', reference, object: null, candidates };
  if (matches.length > 1) return { status: 'ambiguous', reference, object: null, candidates };
  const found = matches[0]!;
  const object = { id: found.id, displayNumber: found.displayNumber, name: found.name, fromLocationCode: found.currentLocationCode };
  if (found.location_id === destination.id) {
    // Found where it should be: that counts as seen.
    ctx.db
      .prepare('INSERT INTO sightings (id, object_id, location_id, at, person_id) VALUES (?, ?, ?, ?, ?)')
      .run(ctx.mint.id(), found.id, destination.id, ctx.now, ctx.personId);
    ctx.touch('moves', found.id);
    return { status: 'already_here', reference, object, candidates };
  }
  const ref = batch?.reference ?? startBatch(ctx, { reason: 'reorganization' });
  recordMovement(ctx, ref, { objectId: found.id, from: found.location_id, to: destination.id, reason: batch?.reason ?? 'reorganization', note: batch?.note ?? '' });
  ctx.touch('locations', destination.id);
  return { status: 'moved', reference: ref, object, candidates };
}

export function undoBatch(ctx: CallContext, input: ParsedInput<'moves.undo'>): Output<'moves.undo'> {
  const batch = batchOf(ctx, input.reference);
  const undone = ctx.db.prepare('SELECT reference FROM batches WHERE undoes = ?').get(batch.reference) as { reference: string } | undefined;
  if (undone) throw AppError.of('CONFLICT', 'moves.alreadyUndone', { reference: batch.reference, undoneBy: undone.reference }, { undoneBy: undone.reference });

  const containerMoves = ctx.db
    .prepare('SELECT location_id, from_parent_id, to_parent_id FROM location_moves WHERE reference = ?')
    .all(batch.reference) as { location_id: string; from_parent_id: string | null; to_parent_id: string | null }[];
  const direct = ctx.db
    .prepare(
      `SELECT m.object_id, m.from_location_id, m.to_location_id, o.location_id AS now_at, coalesce(o.number, o.temp_number) AS display
       FROM movements m JOIN objects o ON o.id = m.object_id WHERE m.reference = ? AND m.container_id IS NULL AND o.removed = 0`,
    )
    .all(batch.reference) as { object_id: string; from_location_id: string | null; to_location_id: string | null; now_at: string | null; display: string }[];

  // Only what is still where the batch put it goes back; anything moved since stays, and is listed.
  const skipped = direct.filter((m) => m.now_at !== m.to_location_id).map((m) => ({ objectId: m.object_id, displayNumber: m.display }));
  const objects = direct.filter((m) => m.now_at === m.to_location_id);
  const containers = containerMoves.filter((c) => requireLocation(ctx, c.location_id).parentId === c.to_parent_id);
  if (objects.length === 0 && containers.length === 0) {
    throw AppError.of('CONFLICT', 'moves.nothingToUndo', { reference: batch.reference }, { skipped });
  }
  const note = undoNote(batch.reference);
  const reference = startBatch(ctx, { reason: batch.reason, note, undoes: batch.reference, method: batch.method, contact: batch.contact });
  let restored = recordMovements(
    ctx,
    reference,
    objects.map((m) => ({ objectId: m.object_id, from: m.to_location_id, to: m.from_location_id, reason: batch.reason, note })),
  ).length;
  for (const c of containers) restored += moveContainer(ctx, reference, c.location_id, c.from_parent_id, batch.reason, note).length;
  return { reference, restored, skipped };
}

export function returnToNormal(ctx: CallContext, input: ParsedInput<'moves.returnToNormal'>): Output<'moves.returnToNormal'> {
  const ids = [...new Set(input.objectIds)];
  const objects = requireObjects(ctx, ids);
  const skipped: Output<'moves.returnToNormal'>['skipped'] = [];
  const toMove = ids.filter((id) => {
    const o = objects.get(id)!;
    if (!o.normal_location_id) skipped.push({ objectId: id, why: 'no_normal_location' });
    else if (o.location_id === o.normal_location_id) skipped.push({ objectId: id, why: 'already_there' });
    else return true;
    return false;
  });
  if (toMove.length === 0) return { reference: null, moved: 0, skipped };
  const reference = startBatch(ctx, { reason: 'return_to_normal_location', note: input.note });
  for (const id of toMove) {
    const o = objects.get(id)!;
    recordMovement(ctx, reference, { objectId: id, from: o.location_id, to: o.normal_location_id, reason: 'return_to_normal_location', note: input.note ?? '' });
  }
  return { reference, moved: toMove.length, skipped };
}

export function listBatches(ctx: CallContext, input: ParsedInput<'moves.batches'>): Output<'moves.batches'> {
  const rows = ctx.db
    .prepare(
      `SELECT b.reference, b.at, p.name AS personName, b.reason, b.method, b.contact, b.undoes,
         (SELECT count(*) FROM movements m WHERE m.reference = b.reference) AS objectCount,
         (SELECT count(*) FROM location_moves lm WHERE lm.reference = b.reference) AS containerCount,
         (SELECT l.code FROM movements m JOIN locations l ON l.id = coalesce(m.to_location_id, '') WHERE m.reference = b.reference AND m.container_id IS NULL LIMIT 1) AS directTo,
         (SELECT l.code FROM location_moves lm JOIN locations l ON l.id = lm.to_parent_id WHERE lm.reference = b.reference LIMIT 1) AS containerTo,
         (SELECT u.reference FROM batches u WHERE u.undoes = b.reference) AS undoneBy
       FROM batches b LEFT JOIN people p ON p.id = b.person_id
       WHERE (@person IS NULL OR b.person_id = @person)
       ORDER BY b.at DESC, b.reference DESC LIMIT @limit`,
    )
    .all({ person: input.personId ?? null, limit: input.limit ?? 20 }) as {
    reference: string;
    at: string;
    personName: string | null;
    reason: MoveReason;
    method: string;
    contact: string;
    undoes: string | null;
    objectCount: number;
    containerCount: number;
    directTo: string | null;
    containerTo: string | null;
    undoneBy: string | null;
  }[];
  return {
    batches: rows.map(({ directTo, containerTo, ...b }) => ({ ...b, toLocationCode: directTo ?? containerTo })),
  };
}

const SELECT_MOVEMENT = `SELECT m.id, m.object_id, m.from_location_id, f.code AS from_code, m.to_location_id, t.code AS to_code,
    m.container_id, c.code AS container_code, cf.code AS container_from_code, ct.code AS container_to_code,
    m.at, m.person_id, p.name AS person_name, m.reason, m.reference, m.note, b.method, b.contact
  FROM movements m
  JOIN batches b ON b.reference = m.reference
  LEFT JOIN locations t ON t.id = m.to_location_id
  LEFT JOIN locations f ON f.id = m.from_location_id
  LEFT JOIN locations c ON c.id = m.container_id
  LEFT JOIN location_moves lm ON lm.reference = m.reference AND lm.location_id = m.container_id
  LEFT JOIN locations cf ON cf.id = lm.from_parent_id
  LEFT JOIN locations ct ON ct.id = lm.to_parent_id
  LEFT JOIN people p ON p.id = m.person_id`;

interface MovementRow {
  id: string;
  object_id: string;
  from_location_id: string | null;
  from_code: string | null;
  to_location_id: string | null;
  to_code: string | null;
  container_id: string | null;
  container_code: string | null;
  container_from_code: string | null;
  container_to_code: string | null;
  at: string;
  person_id: string | null;
  person_name: string | null;
  reason: Movement['reason'];
  reference: string;
  note: string;
  method: string;
  contact: string;
}

export const OBJECT_MOVEMENTS_SQL = `${SELECT_MOVEMENT} WHERE m.object_id = ? ORDER BY m.at DESC, m.id DESC`;

export function objectMovements(ctx: Pick<CallContext, 'db'>, objectId: string): Movement[] {
  const rows = ctx.db.prepare(OBJECT_MOVEMENTS_SQL).all(objectId) as MovementRow[];
  return rows.map((r) => ({
    id: r.id,
    objectId: r.object_id,
    fromLocationId: r.from_location_id,
    fromLocationCode: r.from_code,
    toLocationId: r.to_location_id,
    toLocationCode: r.to_code,
    containerId: r.container_id,
    containerCode: r.container_code,
    containerFromCode: r.container_from_code,
    containerToCode: r.container_to_code,
    at: r.at,
    personId: r.person_id,
    personName: r.person_name,
    reason: r.reason,
    reference: r.reference,
    note: r.note,
    method: r.method,
    contact: r.contact,
  }));
}

export function moveHistory(ctx: CallContext, input: ParsedInput<'moves.history'>): Output<'moves.history'> {
  const movements = objectMovements(ctx, input.objectId);
  // No movements: a new object, or no object at all.
  if (movements.length === 0 && !ctx.db.prepare('SELECT 1 FROM objects WHERE id = ? AND removed = 0').get(input.objectId)) {
    throw AppError.of('NOT_FOUND', 'objects.notFound', { id: input.objectId }, { id: input.objectId });
  }
  return { movements };
}
