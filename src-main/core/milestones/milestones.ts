import { AppError, type COMPARE_FILTERS, type Milestone, type Output, type ParsedInput } from '../../contract';
import type { CallContext, ReadContext } from '../context';
import { integers, measuresFor, statesAt, type History, type Snapshot } from './state';

export const BEFORE = 'Before';

export function listMilestones(ctx: Pick<CallContext, 'db'>): Milestone[] {
  return ctx.db.prepare('SELECT id, name, at, kind FROM milestones ORDER BY at, created_at').all() as Milestone[];
}

export function requireMilestone(ctx: Pick<CallContext, 'db'>, id: string): Milestone {
  const m = ctx.db.prepare('SELECT id, name, at, kind FROM milestones WHERE id = ?').get(id) as Milestone | undefined;
  if (!m) throw AppError.of('NOT_FOUND', 'milestones.notFound', { id }, { id });
  return m;
}

/** The Before milestone's time: "since Before" counts from there. */
function beforeAt(ctx: Pick<CallContext, 'db'>): string {
  return (ctx.db.prepare(`SELECT at FROM milestones WHERE kind = 'before'`).get() as { at: string } | undefined)?.at ?? '';
}

/** A new catalogue starts with its Before milestone, at the moment it is created. */
export function createBeforeMilestone(ctx: CallContext): string {
  const id = ctx.mint.id();
  ctx.db.prepare(`INSERT INTO milestones (id, name, at, kind, created_at) VALUES (?, ?, ?, 'before', ?)`).run(id, BEFORE, ctx.now, ctx.now);
  ctx.touch('milestones', id);
  return id;
}

function assertNameFree(ctx: CallContext, name: string, exceptId?: string) {
  const clash = ctx.db.prepare('SELECT id FROM milestones WHERE name = ?').get(name) as { id: string } | undefined;
  if (clash && clash.id !== exceptId) throw AppError.of('CONFLICT', 'milestones.nameTaken', { name }, { name });
}

export function createMilestone(ctx: CallContext, input: ParsedInput<'milestones.create'>): Output<'milestones.create'> {
  assertNameFree(ctx, input.name);
  const kind = input.kind ?? 'other';
  if (kind === 'after' && ctx.db.prepare(`SELECT 1 FROM milestones WHERE kind = 'after'`).get()) {
    throw AppError.of('CONFLICT', 'milestones.afterExists');
  }
  const at = input.at ? new Date(input.at).toISOString() : ctx.now;
  const m: Milestone = { id: ctx.mint.id(), name: input.name, at, kind };
  ctx.db.prepare('INSERT INTO milestones (id, name, at, kind, created_at) VALUES (?, ?, ?, ?, ?)').run(m.id, m.name, m.at, m.kind, ctx.now);
  ctx.touch('milestones', m.id);
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
  if (timeChanged && current.kind === 'before' && after && next.at > after.at) throw AppError.of('CONFLICT', 'milestones.beforeAfterEnd', { name: after.name });
  if (timeChanged && current.kind === 'after' && before && next.at < before.at) throw AppError.of('CONFLICT', 'milestones.afterBeforeStart', { name: before.name });
  // The consequences of a new time: the measures then and now, so the user sees what moving it changes.
  const then = timeChanged ? stateMeasures(ctx, current.at).overall : null;
  const now = timeChanged ? stateMeasures(ctx, next.at, current.kind === 'before' ? next.at : undefined).overall : null;
  if (!input.preview) {
    ctx.db.prepare('UPDATE milestones SET name = ?, at = ? WHERE id = ?').run(next.name, next.at, next.id);
    ctx.touch('milestones', next.id);
  }
  return { milestone: input.preview ? current : next, before: then, after: now };
}

export function deleteMilestone(ctx: CallContext, input: ParsedInput<'milestones.delete'>): Output<'milestones.delete'> {
  const m = requireMilestone(ctx, input.id);
  if (m.kind === 'before') throw AppError.of('CONFLICT', 'milestones.beforeKept');
  ctx.db.prepare('UPDATE photo_links SET milestone_id = NULL WHERE milestone_id = ?').run(m.id);
  ctx.db.prepare('DELETE FROM milestones WHERE id = ?').run(m.id);
  ctx.touch('milestones', m.id);
  return { id: m.id };
}

function stateMeasures(ctx: Pick<CallContext, 'db'>, at: string, before = beforeAt(ctx)) {
  const history = statesAt(ctx, [at], before);
  return measuresFor(history, history.at[0]!);
}

function resolveTime(ctx: ReadContext, input: { milestoneId?: string | undefined; at?: string | undefined }): string {
  if (input.milestoneId) return requireMilestone(ctx, input.milestoneId).at;
  return input.at ? new Date(input.at).toISOString() : ctx.now;
}

export function measuresAt(ctx: ReadContext, input: ParsedInput<'measures.at'>): Output<'measures.at'> {
  const at = resolveTime(ctx, input);
  return { at, ...stateMeasures(ctx, at) };
}

export function compareMeasures(ctx: ReadContext, input: ParsedInput<'measures.compare'>): Output<'measures.compare'> {
  const { from, to, history } = twoStates(ctx, requireMilestone(ctx, input.fromMilestoneId), requireMilestone(ctx, input.toMilestoneId));
  return {
    from: { at: from.at, ...measuresFor(history, history.at[0]!) },
    to: { at: to.at, ...measuresFor(history, history.at[1]!) },
  };
}

interface TwoStates {
  history: History;
  /** Positions in the history, in a registrar's order of object numbers (see numberSortKey). */
  order: number[];
}

/**
 * The catalogue at two milestones, computed in one pass over history. Kept until the next change, so that the
 * measures, the per-object comparison and the report of one comparison are computed once.
 */
function twoStates(ctx: Pick<CallContext, 'db' | 'catalogue'>, from: Milestone, to: Milestone): TwoStates & { from: Milestone; to: Milestone } {
  const key = `twoStates ${from.at} ${to.at}`;
  let computed = ctx.catalogue.derived.get(key) as TwoStates | undefined;
  if (!computed) {
    const history = statesAt(ctx, [from.at, to.at], beforeAt(ctx));
    const sorted = ctx.db.prepare('SELECT group_concat(rowid) FROM (SELECT rowid FROM objects ORDER BY sort_key, rowid)').pluck().get() as string | null;
    const order = Array.from(integers(sorted), history.positionOf).filter((p) => p !== undefined);
    computed = { history, order };
    ctx.catalogue.derived.set(key, computed);
  }
  return { ...computed, from, to };
}

type Comparison = Output<'measures.compareObjects'>['items'][number];

/** One object's place and condition at two milestones, with what changed; its id, number and name are read apart. */
export type Change = Omit<Comparison, 'objectId' | 'displayNumber' | 'name'> & { rowid: number; roomId: string | null; onFloor: boolean; seenSinceBefore: boolean };

/** Compares the objects recorded by the later milestone, by position in the history. */
function comparer(ctx: Pick<CallContext, 'db'>, { history }: TwoStates) {
  const [then, now] = history.at as [Snapshot, Snapshot];
  const rank = new Map(
    (ctx.db.prepare(`SELECT term, position FROM terms WHERE vocabulary = 'condition'`).all() as { term: string; position: number }[]).map((r) => [
      r.term.toLowerCase(),
      r.position,
    ]),
  );
  const conditions = (p: number) => [then.present[p] ? (then.condition[p] ?? null) : null, now.condition[p] ?? null] as const;
  const compare = {
    recorded: (p: number) => now.present[p] === 1,
    moved(p: number) {
      const [a, b] = [then.place[p], now.place[p]];
      return a?.id !== b?.id || a?.path !== b?.path;
    },
    conditionWorse(p: number) {
      const [from, to] = conditions(p).map((term) => rank.get(term?.toLowerCase() ?? ''));
      return from !== undefined && to !== undefined && to > from;
    },
    inHolding: (p: number) => now.place[p]?.role === 'holding',
    roomId: (p: number) => now.place[p]?.room?.id ?? null,
    change(p: number): Change {
      const [a, b] = [then.place[p], now.place[p]];
      const [fromCondition, toCondition] = conditions(p);
      return {
        rowid: history.rowids[p]!,
        category: history.category[p] ?? null,
        fromLocationCode: a?.code ?? null,
        fromLocationPath: a?.path ?? null,
        toLocationCode: b?.code ?? null,
        toLocationPath: b?.path ?? null,
        fromCondition,
        toCondition,
        moved: compare.moved(p),
        conditionWorse: compare.conditionWorse(p),
        inHolding: compare.inHolding(p),
        roomId: compare.roomId(p),
        onFloor: b?.role === 'floor',
        seenSinceBefore: now.seen[p] === 1,
      };
    },
  };
  return compare;
}

/** What a comparison says of these objects, with their ids, numbers and names. */
export function describeChanges(ctx: Pick<CallContext, 'db'>, changes: Change[]): (Comparison & Change)[] {
  const rows = ctx.db
    .prepare('SELECT rowid, id AS objectId, coalesce(number, temp_number) AS displayNumber, name FROM objects WHERE rowid IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(changes.map((c) => c.rowid))) as { rowid: number; objectId: string; displayNumber: string; name: string }[];
  const byRowid = new Map(rows.map(({ rowid, ...names }) => [rowid, names]));
  return changes.map((c) => ({ ...c, ...byRowid.get(c.rowid)! }));
}

/** Every object's place and condition at two milestones, with what changed, in a registrar's order. */
export function compareAll(ctx: Pick<CallContext, 'db' | 'catalogue'>, from: Milestone, to: Milestone): { rows: (Comparison & Change)[] } {
  return { rows: describeChanges(ctx, changesBetween(ctx, from, to)) };
}

/** What changed for every object between two milestones, in a registrar's order, without reading numbers and names. */
export function changesBetween(ctx: Pick<CallContext, 'db' | 'catalogue'>, from: Milestone, to: Milestone): Change[] {
  const states = twoStates(ctx, from, to);
  const compare = comparer(ctx, states);
  return states.order.filter(compare.recorded).map(compare.change);
}

type Comparer = ReturnType<typeof comparer>;

const FILTERS: Record<(typeof COMPARE_FILTERS)[number], (compare: Comparer, p: number) => boolean> = {
  moved: (compare, p) => compare.moved(p),
  not_moved: (compare, p) => !compare.moved(p),
  condition_worse: (compare, p) => compare.conditionWorse(p),
  still_in_holding: (compare, p) => compare.inHolding(p),
};

export function compareObjects(ctx: ReadContext, input: ParsedInput<'measures.compareObjects'>): Output<'measures.compareObjects'> {
  const states = twoStates(ctx, requireMilestone(ctx, input.fromMilestoneId), requireMilestone(ctx, input.toMilestoneId));
  const compare = comparer(ctx, states);
  const { filter, roomId } = input;
  const keep = (p: number) => compare.recorded(p) && (!filter || FILTERS[filter](compare, p)) && (!roomId || compare.roomId(p) === roomId);
  const offset = input.offset ?? 0;
  const limit = input.limit ?? 100;
  const page: Change[] = [];
  let total = 0;
  for (const p of states.order) {
    if (!keep(p)) continue;
    if (total >= offset && page.length < limit) page.push(compare.change(p));
    total++;
  }
  return {
    items: describeChanges(ctx, page).map(({ rowid: _id, roomId: _r, onFloor: _f, seenSinceBefore: _n, ...item }) => item),
    total,
  };
}
