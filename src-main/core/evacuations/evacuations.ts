import { AppError, type Leg, type Output, type ParsedInput } from '../../contract';
import type { CallContext, ReadContext } from '../context';
import { insertRows } from '../db/insert-rows';
import { selectedObjectIds, type ObjectSelection } from '../objects/selection';
import { checkFields, fieldColumns, updateObjectColumns } from '../objects/write';
import { legOf, requireEvacuation, toEvacuation, type EvacuationRow } from './plans';
import { boxesOutput, byRoute, DONE_STATUSES, evacuationState, itemOutput, progressOutput, type EvacuationState } from './state';

/**
 * An evacuation's list, its queries and its closing. The state of its objects is computed from history (state.ts);
 * a query keeps it until the next change.
 */
export function stateOf(ctx: Pick<ReadContext, 'db' | 'catalogue'>, e: EvacuationRow, leg?: Leg | null): EvacuationState {
  const chosen = leg === undefined ? legOf(e) : leg;
  const key = `evacuation ${e.id} ${e.updated_at} ${String(chosen)}`;
  let state = ctx.catalogue.derived.get(key) as EvacuationState | undefined;
  if (!state) {
    state = evacuationState(ctx, e, { leg: chosen });
    ctx.catalogue.derived.set(key, state);
  }
  return state;
}

function progressOf(ctx: ReadContext, state: EvacuationState) {
  return progressOutput(state, boxesOutput(ctx, state));
}

export function listEvacuations(ctx: ReadContext): Output<'evacuations.list'> {
  const rows = ctx.db.prepare('SELECT * FROM evacuations ORDER BY created_at DESC, id DESC').all() as EvacuationRow[];
  return {
    evacuations: rows.map((row) => {
      const e = toEvacuation(ctx, row);
      return {
        id: e.id,
        code: e.code,
        name: e.name,
        reason: e.reason,
        status: e.status,
        createdAt: e.createdAt,
        startedAt: e.startedAt,
        completedAt: e.completedAt,
        returnedAt: e.returnedAt,
        progress: progressOf(ctx, stateOf(ctx, row)),
      };
    }),
  };
}

/** The place that holds every original location of the list's objects: where they would go back to. */
function commonPlace(state: EvacuationState): string | null {
  const { places, evacuation: e } = state;
  const chains = state.items.flatMap((i) => (i.originalLocationId && !i.found ? [places.chain(i.originalLocationId)] : []));
  if (chains.length === 0) return null;
  const own = new Set([e.packing_location_id, e.transit_location_id, e.destination_location_id, ...state.boxes.keys()]);
  const shared = chains.reduce((common, chain) => common.filter((id) => chain.includes(id)));
  return shared.find((id) => !own.has(id) && !places.within(id, e.destination_location_id)) ?? null;
}

export function getEvacuation(ctx: ReadContext, input: ParsedInput<'evacuations.get'>): Output<'evacuations.get'> {
  const row = requireEvacuation(ctx, input.id);
  const state = stateOf(ctx, row);
  const out = stateOf(ctx, row, legOf(row) === null ? null : 'out');
  return { ...toEvacuation(ctx, row), progress: progressOf(ctx, state), suggestedReturnLocationId: commonPlace(out) };
}

export function listItems(ctx: ReadContext, input: ParsedInput<'evacuations.items'>): Output<'evacuations.items'> {
  const row = requireEvacuation(ctx, input.evacuationId);
  const state = stateOf(ctx, row, input.leg);
  const words = (input.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = state.items
    .filter((i) => !input.status || input.status.includes(i.status))
    .filter((i) => input.found === undefined || i.found === input.found)
    .filter((i) => !input.boxId || i.boxId === input.boxId)
    .filter((i) => words.every((w) => i.displayNumber.toLowerCase().includes(w) || i.name.toLowerCase().includes(w)))
    .sort(byRoute(state));
  const offset = input.offset ?? 0;
  const page = matches.slice(offset, offset + (input.limit ?? 500));
  return { items: page.map((i) => itemOutput(state, i)), total: matches.length };
}

export function listBoxes(ctx: ReadContext, input: ParsedInput<'evacuations.boxes'>): Output<'evacuations.boxes'> {
  return { boxes: boxesOutput(ctx, stateOf(ctx, requireEvacuation(ctx, input.evacuationId))) };
}

export function reconcile(ctx: ReadContext, input: ParsedInput<'evacuations.reconcile'>): Output<'evacuations.reconcile'> {
  const row = requireEvacuation(ctx, input.evacuationId);
  const state = stateOf(ctx, row);
  const boxes = boxesOutput(ctx, state);
  const inLeg = state.items.filter((i) => i.inLeg).sort(byRoute(state));
  const shown = (items: typeof inLeg) => items.map((i) => itemOutput(state, i));
  return {
    leg: state.leg,
    progress: progressOutput(state, boxes),
    boxes,
    unaccounted: shown(inLeg.filter((i) => i.status === 'unconfirmed')),
    notPacked: state.leg ? shown(inLeg.filter((i) => i.status === 'listed')) : [],
    found: shown(inLeg.filter((i) => i.found)),
  };
}

/** Objects go on the list until the evacuation is completed. */
function requireOpenList(ctx: Pick<ReadContext, 'db'>, id: string): EvacuationRow {
  const e = requireEvacuation(ctx, id);
  if (e.status !== 'planned' && e.status !== 'under_way') throw AppError.of('CONFLICT', 'evacuation.listClosed', { name: e.name }, { status: e.status });
  return e;
}

/** Puts objects on the list (or back on it), as listed by this person now; returns those that were not on it. */
export function listObjects(ctx: CallContext, e: EvacuationRow, objectIds: string[], options: { found?: boolean; inReturn?: boolean } = {}): string[] {
  const existing = new Map(
    (
      ctx.db
        .prepare('SELECT object_id, removed, in_return FROM evacuation_items WHERE evacuation_id = ? AND object_id IN (SELECT value FROM json_each(?))')
        .all(e.id, JSON.stringify(objectIds)) as { object_id: string; removed: number; in_return: number }[]
    ).map((r) => [r.object_id, r]),
  );
  const fresh = objectIds.filter((id) => !existing.has(id));
  insertRows(
    ctx.db,
    'evacuation_items',
    ['evacuation_id', 'object_id', 'found', 'added_at', 'person_id', 'in_return'],
    fresh.map((id) => [e.id, id, options.found ? 1 : 0, ctx.now, ctx.personId, options.inReturn ? 1 : 0]),
  );
  const restored = objectIds.filter((id) => existing.get(id)?.removed === 1);
  const restore = ctx.db.prepare('UPDATE evacuation_items SET removed = 0, added_at = ?, person_id = ? WHERE evacuation_id = ? AND object_id = ?');
  for (const id of restored) restore.run(ctx.now, ctx.personId, e.id, id);
  if (options.inReturn) {
    const join = ctx.db.prepare('UPDATE evacuation_items SET in_return = 1 WHERE evacuation_id = ? AND object_id = ? AND in_return = 0');
    for (const id of objectIds) join.run(e.id, id);
  }
  const added = [...fresh, ...restored];
  if (added.length > 0 || options.inReturn) ctx.touch('evacuations', e.id);
  return added;
}

export function addObjects(ctx: CallContext, input: ParsedInput<'evacuations.addObjects'>): Output<'evacuations.addObjects'> {
  const e = requireOpenList(ctx, input.evacuationId);
  const ids = selectedObjectIds(ctx, input.source as ObjectSelection);
  let prioritized = 0;
  const set = Object.fromEntries(Object.entries(input.set ?? {}).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length > 0) {
    const columns = fieldColumns(checkFields(ctx, set));
    const current = ctx.db.prepare(`SELECT id, ${Object.keys(columns).join(', ')} FROM objects WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Record<string, unknown>[];
    for (const row of current) {
      // Only what changes is written.
      const changed = Object.fromEntries(Object.entries(columns).filter(([column, value]) => row[column] !== value));
      if (Object.keys(changed).length === 0) continue;
      updateObjectColumns(ctx, row.id as string, changed);
      prioritized++;
    }
  }
  const added = listObjects(ctx, e, ids);
  return { added: added.length, alreadyListed: ids.length - added.length, prioritized };
}

export function removeObjects(ctx: CallContext, input: ParsedInput<'evacuations.removeObjects'>): Output<'evacuations.removeObjects'> {
  const e = requireOpenList(ctx, input.evacuationId);
  const remove = ctx.db.prepare('UPDATE evacuation_items SET removed = 1 WHERE evacuation_id = ? AND object_id = ? AND removed = 0');
  const removed = [...new Set(input.objectIds)].filter((id) => remove.run(e.id, id).changes > 0).length;
  if (removed > 0) ctx.touch('evacuations', e.id);
  return { removed };
}

export function closeEvacuation(ctx: CallContext, input: ParsedInput<'evacuations.close'>): Output<'evacuations.close'> {
  const e = requireEvacuation(ctx, input.id);
  if (e.status === 'planned') throw AppError.of('CONFLICT', 'evacuation.notStarted', { name: e.name }, { status: e.status });
  if (e.status === 'completed') throw AppError.of('CONFLICT', 'evacuation.closed', { name: e.name }, { status: e.status });
  if (e.status === 'returned') throw AppError.of('CONFLICT', 'evacuation.over', { name: e.name }, { status: e.status });
  const outstanding = evacuationState(ctx, e).items.filter((i) => i.inLeg && !DONE_STATUSES.includes(i.status));
  const reason = input.reason?.trim() ?? '';
  if (outstanding.length > 0 && !reason) {
    throw AppError.of('VALIDATION', 'evacuation.closeNeedsReason', { objects: outstanding.length }, { objectIds: outstanding.slice(0, 100).map((i) => i.objectId) });
  }
  const columns = e.status === 'under_way' ? { status: 'completed', completed_at: ctx.now, closing_note: reason } : { status: 'returned', returned_at: ctx.now, return_closing_note: reason };
  ctx.db
    .prepare(`UPDATE evacuations SET ${Object.keys(columns).map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`)
    .run({ ...columns, now: ctx.now, id: e.id });
  ctx.touch('evacuations', e.id);
  return toEvacuation(ctx, requireEvacuation(ctx, e.id));
}
