import { AppError, type Movement, type Output, type ParsedInput } from '../../contract';
import type { CallContext } from '../context';
import { newId } from '../ids';
import { requireLocation } from '../locations/locations';
import { getObject } from '../objects/objects';

/** The next movement reference, shared by every movement in one batch: M-000001, ... */
function nextReference(ctx: CallContext): string {
  const { value } = ctx.db
    .prepare(
      `INSERT INTO counters (name, value) VALUES ('movement_reference', 1)
       ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    )
    .get() as { value: number };
  return `M-${String(value).padStart(6, '0')}`;
}

export function createMoves(ctx: CallContext, input: ParsedInput<'moves.create'>): Output<'moves.create'> {
  const destination = requireLocation(ctx, input.toLocationId);
  const objectIds = [...new Set(input.objectIds)];
  const found = ctx.db
    .prepare('SELECT id, location_id FROM objects WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(objectIds)) as { id: string; location_id: string | null }[];
  const from = new Map(found.map((row) => [row.id, row.location_id]));

  const missing = objectIds.filter((id) => !from.has(id));
  if (missing.length > 0) {
    throw new AppError('NOT_FOUND', `${missing.length} of the objects to move do not exist.`, { objectIds: missing });
  }
  const alreadyThere = objectIds.filter((id) => from.get(id) === destination.id);
  if (alreadyThere.length > 0) {
    const what = alreadyThere.length === 1 ? `"${getObject(ctx, alreadyThere[0]!).displayNumber}" is` : `${alreadyThere.length} objects are`;
    throw new AppError('CONFLICT', `${what} already in ${destination.code}.`, { objectIds: alreadyThere, locationId: destination.id });
  }

  const reference = nextReference(ctx);
  const insert = ctx.db.prepare(
    `INSERT INTO movements (id, object_id, from_location_id, to_location_id, at, person_id, reason, reference, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const movementIds = objectIds.map((objectId) => {
    const id = newId();
    insert.run(id, objectId, from.get(objectId) ?? null, destination.id, ctx.now, ctx.personId, input.reason ?? 'reorganization', reference, input.note ?? '');
    return id;
  });
  ctx.touch(...objectIds, destination.id);
  return { reference, movementIds };
}

interface MovementRow {
  id: string;
  object_id: string;
  from_location_id: string | null;
  from_code: string | null;
  to_location_id: string;
  to_code: string;
  at: string;
  person_id: string | null;
  person_name: string | null;
  reason: Movement['reason'];
  reference: string;
  note: string;
}

export function moveHistory(ctx: CallContext, input: ParsedInput<'moves.history'>): Output<'moves.history'> {
  getObject(ctx, input.objectId);
  const rows = ctx.db
    .prepare(
      `SELECT m.id, m.object_id, m.from_location_id, f.code AS from_code, m.to_location_id, t.code AS to_code,
              m.at, m.person_id, p.name AS person_name, m.reason, m.reference, m.note
       FROM movements m
       JOIN locations t ON t.id = m.to_location_id
       LEFT JOIN locations f ON f.id = m.from_location_id
       LEFT JOIN people p ON p.id = m.person_id
       WHERE m.object_id = ? ORDER BY m.at DESC, m.id DESC`,
    )
    .all(input.objectId) as MovementRow[];
  return {
    movements: rows.map((r) => ({
      id: r.id,
      objectId: r.object_id,
      fromLocationId: r.from_location_id,
      fromLocationCode: r.from_code,
      toLocationId: r.to_location_id,
      toLocationCode: r.to_code,
      at: r.at,
      personId: r.person_id,
      personName: r.person_name,
      reason: r.reason,
      reference: r.reference,
      note: r.note,
    })),
  };
}
