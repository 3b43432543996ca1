import { AppError, type Milestone, type Output, type ParsedInput } from '../../contract';
import type { CallContext } from '../context';
import { newId } from '../ids';
import { measuresFor, objectsAt, placesAt, statesAt, type ObjectState, type Place } from './state';

export const BEFORE = 'Before';

export function listMilestones(ctx: Pick<CallContext, 'db'>): Milestone[] {
  return ctx.db.prepare('SELECT id, name, at, kind FROM milestones ORDER BY at, created_at').all() as Milestone[];
}

export function requireMilestone(ctx: Pick<CallContext, 'db'>, id: string): Milestone {
  const m = ctx.db.prepare('SELECT id, name, at, kind FROM milestones WHERE id = ?').get(id) as Milestone | undefined;
  if (!m) throw new AppError('NOT_FOUND', `No milestone with id ${id}.`, { id });
  return m;
}

/** The Before milestone's time: "since Before" counts from there. */
function beforeAt(ctx: Pick<CallContext, 'db'>): string {
  return (ctx.db.prepare(`SELECT at FROM milestones WHERE kind = 'before'`).get() as { at: string } | undefined)?.at ?? '';
}

/** A new catalogue starts with its Before milestone, at the moment it is created. */
export function createBeforeMilestone(ctx: Pick<CallContext, 'db'>, now: string): void {
  ctx.db.prepare(`INSERT INTO milestones (id, name, at, kind, created_at) VALUES (?, ?, ?, 'before', ?)`).run(newId(), BEFORE, now, now);
}

function assertNameFree(ctx: CallContext, name: string, exceptId?: string) {
  const clash = ctx.db.prepare('SELECT id FROM milestones WHERE name = ?').get(name) as { id: string } | undefined;
  if (clash && clash.id !== exceptId) throw new AppError('CONFLICT', `There is already a milestone called "${name}".`, { name });
}

export function createMilestone(ctx: CallContext, input: ParsedInput<'milestones.create'>): Output<'milestones.create'> {
  assertNameFree(ctx, input.name);
  const kind = input.kind ?? 'other';
  if (kind === 'after' && ctx.db.prepare(`SELECT 1 FROM milestones WHERE kind = 'after'`).get()) {
    throw new AppError('CONFLICT', 'This catalogue already has its After milestone; adjust its time instead.');
  }
  const at = input.at ? new Date(input.at).toISOString() : ctx.now;
  const m: Milestone = { id: newId(), name: input.name, at, kind };
  ctx.db.prepare('INSERT INTO milestones (id, name, at, kind, created_at) VALUES (?, ?, ?, ?, ?)').run(m.id, m.name, m.at, m.kind, ctx.now);
  ctx.touch(m.id);
  return m;
}

export function updateMilestone(ctx: CallContext, input: ParsedInput<'milestones.update'>): Output<'milestones.update'> {
  const current = requireMilestone(ctx, input.id);
  if (input.name !== undefined) assertNameFree(ctx, input.name, input.id);
  const next: Milestone = { ...current, name: input.name ?? current.name, at: input.at ? new Date(input.at).toISOString() : current.at };
  const timeChanged = next.at !== current.at;
  const all = listMilestones(ctx);
  const before = all.find((m) => m.kind === 'before');
  const after = all.find((m) => m.kind === 'after');
  if (timeChanged && current.kind === 'before' && after && next.at > after.at) throw new AppError('CONFLICT', `Before cannot come after ${after.name}.`);
  if (timeChanged && current.kind === 'after' && before && next.at < before.at) throw new AppError('CONFLICT', `After cannot come before ${before.name}.`);
  // The consequences of a new time: the measures then and now, so the user sees what moving it changes.
  const then = timeChanged ? stateMeasures(ctx, current.at).overall : null;
  const now = timeChanged ? stateMeasures(ctx, next.at, current.kind === 'before' ? next.at : undefined).overall : null;
  if (!input.preview) {
    ctx.db.prepare('UPDATE milestones SET name = ?, at = ? WHERE id = ?').run(next.name, next.at, next.id);
    ctx.touch(next.id);
  }
  return { milestone: input.preview ? current : next, before: then, after: now };
}

export function deleteMilestone(ctx: CallContext, input: ParsedInput<'milestones.delete'>): Output<'milestones.delete'> {
  const m = requireMilestone(ctx, input.id);
  if (m.kind === 'before') throw new AppError('CONFLICT', 'The Before milestone cannot be deleted; adjust its time instead.');
  ctx.db.prepare('UPDATE photo_links SET milestone_id = NULL WHERE milestone_id = ?').run(m.id);
  ctx.db.prepare('DELETE FROM milestones WHERE id = ?').run(m.id);
  ctx.touch(m.id);
  return { id: m.id };
}

function stateMeasures(ctx: Pick<CallContext, 'db'>, at: string, before = beforeAt(ctx)) {
  return measuresFor(objectsAt(ctx, at, before), placesAt(ctx, at));
}

function resolveTime(ctx: CallContext, input: { milestoneId?: string | undefined; at?: string | undefined }): string {
  if (input.milestoneId) return requireMilestone(ctx, input.milestoneId).at;
  return input.at ? new Date(input.at).toISOString() : ctx.now;
}

export function measuresAt(ctx: CallContext, input: ParsedInput<'measures.at'>): Output<'measures.at'> {
  const at = resolveTime(ctx, input);
  return { at, ...stateMeasures(ctx, at) };
}

export function compareMeasures(ctx: CallContext, input: ParsedInput<'measures.compare'>): Output<'measures.compare'> {
  const { from, to, states, places } = twoStates(ctx, requireMilestone(ctx, input.fromMilestoneId), requireMilestone(ctx, input.toMilestoneId));
  return { from: { at: from.at, ...measuresFor(states[0], places[0]) }, to: { at: to.at, ...measuresFor(states[1], places[1]) } };
}

/**
 * The catalogue at two milestones, computed in one pass over history. Kept until the next change, so that the
 * measures, the per-object comparison and the report of one comparison are computed once.
 */
function twoStates(ctx: Pick<CallContext, 'db' | 'catalogue'>, from: Milestone, to: Milestone) {
  const key = `twoStates ${from.at} ${to.at}`;
  const cached = ctx.catalogue.derived.get(key) as ReturnType<typeof computeTwoStates> | undefined;
  if (cached) return { ...cached, from, to };
  const computed = computeTwoStates(ctx, from.at, to.at);
  ctx.catalogue.derived.set(key, computed);
  return { ...computed, from, to };
}

function computeTwoStates(ctx: Pick<CallContext, 'db'>, fromAt: string, toAt: string) {
  const [a, b] = statesAt(ctx, [fromAt, toAt], beforeAt(ctx)) as [ObjectState[], ObjectState[]];
  return { states: [a, b] as const, places: [placesAt(ctx, fromAt), placesAt(ctx, toAt)] as const };
}

type Comparison = Output<'measures.compareObjects'>['items'][number];

/** Object numbers in a registrar's order (see numberSortKey). */
export const bySortKey = (a: { sortKey: string }, b: { sortKey: string }) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);

/** Every object's place and condition at two milestones, with what changed. */
export function compareAll(ctx: Pick<CallContext, 'db' | 'catalogue'>, from: Milestone, to: Milestone) {
  const { states, places } = twoStates(ctx, from, to);
  const [fromPlaces, toPlaces] = places;
  const then = new Map(states[0].map((o) => [o.id, o]));
  const now = states[1];
  const rank = new Map((ctx.db.prepare(`SELECT term, position FROM terms WHERE vocabulary = 'condition'`).all() as { term: string; position: number }[]).map((r) => [r.term.toLowerCase(), r.position]));
  const place = (places: Map<string, Place>, o: ObjectState | undefined) => (o?.locationId ? places.get(o.locationId) : undefined);
  const rows = now.map((o): Comparison & { roomId: string | null; onFloor: boolean; sortKey: string; seenSinceBefore: boolean } => {
    const was = then.get(o.id);
    const a = place(fromPlaces, was);
    const b = place(toPlaces, o);
    const [ra, rb] = [rank.get(was?.condition?.toLowerCase() ?? ''), rank.get(o.condition?.toLowerCase() ?? '')];
    return {
      sortKey: o.sortKey,
      objectId: o.id,
      displayNumber: o.displayNumber,
      name: o.name,
      category: o.category,
      fromLocationCode: a?.code ?? null,
      fromLocationPath: a?.path ?? null,
      toLocationCode: b?.code ?? null,
      toLocationPath: b?.path ?? null,
      fromCondition: was?.condition ?? null,
      toCondition: o.condition,
      moved: (was?.locationId ?? null) !== o.locationId || (a?.path ?? null) !== (b?.path ?? null),
      conditionWorse: ra !== undefined && rb !== undefined && rb > ra,
      inHolding: b?.role === 'holding',
      roomId: b?.room?.id ?? null,
      onFloor: b?.role === 'floor',
      seenSinceBefore: o.seenSinceBefore,
    };
  });
  return { rows, from, to };
}

export function compareObjects(ctx: CallContext, input: ParsedInput<'measures.compareObjects'>): Output<'measures.compareObjects'> {
  const { rows } = compareAll(ctx, requireMilestone(ctx, input.fromMilestoneId), requireMilestone(ctx, input.toMilestoneId));
  const keep = {
    moved: (r: (typeof rows)[number]) => r.moved,
    not_moved: (r: (typeof rows)[number]) => !r.moved,
    condition_worse: (r: (typeof rows)[number]) => r.conditionWorse,
    still_in_holding: (r: (typeof rows)[number]) => r.inHolding,
  };
  const filtered = rows
    .filter((r) => (input.filter ? keep[input.filter](r) : true) && (input.roomId ? r.roomId === input.roomId : true))
    .sort(bySortKey);
  const offset = input.offset ?? 0;
  return {
    items: filtered.slice(offset, offset + (input.limit ?? 100)).map(({ roomId: _r, onFloor: _f, sortKey: _s, seenSinceBefore: _n, ...item }) => item),
    total: filtered.length,
  };
}
